// Patients, keyed by their ID number through its blind index: the same person checking in twice is one
// row, and the number itself is only ever stored sealed.
import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from './database';
import type { PiiCipher } from './pii-cipher';
import type { PatientIdentity, Provenance } from './records';

/**
 * A later check-in replaces the stored identity only with one at least as trustworthy: a typed name
 * does not overwrite what an authenticated chip said (staff correct a chip's data by hand elsewhere).
 */
const TRUST: Record<Provenance, number> = {
  'chip-authentic': 4,
  'chip-unverified': 3,
  'qr-only': 2,
  'vneid-shown': 1,
  'vssid-shown': 1,
  typed: 1,
};

interface PatientRow {
  id_number_box: Buffer | null;
  full_name_box: Buffer | null;
  date_of_birth_box: Buffer | null;
  address_box: Buffer | null;
  sex: PatientIdentity['sex'];
}

export class PatientRepository {
  private readonly byIndex;
  private readonly insert;
  private readonly replace;
  private readonly touch;
  private readonly identity;

  constructor(
    db: SqliteDatabase,
    private readonly cipher: PiiCipher,
  ) {
    this.byIndex = db.prepare<[Buffer], { id: string; provenance: Provenance }>('SELECT id, provenance FROM patients WHERE id_number_index = ?');
    this.insert = db.prepare(
      `INSERT INTO patients (id, id_number_index, id_number_box, full_name_box, date_of_birth_box, address_box, sex, provenance, created_at, updated_at)
       VALUES (@id, @index, @idNumber, @fullName, @dateOfBirth, @address, @sex, @provenance, @at, @at)`,
    );
    this.replace = db.prepare(
      `UPDATE patients SET id_number_box = @idNumber, full_name_box = @fullName, date_of_birth_box = @dateOfBirth, address_box = @address,
         sex = @sex, provenance = @provenance, updated_at = @at WHERE id = @id`,
    );
    this.touch = db.prepare('UPDATE patients SET updated_at = ? WHERE id = ?');
    this.identity = db.prepare<[string], PatientRow>('SELECT id_number_box, full_name_box, date_of_birth_box, address_box, sex FROM patients WHERE id = ?');
  }

  /** The patient's id, inserting or refreshing the row. Call inside a transaction. */
  upsert(person: PatientIdentity, provenance: Provenance, at: string): string {
    const index = this.cipher.blindIndex('patient-id-number', person.idNumber);
    const existing = this.byIndex.get(index);
    if (existing && TRUST[provenance] < TRUST[existing.provenance]) {
      this.touch.run(at, existing.id);
      return existing.id;
    }
    const sealed = {
      idNumber: this.cipher.seal('patients.id_number', person.idNumber),
      fullName: this.cipher.seal('patients.full_name', person.fullName),
      dateOfBirth: this.cipher.seal('patients.date_of_birth', person.dateOfBirth),
      address: person.address === null ? null : this.cipher.seal('patients.address', person.address),
      sex: person.sex,
      provenance,
      at,
    };
    if (existing) {
      this.replace.run({ ...sealed, id: existing.id });
      return existing.id;
    }
    const id = randomUUID();
    this.insert.run({ ...sealed, id, index });
    return id;
  }

  /** The decrypted identity; null once retention has purged it. */
  identityOf(patientId: string): PatientIdentity | null {
    const row = this.identity.get(patientId);
    if (!row?.id_number_box || !row.full_name_box || !row.date_of_birth_box) return null;
    return {
      idNumber: this.cipher.open('patients.id_number', row.id_number_box),
      fullName: this.cipher.open('patients.full_name', row.full_name_box),
      dateOfBirth: this.cipher.open('patients.date_of_birth', row.date_of_birth_box),
      sex: row.sex,
      address: row.address_box ? this.cipher.open('patients.address', row.address_box) : null,
    };
  }

  /** The patient with this ID number, if known (search at the desk). */
  findByIdNumber(idNumber: string): string | null {
    return this.byIndex.get(this.cipher.blindIndex('patient-id-number', idNumber))?.id ?? null;
  }
}
