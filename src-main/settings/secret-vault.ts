// The installation's secrets — the gateway password's hash, the PIN hashes, the facility's PKCS#12 and its
// password, the HIS's token or password — sealed in one file with a key derived from the installation's master key. The master key
// comes from the KeyStore: Electron's safeStorage (DPAPI, Keychain, libsecret) in the desktop app, a 0600
// file in the web host and the CLI. So in the desktop app every secret is as safe as the OS key store,
// and a copied data folder opens nowhere else.
import { CodedError, type Words } from '../contract/errors';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const Secrets = z.object({
  gatewayPasswordHash: z.string().nullable(),
  kioskPinHash: z.string().nullable(),
  adminPinHash: z.string().nullable(),
  /** The PKCS#12 as given (base64) and the password that opens it. */
  certificate: z.object({ p12: z.string(), password: z.string() }).nullable(),
  /** The hospital HIS's bearer token or basic-auth password (absent from vaults written before it). */
  hisSecret: z.string().nullable().default(null),
});
export type Secrets = z.infer<typeof Secrets>;

export const NO_SECRETS: Secrets = { gatewayPasswordHash: null, kioskPinHash: null, adminPinHash: null, certificate: null, hisSecret: null };

const Sealed = z.object({ v: z.literal(1), nonce: z.string(), box: z.string(), tag: z.string() });
const AAD = Buffer.from('tiepdon settings secrets v1');

export class VaultError extends CodedError {
  readonly code = 'vault';
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }

  get words(): Words {
    return { vi: 'Không mở được kho bí mật của cài đặt (mật khẩu, chứng thư).', en: "The settings' secrets vault could not be opened." };
  }

  get retryable(): boolean {
    return false;
  }
}

export class SecretVault {
  private readonly key: Buffer;

  constructor(
    readonly file: string,
    masterKey: Uint8Array,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.from('tiepdon/settings/v1'), Buffer.from('secrets-aead'), 32));
  }

  read(): Secrets {
    if (!existsSync(this.file)) return { ...NO_SECRETS };
    try {
      const sealed = Sealed.parse(JSON.parse(readFileSync(this.file, 'utf8')));
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.nonce, 'base64'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.box, 'base64')), decipher.final()]);
      return Secrets.parse(JSON.parse(plain.toString('utf8')));
    } catch {
      // Never silently start without them: a wrong key (another machine, another account) or a damaged file.
      throw new VaultError(`${this.file} cannot be opened with this installation's key (copied from another computer, or damaged)`);
    }
  }

  write(secrets: Secrets): void {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(AAD);
    const box = Buffer.concat([cipher.update(JSON.stringify(Secrets.parse(secrets)), 'utf8'), cipher.final()]);
    const sealed = { v: 1, nonce: nonce.toString('base64'), box: box.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(sealed), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
