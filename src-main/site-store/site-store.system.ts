// The site store against a PostgreSQL cluster of the test's own: numbering, idempotent publication,
// void reservations, the site-wide views, re-keying, and typed errors for damaged rows and hostile servers.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PiiCipher } from '../store/pii-cipher';
import { psql } from '../dev/testing/postgres';
import { usePgCluster } from '../dev/testing/pg-suite';
import { SiteStoreError } from './errors';
import { initialiseSite } from './site-init';
import { SiteStore, type PublishedVisit } from './site-store';

const pg = usePgCluster();

async function site(demo = true) {
  const url = pg.cluster.newDatabase();
  const store = SiteStore.open({ url });
  const { enrolment } = await initialiseSite(store, { demo, newKey: false, existing: null });
  for (const code of ['K1', 'K2', 'K3']) await store.enrolStation(code, randomUUID(), demo);
  return { url, store, cipher: new PiiCipher(enrolment.key), enrolment, database: new URL(url).pathname.slice(1) };
}

const DAY = '2026-03-15';

function visitOf(visitId: string, stationCode: string, queueNumber: string, numberSource: 'site' | 'station', idNumber = '079088001234'): PublishedVisit {
  return {
    visitId,
    stationCode,
    patient: { idNumber, fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1988-04-01' },
    service: { code: 'NOI', name: 'Khám Nội' },
    queueDay: DAY,
    queueNumber,
    numberSource,
    status: 'waiting',
    priority: [],
    channel: 'desk',
    operatorIdNumber: '079088000002',
    arrivedAt: new Date('2026-03-15T01:30:00.000Z'),
    clockOffsetMs: 1500,
  };
}

describe('the site store', () => {
  it('numbers are unique per service and day across concurrent stations, and a visit id asks again for its own number', async () => {
    const { store } = await site();
    try {
      const requests = Array.from({ length: 60 }, (_, index) => ({ visitId: randomUUID(), stationCode: ['K1', 'K2', 'K3'][index % 3]!, serviceCode: index % 2 ? 'NOI' : 'NHI', queueDay: DAY }));
      const numbers = await Promise.all(requests.map((request) => store.reserve(request)));
      const noi = numbers.filter((_, index) => index % 2).map((number) => number!.queueNumber);
      expect(new Set(noi).size).toBe(30);
      expect([...noi].sort()).toEqual(Array.from({ length: 30 }, (_, index) => `NOI-${String(index + 1).padStart(3, '0')}`));
      expect((await store.reserve(requests[1]!))!.queueNumber).toBe(numbers[1]!.queueNumber);
      // Another day starts again at 001.
      expect((await store.reserve({ ...requests[1]!, visitId: randomUUID(), queueDay: '2026-03-16' }))!.queueNumber).toBe('NOI-001');
      // A station that never enrolled gets no number.
      expect(await store.reserve({ ...requests[1]!, visitId: randomUUID(), stationCode: 'Z9' })).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('publishes a visit once however often it is sent; the queue orders by the corrected arrival; no PII in clear', async () => {
    const { store, cipher, database } = await site();
    try {
      const first = randomUUID();
      const number = (await store.reserve({ visitId: first, stationCode: 'K1', serviceCode: 'NOI', queueDay: DAY }))!;
      expect(await store.publish(visitOf(first, 'K1', number.queueNumber, 'site'), cipher)).toBe(true);
      expect(await store.publish(visitOf(first, 'K1', number.queueNumber, 'site'), cipher)).toBe(false);
      // K2's clock is 10 s fast: it arrived earlier on the site's clock, so it is first in the queue.
      const second = randomUUID();
      await store.publish({ ...visitOf(second, 'K2', 'K2-NOI-001', 'station', '079088005678'), arrivedAt: new Date('2026-03-15T01:30:05.000Z'), clockOffsetMs: -10_000 }, cipher);
      const queue = await store.queue(DAY);
      expect(queue.map((entry) => [entry.queueNumber, entry.station, entry.status])).toEqual([
        ['K2-NOI-001', 'K2', 'waiting'],
        ['NOI-001', 'K1', 'waiting'],
      ]);
      expect(queue[1]!.arrivedAt.toISOString()).toBe('2026-03-15T01:30:01.500Z');
      expect(queue[0]).not.toHaveProperty('fullName');
      expect((await store.queue(DAY, cipher)).map((entry) => entry.fullName)).toEqual(['NGUYỄN VĂN AN', 'NGUYỄN VĂN AN']);
      expect(psql(pg.cluster, `SELECT queue_number || ':' || state FROM queue_numbers`, database)).toBe('NOI-001:used');
      // "Already checked in today" across stations, by the blind index.
      expect((await store.visitsOfPersonOnDay('079088001234', DAY, cipher)).map((visit) => visit.station)).toEqual(['K1']);
      const dump = psql(pg.cluster, `SELECT string_agg(encode(id_number_box, 'escape') || encode(full_name_box, 'escape'), '') FROM patients`, database);
      expect(dump).not.toContain('079088001234');
      expect(dump).not.toContain('NGUYỄN');
    } finally {
      await store.close();
    }
  });

  it('a visit published again takes its own station\'s cancellation or move; another station cannot change it, and a cancelled visit stays so', async () => {
    const { store, cipher, database } = await site();
    try {
      const moved = randomUUID();
      const cancelled = randomUUID();
      await store.publish(visitOf(moved, 'K1', 'NOI-001', 'site'), cipher);
      await store.publish(visitOf(cancelled, 'K1', 'NOI-002', 'site', '079088005678'), cipher);
      // Another station claiming the visit changes nothing.
      expect(await store.publish({ ...visitOf(cancelled, 'K2', 'NOI-002', 'site', '079088005678'), status: 'cancelled' }, cipher)).toBe(false);
      expect(await store.publish({ ...visitOf(cancelled, 'K1', 'NOI-002', 'site', '079088005678'), status: 'cancelled' }, cipher)).toBe(true);
      expect(await store.publish({ ...visitOf(cancelled, 'K1', 'NOI-002', 'site', '079088005678'), service: { code: 'NHI', name: 'Khám Nhi' } }, cipher)).toBe(false);
      const priority = ['elderly'];
      expect(await store.publish({ ...visitOf(moved, 'K1', 'K1-NHI-001', 'station'), service: { code: 'NHI', name: 'Khám Nhi' }, priority }, cipher)).toBe(true);
      // The same again is nothing new.
      expect(await store.publish({ ...visitOf(moved, 'K1', 'K1-NHI-001', 'station'), service: { code: 'NHI', name: 'Khám Nhi' }, priority }, cipher)).toBe(false);
      expect((await store.queue(DAY)).map((entry) => [entry.queueNumber, entry.service, entry.status]).sort()).toEqual([
        ['K1-NHI-001', 'NHI', 'waiting'],
        ['NOI-002', 'NOI', 'cancelled'],
      ]);
      expect(psql(pg.cluster, `SELECT string_agg(action || ':' || outcome, ',' ORDER BY id) FROM audit WHERE action LIKE 'visit-%'`, database)).toBe(
        'visit-published:site,visit-published:site,visit-changed:cancelled,visit-changed:waiting',
      );
    } finally {
      await store.close();
    }
  });

  it('a reservation never committed becomes void and its number is never handed out again; one superseded by a station number too', async () => {
    const { store, cipher } = await site();
    try {
      const died = randomUUID();
      const lostReply = randomUUID();
      await store.reserve({ visitId: died, stationCode: 'K1', serviceCode: 'NOI', queueDay: DAY });
      await store.reserve({ visitId: lostReply, stationCode: 'K1', serviceCode: 'NOI', queueDay: DAY });
      expect(await store.unsettledReservations('K1', 3600)).toEqual([]);
      expect(await store.unsettledReservations('K1', 0)).toEqual([died, lostReply]);
      expect(await store.voidReservations('K1', [died])).toBe(1);
      // The answer to the second never reached the station: it committed K1-NOI-001 and published that.
      await store.publish(visitOf(lostReply, 'K1', 'K1-NOI-001', 'station'), cipher);
      expect(await store.reserve({ visitId: died, stationCode: 'K1', serviceCode: 'NOI', queueDay: DAY })).toBeNull();
      expect((await store.reserve({ visitId: randomUUID(), stationCode: 'K2', serviceCode: 'NOI', queueDay: DAY }))!.queueNumber).toBe('NOI-003');
      expect((await store.queue(DAY)).map((entry) => `${entry.queueNumber}:${entry.status}`).sort()).toEqual(['K1-NOI-001:waiting', 'NOI-001:void', 'NOI-002:void']);
    } finally {
      await store.close();
    }
  });

  it('site init again keeps the key; --new-key re-seals every patient so the old key no longer opens them', async () => {
    const { store, cipher, enrolment } = await site();
    try {
      await store.publish(visitOf(randomUUID(), 'K1', 'K1-NOI-001', 'station'), cipher);
      const again = await initialiseSite(store, { demo: true, newKey: false, existing: enrolment });
      expect(again).toMatchObject({ created: false, rekeyed: null });
      expect(Buffer.from(again.enrolment.key)).toEqual(Buffer.from(enrolment.key));
      await expect(initialiseSite(store, { demo: true, newKey: false, existing: null })).rejects.toMatchObject({ code: 'enrolment-invalid' });
      await expect(initialiseSite(store, { demo: false, newKey: false, existing: enrolment })).rejects.toMatchObject({ code: 'refused' });

      const rekeyed = await initialiseSite(store, { demo: true, newKey: true, existing: enrolment });
      expect(rekeyed.rekeyed).toEqual({ patients: 1, visits: 1 });
      const fresh = new PiiCipher(rekeyed.enrolment.key);
      expect((await store.queue(DAY, fresh))[0]!.fullName).toBe('NGUYỄN VĂN AN');
      expect(await store.visitsOfPersonOnDay('079088001234', DAY, fresh)).toHaveLength(1);
      await expect(store.queue(DAY, cipher)).rejects.toMatchObject({ code: 'decrypt-failed' });
      await expect(initialiseSite(store, { demo: true, newKey: false, existing: enrolment })).rejects.toMatchObject({ code: 'wrong-key' });
    } finally {
      await store.close();
    }
  });

  it('a station code held by another installation is refused; the same installation enrolling again is fine', async () => {
    const { store } = await site();
    try {
      const installation = randomUUID();
      await store.enrolStation('B1', installation, true);
      await store.enrolStation('B1', installation, true);
      await expect(store.enrolStation('B1', randomUUID(), true)).rejects.toMatchObject({ code: 'refused' });
    } finally {
      await store.close();
    }
  });

  it('a damaged row is a bad-reply error, not a crash', async () => {
    const { store, database } = await site();
    try {
      psql(pg.cluster, `UPDATE site_meta SET value = 'not hex' WHERE key = 'key_check'`, database);
      await expect(store.identity()).rejects.toMatchObject({ code: 'bad-reply' });
      psql(pg.cluster, `ALTER TABLE stations DROP CONSTRAINT stations_backlog_check; UPDATE stations SET backlog = -5`, database);
      await expect(store.stations()).rejects.toMatchObject({ code: 'bad-reply' });
    } finally {
      await store.close();
    }
  });

  it('a server that answers garbage, or hangs up, is a typed error', async () => {
    const servers: Server[] = [];
    const serve = (onConnection: (socket: Socket) => void) =>
      new Promise<number>((resolve) => {
        const server = createServer(onConnection);
        servers.push(server);
        server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
      });
    try {
      const garbage = await serve((socket) => socket.once('data', () => socket.end(randomBytes(64))));
      const hangUp = await serve((socket) => socket.destroy());
      const silent = await serve(() => undefined);
      for (const [port, codes] of [
        [garbage, ['bad-reply', 'unreachable']],
        [hangUp, ['unreachable']],
        [silent, ['unreachable']],
      ] as const) {
        const store = SiteStore.open({ url: `postgres://tiepdon@127.0.0.1:${port}/site`, connectTimeoutMs: 500 });
        const error = await store.identity().catch((caught: unknown) => caught);
        await store.close();
        expect(error).toBeInstanceOf(SiteStoreError);
        expect(codes).toContain((error as SiteStoreError).code);
      }
    } finally {
      for (const server of servers) server.close();
    }
  });
});
