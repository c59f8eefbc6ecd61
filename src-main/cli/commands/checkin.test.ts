import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../util/clock';
import { fixturePaths } from '../../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../../dev/gateway-sim/server';
import { tempDir } from '../../dev/testing/fakes';
import { SCHEMA_VERSION } from '../../store';
import type { CliIo } from '../io';
import { checkinCommand } from './checkin';
import { dbCommand } from './db';
import { setupCommand } from './setup';
import { syncCommand } from './sync';

const clock = fixedClock('2026-03-15T01:30:00.000Z');
const testCsca = fileURLToPath(new URL('../../../fixtures/pki/test-csca.pem', import.meta.url));

function bufferIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { io, out, err };
}

let sim: GatewaySim;
let closedUrl: string;
beforeAll(async () => {
  sim = await startGatewaySim({ clock });
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  closedUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => sim.close());

const account = (url: string) => [
  '--gateway', url, '--username', '01001_BV', '--password', 'tiepdon-demo', '--staff-name', 'Phạm Thị Hoa', '--staff-id', '001190000001',
  '--signing-cert', fixturePaths.facilityP12, '--signing-cert-password', 'tiepdon-demo',
];

async function run(command: typeof checkinCommand, ...args: string[]) {
  const { io, out, err } = bufferIo();
  const code = await command(args, io, { clock, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
}

describe('tiepdon checkin, sync, db', () => {
  it('offline: checks in with eligibility pending; sync --once then sends everything and the visit gets its eligibility', async () => {
    sim.reset();
    const db = join(tempDir(), 'desk.db');
    const checkin = await run(checkinCommand, '--db', db, '--reader', 'sim:an', '--can', '012345', '--trust', testCsca, ...account(closedUrl), '--json');
    expect(checkin.code).toBe(0);
    const visit = checkin.json();
    expect(visit).toMatchObject({
      queueNumber: 'A-001',
      holder: { idNumber: '001090012345', fullName: 'Nguyễn Văn An' },
      eligibility: { status: 'pending' },
      verification: { verdict: 'authentic' },
      provenance: 'chip-authentic',
      report: 'queued',
    });
    expect(checkin.err).toMatch(/warning: created .*desk\.db\.key: the database key is kept in a file that the operating system does not protect/);

    const info = await run(dbCommand, 'info', '--db', db, '--json');
    expect(info.json()).toEqual({ journalMode: 'wal', synchronous: 'full', schemaVersion: SCHEMA_VERSION, visits: 1, outbox: { pending: 2, inflight: 0, done: 0, dead: 0, withdrawn: 0 } });

    const sync = await run(syncCommand, '--db', db, ...account(sim.url), '--once', '--json');
    expect(sync.code).toBe(0);
    expect(sync.json()).toMatchObject({
      attempted: 2,
      done: 2,
      stoppedBy: 'empty',
      items: [
        { kind: 'eligibility-lookup', visitId: visit.visitId, outcome: 'done', detail: { status: 'eligible', code: '000', flag: null } },
        { kind: 'checkin-report', visitId: visit.visitId, outcome: 'done', detail: { maGiaoDich: expect.any(String) } },
      ],
      outbox: { pending: 0, inflight: 0, done: 2, dead: 0, withdrawn: 0 },
      connectivity: 'online',
    });
    expect(sim.checkIns().filter((received) => received.records[0]!.MA_LK === visit.visitId)).toHaveLength(1);
    expect((await run(syncCommand, '--db', db, ...account(sim.url), '--once', '--json')).json()).toMatchObject({ attempted: 0 });
  });

  it('online: checks in with the gateway’s answer and sends the report at once', async () => {
    sim.reset();
    const db = join(tempDir(), 'desk.db');
    const first = await run(checkinCommand, '--db', db, '--reader', 'sim:an', '--can', '012345', ...account(sim.url), '--json');
    expect(first.json()).toMatchObject({ queueNumber: 'A-001', eligibility: { status: 'eligible', code: '000' }, verification: { verdict: 'issuer-untrusted' }, report: 'sent' });
    const typed = await run(checkinCommand, '--db', db, '--id', '001058006789', '--name', 'Vũ Mạnh Hùng', '--dob', '30/04/1958', '--sex', 'Nam', ...account(sim.url), '--json');
    expect(typed.json()).toMatchObject({ queueNumber: 'A-002', eligibility: { status: 'not-eligible', code: '010' }, provenance: 'typed', flags: ['eligibility:not-eligible'], verification: { verdict: null } });
    expect(sim.checkIns()).toHaveLength(2);
    expect((await run(dbCommand, 'info', '--db', db, '--json')).json()).toMatchObject({ visits: 2, outbox: { done: 2 } });
  });

  it('sync --list shows what waits; --retry-dead puts dead items back', async () => {
    sim.reset();
    const db = join(tempDir(), 'desk.db');
    await run(checkinCommand, '--db', db, '--reader', 'sim:an', '--can', '012345', ...account(closedUrl), '--json');
    // A gateway that has another certificate registered for the facility refuses every report (205): dead at once.
    const strict = await startGatewaySim({ clock, trustedCertificatePem: readFileSync(testCsca, 'utf8') });
    const once = await run(syncCommand, '--db', db, ...account(strict.url), '--once', '--json');
    await strict.close();
    expect(once.code).toBe(1);
    expect(once.json()).toMatchObject({ done: 1, dead: 1, outbox: { dead: 1 } });
    const list = await run(syncCommand, '--db', db, ...account(sim.url), '--list', '--json');
    expect(list.json().items).toMatchObject([{ kind: 'checkin-report', state: 'dead', lastError: { code: 'gateway:205' } }]);
    const retry = await run(syncCommand, '--db', db, ...account(sim.url), '--retry-dead', '--once', '--json');
    expect(retry.code).toBe(0);
    expect(retry.json()).toMatchObject({ revived: 1, done: 1, outbox: { dead: 0, pending: 0 } });
  });

  it('db info on a missing file says so and creates nothing; usage errors exit 2', async () => {
    const missing = await run(dbCommand, 'info', '--db', join(tempDir(), 'none.db'), '--json');
    expect(missing.code).toBe(1);
    expect(missing.json()).toMatchObject({ error: { code: 'open-failed' } });
    expect((await run(checkinCommand, '--db', join(tempDir(), 'x.db'), '--reader', 'sim:an', '--can', '012345')).code).toBe(2);
    expect((await run(dbCommand)).code).toBe(2);
  });
});

describe('tiepdon checkin on an installation (--data-dir)', () => {
  const an = ['--reader', 'sim:an', '--can', '012345', '--json'];

  it('a demo installation checks in simulated cards against its embedded simulator, the test CSCAs trusted', async () => {
    const root = tempDir();
    const setup = bufferIo();
    expect(await setupCommand(['--data-dir', root, '--demo', '--json'], setup.io)).toBe(0);
    expect(JSON.parse(setup.out.join('\n'))).toMatchObject({ dataDir: root, mode: 'demo' });
    const checkin = await run(checkinCommand, '--data-dir', root, ...an);
    expect(checkin.code, checkin.err).toBe(0);
    expect(checkin.json()).toMatchObject({ queueNumber: 'A-001', eligibility: { status: 'eligible', code: '000' }, verification: { verdict: 'authentic' }, report: 'sent' });
    expect(existsSync(join(root, 'demo', 'tiepdon.db'))).toBe(true);
    expect(existsSync(join(root, 'tiepdon.db'))).toBe(false);
  });

  it('the demo never expires: the same check-in in 2031', async () => {
    const root = tempDir();
    await setupCommand(['--data-dir', root, '--demo'], bufferIo().io);
    const { io, out } = bufferIo();
    expect(await checkinCommand(['--data-dir', root, ...an], io, { clock: fixedClock('2031-01-10T02:00:00Z'), env: {} })).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ eligibility: { status: 'eligible', code: '000' }, verification: { verdict: 'authentic' } });
  });

  it('a production installation refuses simulated cards; a demo one refuses real readers', async () => {
    const production = await run(checkinCommand, '--data-dir', tempDir(), ...an);
    expect(production.code).toBe(2);
    expect(production.json()).toMatchObject({ error: { code: 'refused', message: expect.stringContaining('production installation') } });
    const root = tempDir();
    await setupCommand(['--data-dir', root, '--demo'], bufferIo().io);
    const real = await run(checkinCommand, '--data-dir', root, '--reader', 'Virtual PCD 00 00', '--can', '012345', '--json');
    expect(real.code).toBe(2);
    expect(real.json()).toMatchObject({ error: { code: 'refused', message: expect.stringContaining('simulated cards only') } });
  });

  it('--data-dir takes its account from the installation: account flags beside it are refused', async () => {
    const conflict = await run(checkinCommand, '--data-dir', tempDir(), '--db', 'x.db', '--gateway', 'http://127.0.0.1:1', ...an);
    expect(conflict.code).toBe(2);
    expect(conflict.json()).toMatchObject({ error: { code: 'usage', message: expect.stringContaining('--db, --gateway') } });
  });

  it('without an installation, a simulated card is reported only to a gateway on this machine', async () => {
    const remote = await run(checkinCommand, '--db', join(tempDir(), 'x.db'), ...an, ...account('https://egw.example.vn'));
    expect(remote.code).toBe(2);
    expect(remote.json()).toMatchObject({ error: { code: 'refused' } });
  });
});
