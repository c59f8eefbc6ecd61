// Two demo stations joined to one site store (a PostgreSQL cluster of the test's own), each a whole core
// as the app boots it: a ticket of station K1 is called at station D2's counter; K1 hears it and keeps it
// in its own store, so while the site is away its desk does not call that patient again; a visit K1
// cancels leaves the site's queue, so D2 never calls it. Then two production stations, set up as IT does
// (gateway over HTTP, signing certificate, operators): calling needs the operator signed in, and the
// site stores who called.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connectivity, DisplayBoard, NowServing, QueueSite, VisitRow } from '../contract';
import { setupCommand } from '../cli/commands/setup';
import { siteCommand } from '../cli/commands/site';
import { openDemo } from '../demo/demo';
import { checkInForm } from '../dev/testing/check-ins';
import { fixturePaths } from '../dev/gateway-sim/fixture-paths';
import { startGatewaySim } from '../dev/gateway-sim/server';
import { psql } from '../dev/testing/postgres';
import { FakeReaderPort, tempDir } from '../dev/testing/fakes';
import { usePgCluster } from '../dev/testing/pg-suite';
import { openAppSession, type AppSession } from './app-session';

const pg = usePgCluster();

const PASSPHRASE = 'tập huấn 2026';
const quiet = { out: () => undefined, err: () => undefined };

async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function checkIn(session: AppSession, k: number) {
  const manual = { idNumber: `07908800${String(k).padStart(4, '0')}`, fullName: `NGƯỜI THỬ ${k}`, dateOfBirth: '01/01/1980', sex: 'Nữ', provenance: 'typed' } as const;
  return session.dispatch('checkin.create', checkInForm({ manual })) as Promise<{ outcome: string; ticket: { visitId: string; queueNumber: string } }>;
}

const today = async (session: AppSession) => (await session.dispatch('visits.today', { search: '' })) as VisitRow[];
const callNext = async (session: AppSession) => ((await session.dispatch('queue.callNext', { counter: 'P101' })) as { called: NowServing | null }).called;
const nowServing = async (session: AppSession) => (await session.dispatch('queue.nowServing', {})) as NowServing[];
const siteOf = async (session: AppSession) => ((await session.dispatch('queue.siteState', {})) as QueueSite).site;
const backlogOf = async (session: AppSession) => ((await session.dispatch('sync.state', {})) as Connectivity).site?.backlog;

describe('stations of a site, booted as the app boots them', () => {
  it('a ticket of one station is called at another; the first keeps that call, and a visit it cancels is never called', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const url = pg.cluster.newDatabase();
    const enrolment = join(dir, 'site.enrol');
    expect(await siteCommand(['init', '--url', url, '--enrolment-out', enrolment, '--passphrase', PASSPHRASE, '--demo', '--json'], quiet)).toBe(0);
    for (const station of ['K1', 'D2']) {
      expect(await setupCommand(['--demo', '--data-dir', join(dir, station), '--station', station, '--site-url', url, '--site-enrolment', enrolment, '--site-passphrase', PASSPHRASE, '--json'], quiet)).toBe(0);
    }
    const k1 = await openAppSession({ host: 'web', root: join(dir, 'K1'), simDelays: false, loadDemo: openDemo });
    const d2 = await openAppSession({ host: 'web', root: join(dir, 'D2'), simDelays: false, loadDemo: openDemo });
    try {
      for (const session of [k1, d2]) await until('the site', () => siteOf(session), (site) => site === 'connected');
      const tickets: { visitId: string; queueNumber: string }[] = [];
      for (const k of [1, 2, 3]) tickets.push((await checkIn(k1, k)).ticket);
      await until('the visits at the site', () => backlogOf(k1), (backlog) => backlog === 0);
      // The second patient leaves: K1 cancels the visit, and the site's queue hears of it.
      await k1.dispatch('visits.cancel', { visitId: tickets[1]!.visitId, reason: 'Bệnh nhân về' });
      await until('the cancellation at the site', () => backlogOf(k1), (backlog) => backlog === 0);

      // D2's counter calls K1's patients from the site queue, skipping the cancelled one.
      expect((await callNext(d2))?.queueNumber).toBe(tickets[0]!.queueNumber);
      const third = await callNext(d2);
      expect(third).toMatchObject({ queueNumber: tickets[2]!.queueNumber, station: 'D2', counter: 'P101' });
      // K1's display shows D2's call; K1's own list knows both were called elsewhere.
      expect(((await k1.dispatch('queue.display', {})) as DisplayBoard).current.map((entry) => [entry.station, entry.queueNumber])).toEqual([['D2', tickets[2]!.queueNumber]]);
      const statuses = await until(
        'K1 to mirror the calls',
        async () => new Map((await today(k1)).map((row) => [row.queueNumber, row.status])),
        (rows) => rows.get(tickets[0]!.queueNumber) === 'served' && rows.get(tickets[2]!.queueNumber) === 'called',
      );
      expect(statuses.get(tickets[1]!.queueNumber)).toBe('cancelled');
      // Each desk's "now calling" is its own counters' (both have a P101), whatever the displays follow.
      expect((await nowServing(d2)).map((entry) => [entry.station, entry.counter, entry.queueNumber])).toEqual([['D2', 'P101', tickets[2]!.queueNumber]]);
      expect(await nowServing(k1)).toEqual([]);

      // The site goes away: K1 says so, its display shows no stale number, and calling alone finds nobody left.
      await pg.cluster.stop();
      const lost = await callNext(k1);
      expect(lost).toBeNull();
      expect(await siteOf(k1)).toBe('lost');
      expect(await k1.dispatch('queue.display', {})).toEqual({ site: 'lost', current: [], recent: [] });
      // A patient who comes meanwhile gets the station's number and is called alone at K1.
      const fourth = (await checkIn(k1, 4)).ticket;
      expect(fourth.queueNumber).toMatch(/^K1-NOI-\d{3}$/);
      expect((await callNext(k1))?.queueNumber).toBe(fourth.queueNumber);
      // K1's desk alone shows its own call only, not D2's call that K1 keeps for its patient.
      expect((await nowServing(k1)).map((entry) => [entry.station, entry.counter, entry.queueNumber])).toEqual([['K1', 'P101', fourth.queueNumber]]);

      // Back: the visit and that call reach the site; both displays rebuild the same "now serving".
      await pg.cluster.start();
      for (const session of [k1, d2]) await until('the site again', () => siteOf(session), (site) => site === 'connected', 60_000);
      await until('the backlog', () => backlogOf(k1), (backlog) => backlog === 0, 60_000);
      for (const session of [k1, d2]) {
        const board = await until(
          'the board',
          async () => (await session.dispatch('queue.display', {})) as DisplayBoard,
          (shown) => shown.site === 'connected' && shown.current.length === 2,
          60_000,
        );
        expect(board.current.map((entry) => `${entry.station}:${entry.queueNumber}`).sort()).toEqual([`D2:${tickets[2]!.queueNumber}`, `K1:${fourth.queueNumber}`].sort());
      }
    } finally {
      await Promise.all([k1.close(), d2.close()]);
    }
  });

  it('production stations: calling needs the desk operator signed in, and the site stores who called', { timeout: 180_000 }, async () => {
    const gateway = await startGatewaySim();
    const dir = tempDir();
    const url = pg.cluster.newDatabase();
    const enrolment = join(dir, 'site.enrol');
    const stations = { K1: 'Lê Minh Tuấn:079088000002', D2: 'Trần Thị Hoa:079088000003' };
    const sessions: AppSession[] = [];
    try {
      expect(await siteCommand(['init', '--url', url, '--enrolment-out', enrolment, '--passphrase', PASSPHRASE], quiet)).toBe(0);
      for (const [station, staff] of Object.entries(stations)) {
        const code = await setupCommand(
          ['--data-dir', join(dir, station), '--facility', '01001', '--facility-name', 'Bệnh viện Demo Tiếp đón', '--gateway', gateway.url, '--username', '01001_BV',
            '--password', 'tiepdon-demo', '--cert', fixturePaths.facilityP12, '--cert-password', 'tiepdon-demo', '--staff', staff, '--station', station,
            '--site-url', url, '--site-enrolment', enrolment, '--site-passphrase', PASSPHRASE],
          quiet,
        );
        expect(code).toBe(0);
        sessions.push(await openAppSession({ host: 'web', root: join(dir, station), readers: new FakeReaderPort() }));
      }
      const [k1, d2] = sessions as [AppSession, AppSession];
      expect(k1.mode).toBe('production');
      for (const session of sessions) await until('the site', () => siteOf(session), (site) => site === 'connected');
      await k1.dispatch('operator.signIn', { idNumber: '079088000002' });
      const ticket = (await checkIn(k1, 7)).ticket;
      await until('the visit at the site', () => backlogOf(k1), (backlog) => backlog === 0);

      // Nobody signed in at D2: no call, and the site is not taken for away.
      await expect(callNext(d2)).rejects.toMatchObject({ code: 'bad-request', field: 'operator' });
      expect(await siteOf(d2)).toBe('connected');
      await d2.dispatch('operator.signIn', { idNumber: '079088000003' });
      expect((await callNext(d2))?.queueNumber).toBe(ticket.queueNumber);
      const database = new URL(url).pathname.slice(1);
      // The operator is sealed with the site key: present, and not in clear.
      expect(psql(pg.cluster, `SELECT count(*) FROM calls WHERE station_code = 'D2' AND action = 'call' AND operator_box IS NOT NULL`, database)).toBe('1');
      expect(psql(pg.cluster, `SELECT count(*) FROM calls WHERE position('079088000003' in encode(operator_box, 'escape')) > 0`, database)).toBe('0');
    } finally {
      await Promise.all(sessions.map((session) => session.close()));
      await gateway.close();
    }
  });
});
