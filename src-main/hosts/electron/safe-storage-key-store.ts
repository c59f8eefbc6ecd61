// The database key in the desktop app: 32 random bytes sealed by Electron's safeStorage (DPAPI on
// Windows, the Keychain on macOS, libsecret/kwallet on Linux) and kept sealed in a file in userData. A
// copy of the data folder is then useless on another machine or account. Electron's `safeStorage` is
// passed in (call this after `app.whenReady()`), so this file, like everything but main.ts, never
// imports electron and is tested against a fake.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createFileOnce, MASTER_KEY_BYTES, replaceFile, StoreError, type KeyStore } from '../../store';

/** The part of Electron's `safeStorage` this needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store safeStorage ended up with. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageKeyStoreOptions {
  /** Told when the OS store is weak (Linux without a keyring: a fixed password, in effect plain text). */
  warn?: (message: string) => void;
}

export const WEAK_BACKEND_WARNING =
  'no desktop keyring (libsecret or kwallet) is available: the database key is protected by a fixed password only';

export class SafeStorageKeyStore implements KeyStore {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    /** e.g. join(app.getPath('userData'), 'db-key.sealed') */
    readonly file: string,
    private readonly options: SafeStorageKeyStoreOptions = {},
  ) {}

  async getOrCreateKey(): Promise<Uint8Array> {
    if (!this.safeStorage.isEncryptionAvailable()) throw new StoreError('key-unavailable', 'the operating system key store is not available');
    if (this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') this.options.warn?.(WEAK_BACKEND_WARNING);
    const sealed = this.read();
    if (sealed) return this.open(sealed);
    const key = randomBytes(MASTER_KEY_BYTES);
    if (createFileOnce(this.file, this.safeStorage.encryptString(key.toString('base64')))) return new Uint8Array(key);
    return this.open(this.read()!);
  }

  /** A restored backup's key goes straight into the OS key store: it never lands in a plain file. */
  async importKey(key: Uint8Array): Promise<void> {
    if (!this.safeStorage.isEncryptionAvailable()) throw new StoreError('key-unavailable', 'the operating system key store is not available');
    if (key.length !== MASTER_KEY_BYTES) throw new StoreError('key-unavailable', `a database key has ${MASTER_KEY_BYTES} bytes, not ${key.length}`);
    replaceFile(this.file, this.safeStorage.encryptString(Buffer.from(key).toString('base64')));
  }

  private read(): Buffer | null {
    try {
      return readFileSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('key-unavailable', `cannot read ${this.file}`, { cause: error });
    }
  }

  /** Another user, another machine or a reset keyring cannot open it: said plainly, never replaced. */
  private open(sealed: Buffer): Uint8Array {
    let key: Buffer;
    try {
      key = Buffer.from(this.safeStorage.decryptString(sealed), 'base64');
    } catch (cause) {
      throw new StoreError('key-unavailable', `${this.file} cannot be opened by this user's key store`, { cause });
    }
    if (key.length !== MASTER_KEY_BYTES) throw new StoreError('key-unavailable', `${this.file} is not a tiepdon database key`);
    return new Uint8Array(key);
  }
}
