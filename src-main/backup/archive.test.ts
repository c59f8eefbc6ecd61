// The backup file's format: what a passphrase opens, and what a crafted or damaged file cannot make it do.
import { describe, expect, it } from 'vitest';
import { BackupError, openArchive, sealArchive } from './archive';

const contents = new Uint8Array(Buffer.from('the installation, in one piece'));
const composed = 'Mật khẩu của phòng khám';

async function refusal(archive: Uint8Array, passphrase: string): Promise<string> {
  const error = await openArchive(archive, passphrase).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(BackupError);
  return (error as BackupError).code;
}

describe('backup archive', () => {
  it('opens with the same Vietnamese passphrase however it was typed (composed or decomposed)', async () => {
    const archive = await sealArchive(contents, composed);
    expect(await openArchive(archive, composed.normalize('NFD'))).toEqual(contents);
    expect(await refusal(archive, 'Mat khau cua phong kham')).toBe('wrong-passphrase');
  });

  it('authenticates the header too: a changed salt reads as a wrong passphrase, a changed tag as damage', async () => {
    const archive = await sealArchive(contents, composed);
    const salt = Uint8Array.from(archive);
    salt[25]! ^= 0x01;
    expect(await refusal(salt, composed)).toBe('wrong-passphrase');
    const tag = Uint8Array.from(archive);
    tag[tag.length - 1]! ^= 0x01;
    expect(await refusal(tag, composed)).toBe('damaged');
    expect(await refusal(archive.subarray(0, 80), composed)).toBe('damaged');
  });

  it('refuses a header asking for a key derivation this machine should not run, without running it', async () => {
    const archive = Uint8Array.from(await sealArchive(contents, composed));
    archive[17] = 30; // log2(N): 2^30 would take 128 GiB
    const started = Date.now();
    expect(await refusal(archive, composed)).toBe('damaged');
    expect(Date.now() - started).toBeLessThan(200);
    const newer = Uint8Array.from(archive);
    newer[15] = 2;
    expect(await refusal(newer, composed)).toBe('unsupported-version');
    expect(await refusal(new Uint8Array(Buffer.from('PK\u0003\u0004 a zip file')), composed)).toBe('not-a-backup');
  });

  it('two backups of the same contents share no salt, nonce or bytes', async () => {
    const [a, b] = await Promise.all([sealArchive(contents, composed), sealArchive(contents, composed)]);
    expect(Buffer.from(a.subarray(20, 48)).equals(Buffer.from(b.subarray(20, 48)))).toBe(false);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
