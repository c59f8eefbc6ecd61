// Staff who check patients in and look them up: named in every lookup (CV 1923) and in the audit log.
// Their ID numbers are personal data too, so they are sealed and found through a blind index.
import type { SqliteDatabase } from './database';
import { StoreError } from './errors';
import type { PiiCipher } from './pii-cipher';
import type { StaffMember } from './records';

export class StaffRepository {
  private readonly upsertRow;
  private readonly byId;

  constructor(
    db: SqliteDatabase,
    private readonly cipher: PiiCipher,
  ) {
    this.upsertRow = db.prepare<{ index: Buffer; idNumber: Buffer; fullName: Buffer; at: string }, { id: number }>(
      `INSERT INTO staff (id_number_index, id_number_box, full_name_box, created_at) VALUES (@index, @idNumber, @fullName, @at)
       ON CONFLICT (id_number_index) DO UPDATE SET full_name_box = excluded.full_name_box
       RETURNING id`,
    );
    this.byId = db.prepare<[number], { id_number_box: Buffer; full_name_box: Buffer }>('SELECT id_number_box, full_name_box FROM staff WHERE id = ?');
  }

  /** The staff member's row id; the name is refreshed (registrations get corrected). */
  ensure(staff: StaffMember, at: string): number {
    return this.upsertRow.get({
      index: this.cipher.blindIndex('staff-id-number', staff.idNumber),
      idNumber: this.cipher.seal('staff.id_number', staff.idNumber),
      fullName: this.cipher.seal('staff.full_name', staff.fullName),
      at,
    })!.id;
  }

  get(id: number): StaffMember {
    const row = this.byId.get(id);
    if (!row) throw new StoreError('not-found', `staff ${id}`);
    return { idNumber: this.cipher.open('staff.id_number', row.id_number_box), fullName: this.cipher.open('staff.full_name', row.full_name_box) };
  }
}
