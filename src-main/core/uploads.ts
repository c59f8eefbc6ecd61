// Files that reach the core outside the contract — the web host's authenticated POST, Electron's file
// dialog — wait here under a random id for the request that uses them, so no contract message ever
// carries a certificate, a master list or a backup. Bounded in size, count and time.
import { randomBytes } from 'node:crypto';
import { ContractError, type UploadPurpose } from '../contract';
import type { Clock } from '../util/clock';

/** Largest file per purpose: a PKCS#12 is a few kB, a master list about 1 MB, a backup the whole database, a site enrolment file under 1 kB. */
export const UPLOAD_LIMITS: Record<UploadPurpose, number> = {
  certificate: 256 * 1024,
  trust: 16 * 1024 * 1024,
  backup: 512 * 1024 * 1024,
  enrolment: 16 * 1024,
};

const KEEP_MS = 10 * 60_000;
const MAX_WAITING = 8;

export class Uploads {
  private readonly waiting = new Map<string, { purpose: UploadPurpose; bytes: Uint8Array; at: number }>();

  constructor(private readonly clock: Clock) {}

  put(purpose: UploadPurpose, bytes: Uint8Array): string {
    if (bytes.length === 0) throw new ContractError('bad-request', 'the file is empty');
    if (bytes.length > UPLOAD_LIMITS[purpose]) throw new ContractError('bad-request', `the file is larger than ${UPLOAD_LIMITS[purpose]} bytes`);
    this.expire();
    while (this.waiting.size >= MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value!);
    const id = randomBytes(16).toString('hex');
    this.waiting.set(id, { purpose, bytes, at: this.clock.now().getTime() });
    return id;
  }

  /** The file, once: a second use of the id finds nothing. */
  take(id: string, purpose: UploadPurpose): Uint8Array {
    const bytes = this.get(id, purpose);
    this.waiting.delete(id);
    return bytes;
  }

  /** The file, kept for a second request (an import that first asks for the administrator's confirmation). */
  get(id: string, purpose: UploadPurpose): Uint8Array {
    this.expire();
    const upload = this.waiting.get(id);
    if (!upload || upload.purpose !== purpose) throw new ContractError('bad-request', 'that upload is no longer available; choose the file again');
    return upload.bytes;
  }

  drop(id: string): void {
    this.waiting.delete(id);
  }

  private expire(): void {
    const oldest = this.clock.now().getTime() - KEEP_MS;
    for (const [id, upload] of this.waiting) if (upload.at < oldest) this.waiting.delete(id);
  }
}
