// Moving a station: a production installation set up by script checks a patient in while the gateway is
// down, is backed up, restored into another folder, and the restored one sends the queued report. Also
// the refusals: wrong passphrase, an altered byte, a non-empty target, the desktop app's folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrustEntry } from '../../contract';
import { fixedClock, type Clock } from '../../util/clock';
import { SEALED_KEY_FILE } from '../../settings/installation';
import { fixturePaths } from '../../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../../dev/gateway-sim/server';
import { defaultPkiDir } from '../../dev/simulator/pki/fixtures-dir';
import { tempDir } from '../../dev/testing/fakes';
import type { CliIo } from '../io';
import { backupCommand, restoreCommand } from './backup';
import { checkinCommand } from './checkin';
import { dbCommand } from './db';
import { setupCommand } from './setup';
import { syncCommand } from './sync';
import { trustCommand } from './trust';

const clock = fixedClock('2026-03-15T01:30:00.000Z');
const PASSPHRASE = 'ngựa vằn ăn cỏ 2026';
const HUNG = ['--id', '001058006789', '--name', 'Vũ Mạnh Hùng', '--dob', '30/04/1958', '--sex', 'Nam'];

type Command = (args: string[], io: CliIo, deps?: { clock?: Clock }) => Promise<number>;

async function run(command: Command, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, { clock });
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
}

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ clock });
});
afterAll(() => sim.close());

/** A production installation set up by script against the simulator, as IT would for one PC. */
async function installation(): Promise<string> {
  const root = tempDir();
  const setup = await run(
    (args, io) => setupCommand(args, io, clock),
    '--data-dir', root, '--facility', '01001', '--facility-name', 'Bệnh viện Thử nghiệm', '--gateway', sim.url, '--username', '01001_BV',
    '--password', 'tiepdon-demo', '--cert', fixturePaths.facilityP12, '--cert-password', 'tiepdon-demo', '--staff', 'Phạm Thị Hoa:001190000001', '--station', 'K1', '--json',
  );
  expect(setup.code, setup.err).toBe(0);
  return root;
}

/** One check-in while the gateway is down: the lookup and the report wait in the outbox. */
async function offlineCheckIn(root: string): Promise<string> {
  sim.setFaults({ down: true });
  try {
    const checkin = await run(checkinCommand, '--data-dir', root, ...HUNG, '--json');
    expect(checkin.code, checkin.err).toBe(0);
    expect(checkin.json()).toMatchObject({ queueNumber: 'K1-001', eligibility: { status: 'pending' }, report: 'queued' });
    return checkin.json().visitId as string;
  } finally {
    sim.setFaults({ down: false });
  }
}

const newFolder = () => join(tempDir(), 'new-pc');

describe('tiepdon backup and restore', () => {
  it('moves a station: the same visits on the new folder, and its sync sends the queued report, signed', async () => {
    sim.reset();
    const root = await installation();
    const visitId = await offlineCheckIn(root);
    const file = join(tempDir(), 'station.tiepdon-backup');
    const backup = await run(backupCommand, '--data-dir', root, '--out', file, '--passphrase', PASSPHRASE, '--json');
    expect(backup.code, backup.err).toBe(0);
    expect(backup.json()).toMatchObject({ out: file, mode: 'production', createdAt: '2026-03-15T01:30:00.000Z', folders: [{ mode: 'production', files: 3 }] });
    // Nothing of the patient, the settings or the database's structure can be read in the file.
    const bytes = readFileSync(file);
    for (const plain of ['Vũ Mạnh Hùng', '001058006789', 'SQLite format 3', 'Phạm Thị Hoa', 'tiepdon-db-key']) expect(bytes.includes(Buffer.from(plain))).toBe(false);
    expect(bytes.subarray(0, 15).toString()).toBe('TIEPDON-BACKUP\n');

    const target = newFolder();
    const restore = await run(restoreCommand, '--data-dir', target, '--in', file, '--passphrase', PASSPHRASE, '--json');
    expect(restore.code, restore.err).toBe(0);
    expect(restore.json()).toMatchObject({ dataDir: target, mode: 'production', folders: [{ mode: 'production', visits: 1, outbox: { pending: 2, dead: 0 } }] });
    expect(restore.err).toContain('warning: the database key is kept in a file');
    expect(readdirSync(target).sort()).toEqual(['installation.json', 'master.key', 'secrets.sealed', 'settings.json', 'tiepdon.db']);

    const before = await run(dbCommand, 'info', '--data-dir', root, '--json');
    const after = await run(dbCommand, 'info', '--data-dir', target, '--json');
    expect(after.json()).toEqual(before.json());
    expect(after.json()).toMatchObject({ mode: 'production', visits: 1, outbox: { pending: 2, inflight: 0, done: 0, dead: 0 } });

    const sync = await run(syncCommand, '--data-dir', target, '--once', '--json');
    expect(sync.code, sync.err).toBe(0);
    expect(sync.json()).toMatchObject({ done: 2, outbox: { pending: 0, done: 2, dead: 0 }, connectivity: 'online' });
    const received = sim.checkIns().filter((checkIn) => checkIn.records[0]!.MA_LK === visitId);
    // The simulator accepts a report only when its signature verifies with the facility's certificate.
    expect(received).toHaveLength(1);
    expect(received[0]!).toMatchObject({ username: '01001_BV', maCSKCB: '01001' });
    expect(received[0]!.xml).toContain('Signature');
    expect(sim.rejectedCheckIns()).toHaveLength(0);
    // The lookup was made as the roster's operator, from the restored settings.
    expect(sim.lookups().at(-1)).toMatchObject({ hoTenCb: 'Phạm Thị Hoa', cccdCb: '001190000001' });
    expect((await run(dbCommand, 'info', '--data-dir', target, '--json')).json()).toMatchObject({ visits: 1, outbox: { pending: 0, done: 2 } });
  });

  it('a wrong passphrase or one altered byte is refused with its reason, and nothing is written', async () => {
    const root = await installation();
    const file = join(tempDir(), 'b.tiepdon-backup');
    expect((await run(backupCommand, '--data-dir', root, '--out', file, '--passphrase', PASSPHRASE)).code).toBe(0);
    const target = newFolder();

    const wrong = await run(restoreCommand, '--data-dir', target, '--in', file, '--passphrase', 'not the passphrase', '--json');
    expect(wrong.code).toBe(1);
    expect(wrong.json()).toEqual({ error: { code: 'wrong-passphrase', message: 'the passphrase does not open this backup' } });
    expect(existsSync(target)).toBe(false);

    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    const tampered = join(tempDir(), 'tampered.tiepdon-backup');
    writeFileSync(tampered, bytes);
    const altered = await run(restoreCommand, '--data-dir', target, '--in', tampered, '--passphrase', PASSPHRASE, '--json');
    expect(altered.code).toBe(1);
    expect(altered.json()).toMatchObject({ error: { code: 'damaged', message: expect.stringContaining('altered or damaged') } });
    expect(existsSync(target)).toBe(false);

    const notBackup = await run(restoreCommand, '--data-dir', target, '--in', fixturePaths.facilityP12, '--passphrase', PASSPHRASE, '--json');
    expect(notBackup.json()).toMatchObject({ error: { code: 'not-a-backup' } });
  });

  it('a folder that holds anything is refused unless --force, which replaces its database, settings and key', async () => {
    const root = await installation();
    await offlineCheckIn(root);
    // An administrator's imported trust file travels with the backup.
    expect((await run(trustCommand, 'import', join(defaultPkiDir(), 'test-csca.pem'), '--data-dir', root, '--allow-unsigned')).code).toBe(0);
    const file = join(tempDir(), 'b.tiepdon-backup');
    expect((await run(backupCommand, '--data-dir', root, '--out', file, '--passphrase', PASSPHRASE)).code).toBe(0);

    // Another station's installation, with a visit of its own.
    const other = await installation();
    await offlineCheckIn(other);
    const refused = await run(restoreCommand, '--data-dir', other, '--in', file, '--passphrase', PASSPHRASE, '--json');
    expect(refused.code).toBe(2);
    expect(refused.json()).toMatchObject({ error: { code: 'target-not-empty', message: expect.stringContaining('--force') } });

    const forced = await run(restoreCommand, '--data-dir', other, '--in', file, '--passphrase', PASSPHRASE, '--force', '--json');
    expect(forced.code, forced.err).toBe(0);
    expect((await run(dbCommand, 'info', '--data-dir', other, '--json')).json()).toMatchObject({ visits: 1, outbox: { pending: 2 } });
    const imported = TrustEntry.array().parse((await run(trustCommand, 'list', '--data-dir', other, '--json')).json()).filter((entry) => entry.source === 'imported');
    expect(imported.map((entry) => entry.subject)).toEqual([expect.stringContaining('CSCA TEST Tiep Don')]);
    expect((await run(syncCommand, '--data-dir', other, '--once', '--json')).code).toBe(0);
  });

  it('a passphrase shorter than 10 characters is refused before anything is written', async () => {
    const root = await installation();
    const file = join(tempDir(), 'b.tiepdon-backup');
    const weak = await run(backupCommand, '--data-dir', root, '--out', file, '--passphrase', 'short', '--json');
    expect(weak.code).toBe(2);
    expect(weak.json()).toMatchObject({ error: { code: 'weak-passphrase' } });
    expect(existsSync(file)).toBe(false);
    expect((await run(backupCommand, '--data-dir', tempDir(), '--out', file, '--passphrase', PASSPHRASE, '--json')).json()).toMatchObject({ error: { code: 'no-installation' } });
  });
});

describe('the CLI on the desktop app’s folder, and conflicting flags', () => {
  it('every command that opens an installation refuses a folder whose key is in the OS key store (exit 2)', async () => {
    const root = tempDir();
    writeFileSync(join(root, SEALED_KEY_FILE), 'sealed by the OS');
    const file = join(tempDir(), 'b.tiepdon-backup');
    const backup = await run(backupCommand, '--data-dir', root, '--out', file, '--passphrase', PASSPHRASE, '--json');
    expect(backup.code).toBe(2);
    expect(backup.json()).toMatchObject({ error: { code: 'refused', message: expect.stringContaining('Settings → Sao lưu') } });
    expect(existsSync(file)).toBe(false);
    const restore = await run(restoreCommand, '--data-dir', root, '--in', fixturePaths.facilityP12, '--passphrase', PASSPHRASE, '--force', '--json');
    expect(restore.code).toBe(2);
    expect(restore.json()).toMatchObject({ error: { code: 'refused', message: expect.stringContaining('first-run screen') } });
    for (const [command, args] of [
      [syncCommand, ['--data-dir', root, '--once', '--json']],
      [dbCommand, ['info', '--data-dir', root, '--json']],
      [trustCommand, ['list', '--data-dir', root, '--json']],
      [checkinCommand, ['--data-dir', root, ...HUNG, '--json']],
    ] as const) {
      const result = await run(command as Command, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.json()).toMatchObject({ error: { code: 'refused', message: expect.stringContaining('key store') } });
    }
  });

  it('--data-dir beside the flags it replaces is refused (exit 2)', async () => {
    const sync = await run(syncCommand, '--data-dir', tempDir(), '--db', 'x.db', '--gateway', sim.url, '--once', '--json');
    expect(sync.code).toBe(2);
    expect(sync.json()).toMatchObject({ error: { code: 'usage', message: expect.stringContaining('--db, --gateway') } });
    const db = await run(dbCommand, 'info', '--data-dir', tempDir(), '--db', 'x.db', '--json');
    expect(db.code).toBe(2);
    expect(db.json()).toMatchObject({ error: { code: 'usage' } });
    const both = await run(backupCommand, '--data-dir', tempDir(), '--out', 'x', '--passphrase', PASSPHRASE, '--passphrase-stdin');
    expect(both.code).toBe(2);
  });
});

describe('sync, trust list and db info on an installation', () => {
  it('sync --list and --retry-dead on a production installation, the retry audited as the named operator', async () => {
    sim.reset();
    const root = await installation();
    await offlineCheckIn(root);
    const list = await run(syncCommand, '--data-dir', root, '--list', '--json');
    expect(list.code).toBe(0);
    expect(list.json().items.map((item: { kind: string }) => item.kind).sort()).toEqual(['checkin-report', 'eligibility-lookup']);
    // A gateway that knows another certificate for the facility refuses the report (205): dead at once.
    const strict = await startGatewaySim({ clock, trustedCertificatePem: readFileSync(join(defaultPkiDir(), 'test-csca.pem'), 'utf8') });
    try {
      // The installation's own gateway is the shared simulator; point it elsewhere by setup, as IT would.
      expect((await run((args, io) => setupCommand(args, io, clock), '--data-dir', root, '--gateway', strict.url)).code).toBe(0);
      const once = await run(syncCommand, '--data-dir', root, '--once', '--json');
      expect(once.code).toBe(1);
      expect(once.json()).toMatchObject({ dead: 1, outbox: { dead: 1 } });
    } finally {
      await strict.close();
    }
    expect((await run((args, io) => setupCommand(args, io, clock), '--data-dir', root, '--gateway', sim.url)).code).toBe(0);
    const stranger = await run(syncCommand, '--data-dir', root, '--retry-dead', '--operator', '079000000009', '--json');
    expect(stranger.code).toBe(2);
    const retry = await run(syncCommand, '--data-dir', root, '--retry-dead', '--operator', '001190000001', '--once', '--json');
    expect(retry.code, retry.err).toBe(0);
    expect(retry.json()).toMatchObject({ revived: 1, outbox: { dead: 0, pending: 0 } });
  });

  it('a demo installation: trust list includes the demo’s test CSCAs, db info and sync use DIR/demo/', async () => {
    const root = tempDir();
    expect((await run((args, io) => setupCommand(args, io, clock), '--data-dir', root, '--demo')).code).toBe(0);
    const trust = await run(trustCommand, 'list', '--data-dir', root, '--json');
    expect(trust.code, trust.err).toBe(0);
    const demoEntries = TrustEntry.array().parse(trust.json()).filter((entry) => entry.source === 'demo');
    expect(demoEntries.map((entry) => entry.subject).every((subject) => subject.includes('TEST'))).toBe(true);
    expect(demoEntries).toHaveLength(2);
    const production = TrustEntry.array().parse((await run(trustCommand, 'list', '--data-dir', tempDir(), '--json')).json());
    expect(production.some((entry) => entry.source === 'demo')).toBe(false);

    expect((await run(checkinCommand, '--data-dir', root, '--reader', 'sim:an', '--can', '012345', '--json')).code).toBe(0);
    expect((await run(dbCommand, 'info', '--data-dir', root, '--json')).json()).toMatchObject({ mode: 'demo', visits: 1, outbox: { pending: 0, done: 1 } });
    expect(existsSync(join(root, 'demo', 'tiepdon.db'))).toBe(true);
    const sync = await run(syncCommand, '--data-dir', root, '--once', '--json');
    expect(sync.code, sync.err).toBe(0);
    expect(sync.json()).toMatchObject({ attempted: 0, outbox: { pending: 0, done: 1 } });
  });

  it('a demo installation backs up and restores as a demo', async () => {
    const root = tempDir();
    await run((args, io) => setupCommand(args, io, clock), '--data-dir', root, '--demo');
    expect((await run(checkinCommand, '--data-dir', root, '--reader', 'sim:an', '--can', '012345', '--json')).code).toBe(0);
    const file = join(tempDir(), 'demo.tiepdon-backup');
    expect((await run(backupCommand, '--data-dir', root, '--out', file, '--passphrase', PASSPHRASE)).code).toBe(0);
    const target = newFolder();
    mkdirSync(target);
    expect((await run(restoreCommand, '--data-dir', target, '--in', file, '--passphrase', PASSPHRASE)).code).toBe(0);
    expect((await run(dbCommand, 'info', '--data-dir', target, '--json')).json()).toMatchObject({ mode: 'demo', visits: 1 });
  });
});
