// Personal data at rest (issue 8; Decree 13/2023 on personal data): every PII column holds an AES-256-GCM
// box, and ID numbers that must stay searchable also get a keyed blind index. Both keys are derived from
// one master key (from the KeyStore) with HKDF, so the index key cannot decrypt and the box key cannot
// be used to test guesses against the index.
//
// Box layout: version (1 byte) ‖ nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes). The additional
// authenticated data is the column ("patients.full_name"), so a box copied into another column fails to
// open instead of showing, say, an address as a name. A random 96-bit nonce is safe far beyond the
// number of values one desk writes (NIST SP 800-38D §8.3: 2^32 boxes per key).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { StoreError } from './errors';

/** The columns that hold boxes; the name is the AAD. */
export type PiiColumn =
  | 'patients.id_number'
  | 'patients.full_name'
  | 'patients.date_of_birth'
  | 'patients.address'
  | 'staff.id_number'
  | 'staff.full_name'
  | 'visits.reason'
  | 'visits.photo'
  | 'visits.cancel_reason'
  | 'visit_corrections.reason'
  | 'eligibility_results.result';

/** What a blind index is computed over; the kind keeps a staff ID from matching a patient's. */
export type BlindIndexKind = 'patient-id-number' | 'staff-id-number';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

function derive(master: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from('tiepdon/store/v1'), Buffer.from(info), 32));
}

export class PiiCipher {
  private readonly boxKey: Buffer;
  private readonly indexKey: Buffer;
  private readonly checkKey: Buffer;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== MASTER_KEY_BYTES) throw new StoreError('key-unavailable', `the master key must be ${MASTER_KEY_BYTES} bytes`);
    this.boxKey = derive(masterKey, 'pii-aead');
    this.indexKey = derive(masterKey, 'pii-blind-index');
    this.checkKey = derive(masterKey, 'key-check');
  }

  seal(column: PiiColumn, plain: string | Uint8Array): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.boxKey, nonce);
    cipher.setAAD(Buffer.from(column, 'utf8'));
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
  }

  openBytes(column: PiiColumn, box: Uint8Array): Buffer {
    if (box.length < 1 + NONCE_BYTES + TAG_BYTES || box[0] !== VERSION) throw new StoreError('decrypt-failed', `${column}: not a sealed value`);
    const bytes = Buffer.from(box.buffer, box.byteOffset, box.byteLength);
    const decipher = createDecipheriv('aes-256-gcm', this.boxKey, bytes.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(Buffer.from(column, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    } catch (cause) {
      throw new StoreError('decrypt-failed', `${column}: authentication failed`, { cause });
    }
  }

  open(column: PiiColumn, box: Uint8Array): string {
    return this.openBytes(column, box).toString('utf8');
  }

  sealJson(column: PiiColumn, value: unknown): Buffer {
    return this.seal(column, JSON.stringify(value));
  }

  openJson<T>(column: PiiColumn, box: Uint8Array): T {
    return JSON.parse(this.open(column, box)) as T;
  }

  /** HMAC-SHA-256 over the normalised value: equal inputs give equal indexes, and nothing else leaks. */
  blindIndex(kind: BlindIndexKind, value: string): Buffer {
    return createHmac('sha256', this.indexKey).update(`${kind}\u0000${normaliseIdentifier(value)}`, 'utf8').digest();
  }

  /** A fingerprint of the key stored with the database, so opening it with another key fails at once. */
  keyCheck(): Buffer {
    return createHmac('sha256', this.checkKey).update('tiepdon key check', 'utf8').digest();
  }

  matchesKeyCheck(stored: Uint8Array): boolean {
    const mine = this.keyCheck();
    return stored.length === mine.length && timingSafeEqual(mine, stored);
  }
}

/** ID and passport numbers: no spaces, upper case (passport numbers carry letters). */
export function normaliseIdentifier(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, '').toUpperCase();
}
