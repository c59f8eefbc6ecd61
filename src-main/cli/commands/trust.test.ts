// `tiepdon trust`: the default list on a fresh installation, signed and unsigned imports, a tampered
// default file.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrustEntry } from '../../contract';
import { fixedClock } from '../../util/clock';
import { defaultPkiDir } from '../../dev/simulator/pki/fixtures-dir';
import { tempDir } from '../../dev/testing/fakes';
import { defaultTrustDir } from '../../trust/default-trust';
import type { CliIo } from '../io';
import { trustCommand } from './trust';

const clock = fixedClock('2026-03-15T01:30:00.000Z');

async function trust(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const status = await trustCommand(args, io, { clock });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('tiepdon trust', () => {
  it('`trust list --data-dir DIR --json` on a fresh installation: the default list, no test CSCA', () => {
    const dataDir = tempDir();
    const result = spawnSync('npm', ['run', '-s', 'tiepdon', '--', 'trust', 'list', '--data-dir', dataDir, '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    const entries = TrustEntry.array().parse(JSON.parse(result.stdout));
    expect(entries).toHaveLength(581);
    expect(entries.every((entry) => entry.source === 'default' && entry.kind === 'csca')).toBe(true);
    expect(entries.filter((entry) => entry.subject.includes('CN=CSCA ePassport Vietnam'))).toHaveLength(1);
    expect(entries.some((entry) => entry.subject.includes('TEST'))).toBe(false);
  });

  it('imports a signed master list and names its signer', async () => {
    const dataDir = tempDir();
    const imported = await trust('import', join(defaultPkiDir(), 'test-master-list.ml'), '--data-dir', dataDir);
    expect(imported).toMatchObject({ status: 0, err: '' });
    expect(imported.out).toBe(
      'Signed by C=VN, O=Tiep Don TEST PKI, CN=ML SIGNER TEST Tiep Don, whose certificate chains to C=VN, O=Tiep Don TEST PKI, CN=CSCA TEST Tiep Don (from the list).\n' +
        'Imported 2 (already present: 0) from 2 certificates and 0 CRLs.',
    );
    const list = TrustEntry.array().parse(JSON.parse((await trust('list', '--data-dir', dataDir, '--json')).out));
    expect(list.filter((entry) => entry.source === 'imported').map((entry) => entry.importedAt)).toEqual(['2026-03-15T01:30:00.000Z', '2026-03-15T01:30:00.000Z']);
  });

  it('imports an unsigned certificate only with --allow-unsigned', async () => {
    const dataDir = tempDir();
    const file = join(defaultPkiDir(), 'test-csca.pem');
    const refused = await trust('import', file, '--data-dir', dataDir, '--json');
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.out)).toEqual({ error: { code: 'unsigned-not-confirmed', message: expect.stringContaining('--allow-unsigned') } });
    expect(JSON.parse((await trust('list', '--data-dir', dataDir, '--json')).out)).toHaveLength(581);
    const allowed = await trust('import', file, '--data-dir', dataDir, '--allow-unsigned', '--json');
    expect(allowed.status).toBe(0);
    expect(JSON.parse(allowed.out)).toMatchObject({ status: 'imported', added: 1, signedBy: null });
  });

  it('refuses a signed list with one byte changed, with the reason', async () => {
    const dataDir = tempDir();
    const bytes = readFileSync(join(defaultPkiDir(), 'test-master-list.ml'));
    bytes[bytes.length - 1]! ^= 0x01;
    const file = join(dataDir, 'tampered.ml');
    writeFileSync(file, bytes);
    const refused = await trust('import', file, '--data-dir', dataDir, '--allow-unsigned');
    expect(refused.status).toBe(1);
    expect(refused.err).toContain("the master list's signature is invalid");
  });

  it('refuses to run on a tampered default list, saying which file and what to do', async () => {
    const dir = tempDir();
    cpSync(defaultTrustDir(), dir, { recursive: true });
    writeFileSync(join(dir, 'vn-csca-epassport-2022.pem'), readFileSync(join(dir, 'vn-csca-epassport-2022.pem'), 'utf8').replace('MII', 'MIJ'));
    const out: string[] = [];
    const err: string[] = [];
    const status = await trustCommand(['list', '--data-dir', tempDir()], { out: (text) => out.push(text), err: (text) => err.push(text) }, { clock, defaultTrustDir: dir });
    expect(status).toBe(1);
    expect(err.join('\n')).toMatch(/the default trust list was altered: .*vn-csca-epassport-2022\.pem has SHA-256 .*reinstall the application/);
  });
});
