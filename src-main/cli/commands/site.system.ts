// `tiepdon site init|status|queue` against a PostgreSQL cluster of the test's own.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../dev/testing/fakes';
import { usePgCluster } from '../../dev/testing/pg-suite';
import type { CliIo } from '../io';
import { SITE_SCHEMA_VERSION } from '../../site-store/migrations';
import { siteCommand } from './site';

const pg = usePgCluster();

async function site(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = await siteCommand(args, io);
  return { code, json: () => JSON.parse(out.join('\n')), stderr: err.join('\n') };
}

describe('tiepdon site', () => {
  it('init creates the schema and an enrolment file (0600); again keeps the key; status shows the site', async () => {
    const url = pg.cluster.newDatabase();
    const file = join(tempDir(), 'site.enrol');
    const first = await site('init', '--url', url, '--enrolment-out', file, '--passphrase', 'mật khẩu IT 2026', '--demo', '--json');
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ demo: true, schemaVersion: SITE_SCHEMA_VERSION, created: true, newKey: false, enrolment: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = readFileSync(file, 'utf8');

    const again = await site('init', '--url', url, '--enrolment-out', file, '--passphrase', 'mật khẩu IT 2026', '--demo', '--json');
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ siteId: first.json().siteId, created: false, newKey: false });
    expect(readFileSync(file, 'utf8')).toBe(written);

    const wrong = await site('init', '--url', url, '--enrolment-out', file, '--passphrase', 'not the passphrase', '--demo', '--json');
    expect(wrong.code).toBe(1);
    expect(wrong.json()).toEqual({ error: { code: 'enrolment-invalid', message: expect.any(String) } });
    const production = await site('init', '--url', url, '--enrolment-out', file, '--passphrase', 'mật khẩu IT 2026', '--json');
    expect(production.code).toBe(2);
    expect(production.json().error.code).toBe('refused');

    const rekey = await site('init', '--url', url, '--enrolment-out', file, '--passphrase', 'mật khẩu IT 2026', '--demo', '--new-key', '--json');
    expect(rekey.json()).toMatchObject({ created: false, newKey: true });
    expect(readFileSync(file, 'utf8')).not.toBe(written);

    const status = await site('status', '--url', url, '--json');
    expect(status.code).toBe(0);
    expect(status.json()).toEqual({ schemaVersion: SITE_SCHEMA_VERSION, demo: true, siteId: first.json().siteId, stations: [] });
    const queue = await site('queue', '--url', url, '--date', '2026-03-15', '--json');
    expect(queue.json()).toEqual([]);
  });

  it('says what is wrong, with a code, for a database never initialised and for a server that is not there', async () => {
    const url = pg.cluster.newDatabase();
    const status = await site('status', '--url', url, '--json');
    expect(status.code).toBe(1);
    expect(status.json().error.code).toBe('not-initialised');
    const away = await site('status', '--url', 'postgres://tiepdon@127.0.0.1:1/site', '--json');
    expect(away.code).toBe(1);
    expect(away.json().error.code).toBe('unreachable');
    const file = join(tempDir(), 'site.enrol');
    const bad = await site('init', '--url', 'http://example.org/', '--enrolment-out', file, '--passphrase', 'long enough', '--json');
    expect(bad.code).toBe(2);
    expect(bad.json().error.code).toBe('invalid');
    expect(existsSync(file)).toBe(false);
  });
});
