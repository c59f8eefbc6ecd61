import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../dev/testing/fakes';
import { SafeStorageKeyStore, WEAK_BACKEND_WARNING, type SafeStorageLike } from './safe-storage-key-store';

/** Stands in for Electron's safeStorage: a per-"user" secret, as DPAPI or the Keychain would hold. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; secret?: Buffer } = {}): SafeStorageLike & { calls: string[] } {
  const secret = options.secret ?? randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(plain) {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]);
    },
    decryptString(sealed) {
      calls.push('decrypt');
      const decipher = createDecipheriv('aes-256-gcm', secret, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
    },
    ...(options.backend ? { getSelectedStorageBackend: () => options.backend! } : {}),
  };
}

describe('the desktop app’s database key, sealed by the OS (safeStorage)', () => {
  it('is created once, kept only sealed (0600), and opened again by the same user', async () => {
    const file = join(tempDir(), 'userData', 'db-key.sealed');
    const storage = fakeSafeStorage();
    const key = await new SafeStorageKeyStore(storage, file).getOrCreateKey();
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).includes(Buffer.from(Buffer.from(key).toString('base64')))).toBe(false);
    expect(await new SafeStorageKeyStore(storage, file).getOrCreateKey()).toEqual(key);
    expect(storage.calls).toEqual(['encrypt', 'decrypt']);
  });

  it('refuses to work without the OS key store rather than fall back silently', async () => {
    await expect(new SafeStorageKeyStore(fakeSafeStorage({ available: false }), join(tempDir(), 'k')).getOrCreateKey()).rejects.toMatchObject({ code: 'key-unavailable' });
  });

  it('another user (or machine) cannot open the file, and it is not replaced by a new key', async () => {
    const file = join(tempDir(), 'db-key.sealed');
    await new SafeStorageKeyStore(fakeSafeStorage(), file).getOrCreateKey();
    const before = readFileSync(file);
    await expect(new SafeStorageKeyStore(fakeSafeStorage(), file).getOrCreateKey()).rejects.toThrow(/cannot be opened/);
    expect(readFileSync(file)).toEqual(before);
  });

  it('warns when Linux has no keyring (basic_text), and refuses a file that is not a key', async () => {
    const warnings: string[] = [];
    const secret = randomBytes(32);
    const file = join(tempDir(), 'db-key.sealed');
    await new SafeStorageKeyStore(fakeSafeStorage({ backend: 'basic_text', secret }), file, { warn: (message) => warnings.push(message) }).getOrCreateKey();
    expect(warnings).toEqual([WEAK_BACKEND_WARNING]);
    writeFileSync(file, fakeSafeStorage({ secret }).encryptString('c2hvcnQ='));
    await expect(new SafeStorageKeyStore(fakeSafeStorage({ secret }), file).getOrCreateKey()).rejects.toThrow(/not a tiepdon database key/);
  });
});
