// A station that joined a site, calling and showing calls through the site store (a PostgreSQL cluster of
// the test's own); when the site store goes away, calling its own patients alone, and publishing those
// calls when it is back.
import { randomUUID } from 'node:crypto';
import pgLib from 'pg';
import { describe, expect, it } from 'vitest';
import type { NowServing } from '../contract';
import { HOA, newCheckIn, openTestStore } from '../dev/testing/check-ins';
import { FakeVisits, tempDir, testSettings } from '../dev/testing/fakes';
import { usePgCluster } from '../dev/testing/pg-suite';
import { initialiseSite } from '../site-store/site-init';
import { SiteStoreError } from '../site-store/errors';
import type { SiteCalls } from '../site-store/site-calls';
import { SiteStore, type PublishedVisit } from '../site-store/site-store';
import { PiiCipher, type Store } from '../store';
import { fixedClock } from '../util/clock';
import { SiteQueueVisits, type SiteQueueDeps } from './site-queue-visits';
import type { VisitsEvent } from './visits-port';

const pg = usePgCluster();

const DAY = '2026-03-15';
const clock = fixedClock('2026-03-15T01:30:00.000Z');

/** The station alone: its SQLite queue. */
class LocalVisits extends FakeVisits {
  constructor(private readonly store: Store) {
    super();
  }
  override async callNext(counter: string): Promise<NowServing | null> {
    const { called } = this.store.callNext({ counter, services: ['NOI'], staff: HOA, at: clock.now() });
    return called && { station: 'K1', counter, counterName: { vi: counter, en: counter }, queueNumber: called.queueNumber, serviceCode: 'NOI', calledAt: clock.now().toISOString(), callCount: 1 };
  }
}

function published(visitId: string, stationCode: string, queueNumber: string, arrivedAt: string): PublishedVisit {
  return {
    visitId,
    stationCode,
    patient: { idNumber: `07908800${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`, fullName: 'BỆNH NHÂN THỬ', dateOfBirth: null },
    service: { code: 'NOI', name: 'Khám Nội' },
    queueDay: DAY,
    queueNumber,
    numberSource: 'site',
    status: 'waiting',
    priority: [],
    channel: 'kiosk',
    operatorIdNumber: null,
    arrivedAt: new Date(arrivedAt),
    clockOffsetMs: 0,
  };
}

async function until(what: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!what() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(what()).toBe(true);
}

/** A site with stations K1 (a kiosk) and A (this station), and its key. */
async function siteOfTwoStations() {
  const url = pg.cluster.newDatabase();
  const admin = SiteStore.open({ url });
  const { enrolment } = await initialiseSite(admin, { demo: true, newKey: false, existing: null });
  await admin.enrolStation('K1', randomUUID(), true);
  await admin.enrolStation('A', randomUUID(), true);
  return { url, admin, cipher: new PiiCipher(enrolment.key) };
}

/** Station A's visits port over its SQLite store and its own connections to the site. */
function stationA(station: SiteStore, cipher: PiiCipher, store: Store, options: Partial<SiteQueueDeps> = {}): SiteQueueVisits {
  return new SiteQueueVisits({
    inner: new LocalVisits(store),
    store,
    calls: station.calls(cipher),
    listener: station.listener({ retryMs: 100, maxRetryMs: 400 }),
    stationCode: 'A',
    settings: testSettings(tempDir()),
    clock,
    operator: () => HOA,
    clockOffsetMs: () => 0,
    ...options,
  });
}

describe('a station of a site: calling and displays', () => {
  it('calls from the site queue and hears every call; alone while the site is away, says so, and publishes those calls on return', async () => {
    const { url, admin, cipher } = await siteOfTwoStations();

    // A kiosk ticket of station K1, and one of this station (A), committed locally and published.
    await admin.publish(published(randomUUID(), 'K1', 'NOI-001', '2026-03-15T01:00:00.000Z'), cipher);
    const { store } = openTestStore(clock);
    const own = newCheckIn({ service: { code: 'NOI', name: 'Khám Nội' } }, new Date('2026-03-15T01:10:00.000Z'));
    const recorded = store.recordCheckIn(own);
    await admin.publish(published(own.visitId, 'A', recorded.queueNumber, '2026-03-15T01:10:00.000Z'), cipher);

    const station = SiteStore.open({ url, max: 2 });
    const settings = testSettings(tempDir());
    const visits = stationA(station, cipher, store, { settings, callTimeoutMs: 3_000 });
    const events: VisitsEvent[] = [];
    visits.watch((event) => events.push(event));
    try {
      await until(() => visits.queueSite().site === 'connected');
      // The kiosk's patient arrived first: called here from the site queue; this station's display hears it.
      expect(await visits.callNext('P101')).toMatchObject({ queueNumber: 'NOI-001', counter: 'P101', counterName: { vi: 'Phòng 101' } });
      await until(() => events.some((event) => event.type === 'called' && event.called.queueNumber === 'NOI-001'));
      expect((await visits.display()).current.map((entry) => entry.queueNumber)).toEqual(['NOI-001']);

      // The site store goes away: the display shows nothing stale; the desk calls its own patient alone.
      await pg.cluster.kill();
      await until(() => visits.queueSite().site === 'lost');
      expect(events.some((event) => event.type === 'site' && event.state.site === 'lost')).toBe(true);
      expect(await visits.display()).toEqual({ site: 'lost', current: [], recent: [] });
      expect(await visits.callNext('P101')).toMatchObject({ queueNumber: recorded.queueNumber });

      // Back: the call made alone reaches the site store once; the display rebuilds the same now serving.
      await pg.cluster.start();
      await until(() => visits.queueSite().site === 'connected');
      const history = station.calls(cipher);
      let calls = await history.callsOfDay(DAY);
      for (let tries = 0; tries < 50 && !calls.some((call) => call.visitId === own.visitId); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        calls = await history.callsOfDay(DAY);
      }
      expect(calls.filter((call) => call.visitId === own.visitId).map((call) => [call.action, call.counter, call.station])).toEqual([['call', 'P101', 'A']]);
      expect((await visits.display()).current.map((entry) => entry.queueNumber)).toEqual([recorded.queueNumber]);
      // Nobody is left: the site's queue knows this station's patient was called.
      expect(await visits.callNext('P101')).toBeNull();
    } finally {
      await visits.close();
      await Promise.all([station.close(), admin.close()]);
      store.close();
    }
  });

  it('a call that failed at the site while the listener stayed connected: the call made alone reaches the site before another desk could call that patient', async () => {
    const { url, admin, cipher } = await siteOfTwoStations();
    const { store } = openTestStore(clock);
    const own = newCheckIn({ service: { code: 'NOI', name: 'Khám Nội' } }, new Date('2026-03-15T01:10:00.000Z'));
    const recorded = store.recordCheckIn(own);
    await admin.publish(published(own.visitId, 'A', recorded.queueNumber, '2026-03-15T01:10:00.000Z'), cipher);

    const station = SiteStore.open({ url, max: 2 });
    // The first "call next" gets no answer in time (the site slow for a moment); the listener never breaks.
    let slow = true;
    const calls = new Proxy(station.calls(cipher), {
      get(target, key) {
        if (key === 'callNext' && slow) {
          slow = false;
          return () => Promise.reject(new SiteStoreError('timeout', 'no answer within 2000 ms'));
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as SiteCalls;
    const visits = stationA(station, cipher, store, { calls });
    try {
      await until(() => visits.queueSite().site === 'connected');
      expect(await visits.callNext('P101')).toMatchObject({ queueNumber: recorded.queueNumber });
      const history = admin.calls(cipher);
      await expect.poll(async () => (await history.callsOfDay(DAY)).map((call) => [call.visitId, call.action, call.station]), { timeout: 10_000, interval: 100 }).toEqual([[own.visitId, 'call', 'A']]);
      // Another station's desk: the patient called at A is not in the site's queue any more.
      expect(await history.callNext({ station: 'K1', counter: 'P201', name: { vi: 'Phòng 201', en: 'Room 201' }, operatorIdNumber: null }, ['NOI'], DAY)).toEqual({ called: null, served: null });
    } finally {
      await visits.close();
      await Promise.all([station.close(), admin.close()]);
      store.close();
    }
  });

  it('a site call the desk gave up on is not committed later: the patient the site would have called there is not called behind the desk’s back', async () => {
    const { url, admin, cipher } = await siteOfTwoStations();
    const first = randomUUID();
    await admin.publish(published(first, 'K1', 'NOI-001', '2026-03-15T00:50:00.000Z'), cipher);
    await admin.publish(published(randomUUID(), 'K1', 'NOI-002', '2026-03-15T01:00:00.000Z'), cipher);
    const { store } = openTestStore(clock);
    const own = newCheckIn({ service: { code: 'NOI', name: 'Khám Nội' } }, new Date('2026-03-15T01:10:00.000Z'));
    const recorded = store.recordCheckIn(own);
    await admin.publish(published(own.visitId, 'A', recorded.queueNumber, '2026-03-15T01:10:00.000Z'), cipher);
    const station = SiteStore.open({ url, max: 2 });
    const visits = stationA(station, cipher, store, { callTimeoutMs: 1_000 });
    const locker = new pgLib.Client({ connectionString: url });
    await locker.connect();
    try {
      await until(() => visits.queueSite().site === 'connected');
      expect(await visits.callNext('P101')).toMatchObject({ queueNumber: 'NOI-001' });
      // NOI-001's row held for a moment (the site slow): the next call waits past the desk's second.
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM visits WHERE id = $1 FOR UPDATE', [first]);
      expect(await visits.callNext('P101')).toMatchObject({ queueNumber: recorded.queueNumber });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await locker.query('COMMIT');
      const history = admin.calls(cipher);
      const said = async () => (await history.callsOfDay(DAY)).map((call) => `${call.action} ${call.queueNumber}`);
      await expect.poll(said, { timeout: 10_000, interval: 100 }).toContain(`call ${recorded.queueNumber}`);
      // The site's record is what the desk did: NOI-002 was never called at P101, and waits for the next desk.
      expect(await said()).toEqual(['call NOI-001', 'serve NOI-001', `call ${recorded.queueNumber}`]);
      expect((await admin.queue(DAY)).find((entry) => entry.queueNumber === 'NOI-002')?.status).toBe('waiting');
    } finally {
      await locker.end();
      await visits.close();
      await Promise.all([station.close(), admin.close()]);
      store.close();
    }
  });
});
