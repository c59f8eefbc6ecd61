// The enrolment file `site init` writes and each station reads once: the site key (32 bytes), sealed
// with AES-256-GCM under a key derived from the passphrase by scrypt (RFC 7914; N=2^15, r=8, p=1: about
// 32 MiB and a tenth of a second, so guessing passphrases costs). The site's id and demo flag are in
// clear for the error messages, and authenticated as the AAD, so a file edited to say "production"
// does not open. Scrypt parameters from the file are bounded, together, to four times what this build
// writes: a hostile file (the setup screen's check opens one without the admin PIN) cannot make a station
// spend gigabytes, nor block its core for minutes (each bound alone allowed a 284-byte file costing 100 s).
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { z } from 'zod';
import { MASTER_KEY_BYTES } from '../store/pii-cipher';
import { SiteStoreError } from './errors';

export interface Enrolment {
  siteId: string;
  demo: boolean;
  /** The site key: PII boxes and blind indexes in the site store. */
  key: Uint8Array;
}

const FORMAT = 'tiepdon-site-enrolment' as const;
const KDF = { N: 2 ** 15, r: 8, p: 1 };
const MAX_KDF_COST = 4 * KDF.N * KDF.r * KDF.p;
export const MIN_PASSPHRASE = 8;

const EnrolmentFile = z.object({
  format: z.literal(FORMAT),
  v: z.literal(1),
  siteId: z.uuid(),
  demo: z.boolean(),
  kdf: z
    .object({
      name: z.literal('scrypt'),
      N: z.number().int().min(2 ** 14).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'a power of two'),
      r: z.number().int().min(1).max(16),
      p: z.number().int().min(1).max(4),
      salt: z.base64().max(64),
    })
    .refine((kdf) => kdf.N * kdf.r * kdf.p <= MAX_KDF_COST, 'scrypt cost beyond bounds'),
  nonce: z.base64().max(32),
  box: z.base64().max(256),
});
type EnrolmentFile = z.infer<typeof EnrolmentFile>;

function kek(passphrase: string, kdf: EnrolmentFile['kdf']): Buffer {
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r * kdf.p + 1024 * 1024 });
}

const aadOf = (file: Pick<EnrolmentFile, 'format' | 'v' | 'siteId' | 'demo' | 'kdf'>) =>
  Buffer.from(JSON.stringify([file.format, file.v, file.siteId, file.demo, file.kdf.name, file.kdf.N, file.kdf.r, file.kdf.p, file.kdf.salt]), 'utf8');

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE) throw new SiteStoreError('invalid', `the enrolment passphrase needs at least ${MIN_PASSPHRASE} characters`);
}

/** The file's text (JSON). */
export function sealEnrolment(enrolment: Enrolment, passphrase: string): string {
  checkPassphrase(passphrase);
  if (enrolment.key.length !== MASTER_KEY_BYTES) throw new SiteStoreError('invalid', `a site key has ${MASTER_KEY_BYTES} bytes`);
  const kdf = { name: 'scrypt' as const, ...KDF, salt: randomBytes(16).toString('base64') };
  const header = { format: FORMAT, v: 1 as const, siteId: enrolment.siteId, demo: enrolment.demo, kdf };
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek(passphrase, kdf), nonce);
  cipher.setAAD(aadOf(header));
  const box = Buffer.concat([cipher.update(enrolment.key), cipher.final(), cipher.getAuthTag()]);
  return `${JSON.stringify({ ...header, nonce: nonce.toString('base64'), box: box.toString('base64') }, null, 2)}\n`;
}

export function openEnrolment(text: string, passphrase: string): Enrolment {
  let file: EnrolmentFile;
  try {
    file = EnrolmentFile.parse(JSON.parse(text));
  } catch {
    throw new SiteStoreError('enrolment-invalid', 'not a Tiếp đón site enrolment file (or a damaged one)');
  }
  const box = Buffer.from(file.box, 'base64');
  if (box.length !== MASTER_KEY_BYTES + 16) throw new SiteStoreError('enrolment-invalid', 'the enrolment file is damaged');
  let key: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek(passphrase, file.kdf), Buffer.from(file.nonce, 'base64'));
    decipher.setAAD(aadOf(file));
    decipher.setAuthTag(box.subarray(MASTER_KEY_BYTES));
    key = Buffer.concat([decipher.update(box.subarray(0, MASTER_KEY_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new SiteStoreError('enrolment-invalid', 'wrong passphrase, or the enrolment file was altered', { cause });
  }
  return { siteId: file.siteId, demo: file.demo, key: new Uint8Array(key) };
}
