// Calling across stations on one site store (a PostgreSQL cluster of the test's own): a kiosk station's
// tickets called from two desk stations, each with its own connections; a display client listening.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { usePgCluster } from '../dev/testing/pg-suite';
import postgres from 'pg';
import { PiiCipher } from '../store/pii-cipher';
import { SiteStoreError } from './errors';
import { CallListener, type CallListenerEvent } from './call-listener';
import { initialiseSite } from './site-init';
import type { SiteCall, SiteCounter } from './site-calls';
import { SiteStore, type PublishedVisit } from './site-store';

const pg = usePgCluster();

const DAY = '2026-03-15';
const T0 = Date.parse('2026-03-15T01:00:00.000Z');

async function site() {
  const url = pg.cluster.newDatabase();
  const admin = SiteStore.open({ url });
  const { enrolment } = await initialiseSite(admin, { demo: true, newKey: false, existing: null });
  for (const code of ['K1', 'D1', 'D2']) await admin.enrolStation(code, randomUUID(), true);
  await admin.close();
  // Each station its own connections, as three processes would have.
  const station = () => SiteStore.open({ url, max: 2 });
  return { url, cipher: new PiiCipher(enrolment.key), kiosk: station(), desk1: station(), desk2: station() };
}

type KioskOptions = { service?: string; priority?: string[]; arrivedAt?: number };

/** The kiosk station's check-in as its site link makes it: reserve, (commit locally), publish. */
async function kioskCheckIn(kiosk: SiteStore, cipher: PiiCipher, index: number, options: KioskOptions = {}): Promise<string> {
  const visitId = randomUUID();
  const number = await kiosk.reserve({ visitId, stationCode: 'K1', serviceCode: options.service ?? 'NOI', queueDay: DAY });
  await kiosk.publish(kioskVisit(visitId, number!.queueNumber, index, options), cipher);
  return number!.queueNumber;
}

/** What the kiosk station publishes of its check-in `index`. */
function kioskVisit(visitId: string, queueNumber: string, index: number, options: KioskOptions = {}): PublishedVisit {
  const service = options.service ?? 'NOI';
  return {
    visitId,
    stationCode: 'K1',
    patient: { idNumber: `0790880${String(10000 + index)}`, fullName: `BỆNH NHÂN ${index}`, dateOfBirth: null },
    service: { code: service, name: 'Khám Nội' },
    queueDay: DAY,
    queueNumber,
    numberSource: 'site',
    status: 'waiting',
    priority: options.priority ?? [],
    channel: 'kiosk',
    operatorIdNumber: null,
    arrivedAt: new Date(options.arrivedAt ?? T0 + index * 1000),
    clockOffsetMs: 0,
  };
}

const counter = (station: string, code: string): SiteCounter => ({ station, counter: code, name: { vi: `Quầy ${code}`, en: `Counter ${code}` }, operatorIdNumber: `0790880000${station === 'D1' ? '01' : '02'}` });

/** Waits for the listener to have seen `count` calls (generous: the latency is a benchmark figure, not a test). */
async function seen(calls: SiteCall[], count: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (calls.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('calling across stations', () => {
  it('50 kiosk check-ins, two desks calling alternately: every visit called exactly once, and the display hears every call', async () => {
    const { url, cipher, kiosk, desk1, desk2 } = await site();
    const display = new CallListener({ url });
    const heard: SiteCall[] = [];
    const connected = new Promise<void>((resolve) =>
      display.subscribe((event: CallListenerEvent) => {
        if (event.type === 'connected') resolve();
        if (event.type === 'call' && event.call.action === 'call') heard.push(event.call);
      }),
    );
    display.start();
    try {
      await connected;
      const numbers: string[] = [];
      for (let index = 0; index < 50; index += 1) numbers.push(await kioskCheckIn(kiosk, cipher, index));

      const desks = [
        { calls: desk1.calls(cipher), at: counter('D1', 'P101') },
        { calls: desk2.calls(cipher), at: counter('D2', 'P102') },
      ];
      const called: string[] = [];
      for (let turn = 0; ; turn += 1) {
        const desk = desks[turn % 2]!;
        const { called: call } = await desk.calls.callNext(desk.at, ['NOI'], DAY);
        if (!call) break;
        expect(call.station).toBe(turn % 2 ? 'D2' : 'D1');
        called.push(call.queueNumber);
      }
      // In queue order (arrival), each once.
      expect(called).toEqual(numbers);
      await seen(heard, 50);
      expect(heard.map((call) => call.queueNumber)).toEqual(numbers);
      expect(new Set(heard.map((call) => call.counter))).toEqual(new Set(['P101', 'P102']));
      // Every call is stored with its counter. The desk that found none left served its last patient; the
      // other is still serving its own.
      const history = await desk1.calls(cipher).callsOfDay(DAY);
      expect(history.filter((call) => call.action === 'call')).toHaveLength(50);
      expect(history.filter((call) => call.action === 'serve')).toHaveLength(49);
      const queue = await kiosk.queue(DAY);
      expect(queue.filter((entry) => entry.status === 'served')).toHaveLength(49);
      expect(queue.filter((entry) => entry.status === 'called').map((entry) => entry.calledBy)).toEqual(['P102']);
    } finally {
      await display.close();
      await Promise.all([kiosk.close(), desk1.close(), desk2.close()]);
    }
  });

  it('desks calling at the same moment never take the same patient (SKIP LOCKED), and priority patients come first', async () => {
    const { cipher, kiosk, desk1, desk2 } = await site();
    try {
      for (let index = 0; index < 30; index += 1) await kioskCheckIn(kiosk, cipher, index);
      const elderly = await kioskCheckIn(kiosk, cipher, 99, { priority: ['elderly'], arrivedAt: T0 + 3_600_000 });
      const desks = [desk1, desk2, desk1, desk2].map((store, index) => ({ calls: store.calls(cipher), at: counter(index % 2 ? 'D2' : 'D1', `P${index}`) }));
      const first = await desks[0]!.calls.callNext(desks[0]!.at, ['NOI'], DAY);
      expect(first.called!.queueNumber).toBe(elderly);
      const all: string[] = [first.called!.queueNumber];
      for (;;) {
        const round = await Promise.all(desks.map((desk) => desk.calls.callNext(desk.at, ['NOI'], DAY)));
        const got = round.flatMap((result) => (result.called ? [result.called.queueNumber] : []));
        if (got.length === 0) break;
        all.push(...got);
      }
      expect(all).toHaveLength(31);
      expect(new Set(all).size).toBe(31);
    } finally {
      await Promise.all([kiosk.close(), desk1.close(), desk2.close()]);
    }
  });

  it('two desks of one station with the same counter code calling at the same moment: one gets "busy" (try again), never an invalid answer', async () => {
    const { url, cipher, kiosk, desk1, desk2 } = await site();
    const holder = new postgres.Client({ connectionString: url });
    await holder.connect();
    try {
      const [first] = [await kioskCheckIn(kiosk, cipher, 0), await kioskCheckIn(kiosk, cipher, 1)];
      // The first desk's call, not yet committed, holds counter D1/P101 in the "one called per counter" index.
      await holder.query('BEGIN');
      await holder.query(`UPDATE visits SET status = 'called', called_by = 'P101', called_station = 'D1', called_at = now() WHERE queue_number = $1`, [first]);
      const second = desk2.calls(cipher).callNext(counter('D1', 'P101'), ['NOI'], DAY);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query('COMMIT');
      const refusal = await second.then(() => null, (error: unknown) => error);
      expect(refusal).toBeInstanceOf(SiteStoreError);
      expect(refusal).toMatchObject({ code: 'busy', retryable: true, transient: false, words: { vi: expect.stringContaining('thử lại') } });
      // Pressed again, the counter's call goes on: the first patient served, the second called.
      expect(await desk2.calls(cipher).callNext(counter('D1', 'P101'), ['NOI'], DAY)).toMatchObject({ called: { visitId: expect.any(String) }, served: expect.any(String) });
    } finally {
      await holder.end();
      await Promise.all([kiosk.close(), desk1.close(), desk2.close()]);
    }
  });

  it('a called patient whom their station cancels or moves to another clinic is withdrawn from the counter: every display hears it', async () => {
    const { url, cipher, kiosk, desk1, desk2 } = await site();
    const display = new CallListener({ url });
    const heard: SiteCall[] = [];
    const connected = new Promise<void>((resolve) => display.subscribe((event) => (event.type === 'connected' ? resolve() : event.type === 'call' && heard.push(event.call))));
    display.start();
    try {
      await connected;
      const numbers = [await kioskCheckIn(kiosk, cipher, 0), await kioskCheckIn(kiosk, cipher, 1), await kioskCheckIn(kiosk, cipher, 2)];
      const atD1 = (await desk1.calls(cipher).callNext(counter('D1', 'P101'), ['NOI'], DAY)).called!;
      const atD2 = (await desk2.calls(cipher).callNext(counter('D2', 'P102'), ['NOI'], DAY)).called!;
      expect([atD1.queueNumber, atD2.queueNumber]).toEqual(numbers.slice(0, 2));
      // K1 cancels the first and moves the second to Nhi, as its site link republishes them.
      expect(await kiosk.publish({ ...kioskVisit(atD1.visitId, atD1.queueNumber, 0), status: 'cancelled' }, cipher)).toBe(true);
      expect(await kiosk.publish({ ...kioskVisit(atD2.visitId, 'K1-NHI-001', 1, { service: 'NHI' }), numberSource: 'station' }, cipher)).toBe(true);
      await seen(heard, 4);
      expect(heard.slice(2).map((call) => [call.action, call.station, call.counter, call.visitId])).toEqual([
        ['withdraw', 'D1', 'P101', atD1.visitId],
        ['withdraw', 'D2', 'P102', atD2.visitId],
      ]);
      expect((await desk1.calls(cipher).nowServing(DAY, {}, 4)).current).toEqual([]);
      // D1's next call serves nobody (its patient was withdrawn) and calls the third.
      expect(await desk1.calls(cipher).callNext(counter('D1', 'P101'), ['NOI'], DAY)).toMatchObject({ served: null, called: { queueNumber: numbers[2] } });
      // A cancelled visit published again withdraws nothing more.
      await kiosk.publish({ ...kioskVisit(atD1.visitId, atD1.queueNumber, 0), status: 'cancelled' }, cipher);
      expect((await desk1.calls(cipher).callsOfDay(DAY)).filter((call) => call.action === 'withdraw')).toHaveLength(2);
    } finally {
      await display.close();
      await Promise.all([kiosk.close(), desk1.close(), desk2.close()]);
    }
  });

  it('skip moves the patient back by the places given, recall calls again; the display rebuilds "now serving" from the store', async () => {
    const { cipher, kiosk, desk1, desk2 } = await site();
    try {
      const numbers: string[] = [];
      for (let index = 0; index < 5; index += 1) numbers.push(await kioskCheckIn(kiosk, cipher, index));
      const calls = desk1.calls(cipher);
      const p1 = counter('D1', 'P101');
      expect((await calls.callNext(p1, ['NOI'], DAY)).called!.queueNumber).toBe(numbers[0]);
      expect((await calls.skip(p1, 2, DAY))!.queueNumber).toBe(numbers[0]);
      // Two others go before the skipped one.
      const order: string[] = [];
      for (let index = 0; index < 3; index += 1) order.push((await calls.callNext(p1, ['NOI'], DAY)).called!.queueNumber);
      expect(order).toEqual([numbers[1], numbers[2], numbers[0]]);
      const again = await calls.recall(p1, DAY);
      expect(again).toMatchObject({ action: 'recall', queueNumber: numbers[0], callCount: 3 });

      // Another station's display, after a restart: the same now serving, from the store.
      const p2 = counter('D2', 'P102');
      await desk2.calls(cipher).callNext(p2, ['NOI'], DAY);
      const rebuilt = await desk2.calls(cipher).nowServing(DAY, {}, 5);
      expect(rebuilt.current.map((call) => [call.counter, call.queueNumber])).toEqual([
        ['P102', numbers[3]],
        ['P101', numbers[0]],
      ]);
      expect(rebuilt.recent.map((call) => call.queueNumber)).toEqual([numbers[3], numbers[0], numbers[0], numbers[2], numbers[1]]);
      const onlyP101 = await desk2.calls(cipher).nowServing(DAY, { counters: ['P101'] }, 5);
      expect(onlyP101.current.map((call) => call.counter)).toEqual(['P101']);
    } finally {
      await Promise.all([kiosk.close(), desk1.close(), desk2.close()]);
    }
  });

  it('calls a station made alone while the site was away are stored once, in order, however often they are published', async () => {
    const { cipher, kiosk, desk1 } = await site();
    try {
      const number = await kioskCheckIn(kiosk, cipher, 0);
      const [entry] = await kiosk.queue(DAY);
      const offline = { key: randomUUID(), visitId: entry!.visitId, action: 'call' as const, counter: counter('K1', 'K-1'), at: new Date(T0 + 60_000), clockOffsetMs: 2_000 };
      const calls = desk1.calls(cipher);
      expect(await calls.publishStationCalls([offline])).toEqual({ stored: 1, missing: 0 });
      expect(await calls.publishStationCalls([offline])).toEqual({ stored: 0, missing: 0 });
      expect(await calls.publishStationCalls([{ ...offline, key: randomUUID(), visitId: randomUUID() }])).toEqual({ stored: 0, missing: 1 });
      const history = await calls.callsOfDay(DAY);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ queueNumber: number, counter: 'K-1', station: 'K1', at: new Date(T0 + 62_000) });
      // Called: no desk calls it again.
      expect((await calls.callNext(counter('D1', 'P101'), ['NOI'], DAY)).called).toBeNull();
    } finally {
      await Promise.all([kiosk.close(), desk1.close()]);
    }
  });

  it('a call made alone at a counter the site had called a patient at serves that patient with a row of its own, so the station replays the serve', async () => {
    const { cipher, kiosk, desk1 } = await site();
    try {
      await kioskCheckIn(kiosk, cipher, 0);
      await kioskCheckIn(kiosk, cipher, 1);
      const calls = desk1.calls(cipher);
      const { called: first } = await calls.callNext(counter('K1', 'K-1'), ['NOI'], DAY);
      const second = (await kiosk.queue(DAY)).find((entry) => entry.visitId !== first!.visitId)!;
      const alone = { key: randomUUID(), visitId: second.visitId, action: 'call' as const, counter: counter('K1', 'K-1'), at: new Date(T0 + 120_000), clockOffsetMs: 0 };
      expect(await calls.publishStationCalls([alone])).toEqual({ stored: 1, missing: 0 });
      const latest = await calls.lastCallsOfStation('K1', DAY);
      expect(latest.map((call) => [call.visitId, call.action, call.counter])).toEqual([
        [first!.visitId, 'serve', 'K-1'],
        [second.visitId, 'call', 'K-1'],
      ]);
    } finally {
      await Promise.all([kiosk.close(), desk1.close()]);
    }
  });

  it('the display hears "lost" when PostgreSQL goes away and "connected" again after its restart', async () => {
    const { url, kiosk, desk1 } = await site();
    const display = new CallListener({ url, retryMs: 100, maxRetryMs: 500 });
    const events: string[] = [];
    display.subscribe((event) => events.push(event.type));
    display.start();
    try {
      const until = async (what: () => boolean) => {
        const deadline = Date.now() + 30_000;
        while (!what() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(what()).toBe(true);
      };
      await until(() => display.isConnected);
      await pg.cluster.kill();
      await until(() => events.includes('lost'));
      expect(display.isConnected).toBe(false);
      await pg.cluster.start();
      await until(() => events.filter((type) => type === 'connected').length === 2);
    } finally {
      await display.close();
      await Promise.all([kiosk.close(), desk1.close()]);
    }
  });
});
