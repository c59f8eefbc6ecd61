import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../dev/testing/fakes';
import { FileKeyStore } from './key-store';

describe('the key file of the web host and the CLI', () => {
  it('is created once with rights 0600, and says every time that the OS does not protect it', async () => {
    const file = join(tempDir(), 'data', 'tiepdon-db.key');
    const warnings: string[] = [];
    const store = new FileKeyStore(file, { warn: (message) => warnings.push(message) });
    const key = await store.getOrCreateKey();
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^tiepdon-db-key v1\n[A-Za-z0-9+/]{43}=\n$/);
    expect(await new FileKeyStore(file).getOrCreateKey()).toEqual(key);
    await store.getOrCreateKey();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^created .*not protect/);
    expect(warnings[1]).toMatch(/^using /);
  });

  it('gives every racing process the same key', async () => {
    const file = join(tempDir(), 'tiepdon-db.key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => new FileKeyStore(file).getOrCreateKey()));
    for (const key of keys) expect(key).toEqual(keys[0]);
  });

  it('tightens a key file others can read, and refuses one that is not a key', async () => {
    const file = join(tempDir(), 'tiepdon-db.key');
    await new FileKeyStore(file).getOrCreateKey();
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    await new FileKeyStore(file, { warn: (message) => warnings.push(message) }).getOrCreateKey();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings[0]).toMatch(/readable by other users/);
    writeFileSync(file, 'not a key', { mode: 0o600 });
    await expect(new FileKeyStore(file).getOrCreateKey()).rejects.toMatchObject({ code: 'key-unavailable' });
  });
});
