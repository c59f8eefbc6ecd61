// Where the database's master key lives. The desktop app keeps it sealed by the OS (Electron safeStorage:
// DPAPI, Keychain, libsecret; see hosts/electron/safe-storage-key-store.ts). The web host and the CLI have
// no OS key store to ask, so they keep it in a file only the user can read, and say so every time: a
// copy of that folder is a copy of the patient data.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from './errors';
import { MASTER_KEY_BYTES } from './pii-cipher';

export interface KeyStore {
  /** The 32-byte master key; created (once, even with several processes racing) on first use. */
  getOrCreateKey(): Promise<Uint8Array>;
  /** Keeps `key` as this installation's key, replacing any other (a restored backup's key). */
  importKey(key: Uint8Array): Promise<void>;
}

function checkKeyLength(key: Uint8Array): void {
  if (key.length !== MASTER_KEY_BYTES) throw new StoreError('key-unavailable', `a database key has ${MASTER_KEY_BYTES} bytes, not ${key.length}`);
}

export const FILE_KEY_WARNING =
  'the database key is kept in a file that the operating system does not protect (web host / CLI); anyone who can read it and the database can read patient data';

const HEADER = 'tiepdon-db-key v1';

function encode(key: Uint8Array): string {
  return `${HEADER}\n${Buffer.from(key).toString('base64')}\n`;
}

function decode(text: string, file: string): Uint8Array {
  const [header, body] = text.split('\n');
  const key = header === HEADER && body ? Buffer.from(body, 'base64') : Buffer.alloc(0);
  if (key.length !== MASTER_KEY_BYTES) throw new StoreError('key-unavailable', `${file} is not a tiepdon database key`);
  return new Uint8Array(key);
}

export interface FileKeyStoreOptions {
  /** Told on every use (stderr in the CLI, the log and the UI banner in the web host). */
  warn?: (message: string) => void;
}

export class FileKeyStore implements KeyStore {
  constructor(
    readonly file: string,
    private readonly options: FileKeyStoreOptions = {},
  ) {}

  async getOrCreateKey(): Promise<Uint8Array> {
    let created = false;
    let key = this.read();
    if (!key) ({ key, created } = this.create());
    this.options.warn?.(`${created ? 'created' : 'using'} ${this.file}: ${FILE_KEY_WARNING}`);
    return key;
  }

  async importKey(key: Uint8Array): Promise<void> {
    checkKeyLength(key);
    replaceFile(this.file, encode(key));
  }

  private read(): Uint8Array | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('key-unavailable', `cannot read ${this.file}`, { cause: error });
    }
    // A key file others can read (copied, unpacked from a backup) is tightened rather than refused.
    if (process.platform !== 'win32' && (statSync(this.file).mode & 0o077) !== 0) {
      chmodSync(this.file, 0o600);
      this.options.warn?.(`${this.file} was readable by other users; its rights are now 0600`);
    }
    return decode(text, this.file);
  }

  private create(): { key: Uint8Array; created: boolean } {
    const key = new Uint8Array(randomBytes(MASTER_KEY_BYTES));
    if (createFileOnce(this.file, encode(key))) return { key, created: true };
    return { key: decode(readFileSync(this.file, 'utf8'), this.file), created: false };
  }
}

/**
 * Writes `contents` to `file` unless it exists; true if this call created it. The bytes go whole to a
 * private temporary file, are flushed, then linked into place: link fails if another process got there
 * first, so racing processes agree on one file and nobody ever reads half of it.
 */
export function createFileOnce(file: string, contents: string | Uint8Array): boolean {
  const temp = writePrivateTemp(file, contents);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StoreError('key-unavailable', `cannot create ${file}`, { cause: error });
    return false;
  } finally {
    unlinkSync(temp);
  }
}

/** The bytes whole in a private temporary file beside `file`, flushed; its path. */
function writePrivateTemp(file: string, contents: string | Uint8Array): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/** Writes `contents` to `file` whole, replacing what was there (temporary file, flushed, renamed). */
export function replaceFile(file: string, contents: string | Uint8Array): void {
  renameSync(writePrivateTemp(file, contents), file);
}

/** A key held in memory: tests, and hosts that got the key elsewhere. */
export class StaticKeyStore implements KeyStore {
  constructor(private key: Uint8Array) {}

  async getOrCreateKey(): Promise<Uint8Array> {
    return this.key;
  }

  async importKey(key: Uint8Array): Promise<void> {
    checkKeyLength(key);
    this.key = key;
  }
}
