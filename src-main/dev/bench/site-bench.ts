// The site store under a hospital's load (issue 24): stations simulated as connections (not processes)
// against one PostgreSQL cluster of the bench's own, each checking patients in at a stress rate of 2,000
// an hour in compressed time (reserve a number, then publish the visit) while its counter calls the next
// patient at the same rate, and one listening connection per station hears every call. Measured: number
// reservation p50/p99, publish lag (reserve answered → visit published), call → display latency (the
// desk's press → the NOTIFY at a display), and the store's size per 100,000 visits (extrapolated from
// the measured growth). Figures, never assertions.
import { randomUUID } from 'node:crypto';
import { PgCluster, psql } from '../testing/postgres';
import { PiiCipher } from '../../store/pii-cipher';
import { CallListener } from '../../site-store/call-listener';
import { initialiseSite } from '../../site-store/site-init';
import type { SiteCounter } from '../../site-store/site-calls';
import { SiteStore } from '../../site-store/site-store';
import { percentile, round } from './stats';

export interface SiteLoad {
  stations: number;
  checkInsPerHour: number;
  /** Real seconds of load. */
  seconds: number;
  /** Simulated hours per real hour. */
  compression: number;
  reservationMs: { p50: number; p99: number; max: number; n: number };
  publishLagMs: { p50: number; p99: number; max: number; n: number };
  callToDisplayMs: { p50: number; p99: number; max: number; n: number };
  checkIns: number;
  calls: number;
  achievedCheckInsPerSecond: number;
  storeBytes: { before: number; after: number; perHundredThousandVisits: number };
  errors: number;
}

const SERVICES = ['NOI', 'NGOAI', 'NHI', 'SAN', 'TMH', 'RHM', 'MAT', 'DV'];
const DAY = '2026-03-16';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const summary = (values: number[]) => ({ p50: round(percentile(values, 50), 1), p99: round(percentile(values, 99), 1), max: round(Math.max(0, ...values), 1), n: values.length });

function stationCode(index: number): string {
  return `${String.fromCharCode(65 + Math.floor(index / 10))}${index % 10}`;
}

export async function measureSiteLoad(options: { stations: number; seconds: number; compression: number; checkInsPerHour?: number }): Promise<SiteLoad> {
  const perHour = options.checkInsPerHour ?? 2_000;
  const cluster = await PgCluster.create();
  const stores: SiteStore[] = [];
  const listeners: CallListener[] = [];
  try {
    // 40 stations × (2 pooled + 1 listening) connections: more than PostgreSQL's default 100.
    psql(cluster, 'ALTER SYSTEM SET max_connections = 400');
    await cluster.stop();
    await cluster.start();
    const url = cluster.newDatabase();
    const database = new URL(url).pathname.slice(1);
    const admin = SiteStore.open({ url });
    const { enrolment } = await initialiseSite(admin, { demo: true, newKey: false, existing: null });
    const cipher = new PiiCipher(enrolment.key);
    const codes = Array.from({ length: options.stations }, (_, index) => stationCode(index));
    for (const code of codes) await admin.enrolStation(code, randomUUID(), true);
    await admin.close();
    const sizeOf = () => Number(psql(cluster, `SELECT pg_database_size('${database}')`));
    const before = sizeOf();

    // Press → heard, at every station's display; the bench reads the first display's ears.
    const pressedAt = new Map<string, number>();
    const heard: number[] = [];
    for (const code of codes) {
      const store = SiteStore.open({ url, max: 2, applicationName: `bench ${code}` });
      stores.push(store);
      const listener = new CallListener({ url, applicationName: `bench listen ${code}` });
      listeners.push(listener);
    }
    listeners[0]!.subscribe((event) => {
      if (event.type !== 'call' || event.call.action !== 'call') return;
      const pressed = pressedAt.get(`${event.call.station}|${event.call.counter}`);
      if (pressed !== undefined) heard.push(performance.now() - pressed);
    });
    await Promise.all(
      listeners.map(
        (listener) =>
          new Promise<void>((resolve) => {
            const stop = listener.subscribe((event) => {
              if (event.type === 'connected') {
                stop();
                resolve();
              }
            });
            listener.start();
          }),
      ),
    );

    const intervalMs = 3_600_000 / perHour / options.compression;
    const reservations: number[] = [];
    const lags: number[] = [];
    let checkIns = 0;
    let calls = 0;
    let errors = 0;
    let patient = 0;
    const endAt = performance.now() + options.seconds * 1000;
    const started = performance.now();

    const checkInLoop = async (index: number) => {
      const store = stores[index]!;
      const code = codes[index]!;
      const service = SERVICES[index % SERVICES.length]!;
      let next = started + (intervalMs * index) / options.stations;
      while (performance.now() < endAt) {
        await sleep(Math.max(0, next - performance.now()));
        next += intervalMs;
        const visitId = randomUUID();
        try {
          const asked = performance.now();
          const number = await store.reserve({ visitId, stationCode: code, serviceCode: service, queueDay: DAY });
          const answered = performance.now();
          reservations.push(answered - asked);
          patient += 1;
          await store.publish(
            {
              visitId,
              stationCode: code,
              patient: { idNumber: `0791${String(patient).padStart(8, '0')}`, fullName: 'BỆNH NHÂN THỬ TẢI', dateOfBirth: '1980-01-01' },
              service: { code: service, name: service },
              queueDay: DAY,
              queueNumber: number!.queueNumber,
              numberSource: 'site',
              status: 'waiting',
              priority: patient % 10 === 0 ? ['elderly'] : [],
              channel: index % 4 === 0 ? 'kiosk' : 'desk',
              operatorIdNumber: '079088000002',
              arrivedAt: new Date(),
              clockOffsetMs: 0,
            },
            cipher,
          );
          lags.push(performance.now() - answered);
          checkIns += 1;
        } catch {
          errors += 1;
        }
      }
    };

    const callLoop = async (index: number) => {
      const calling = stores[index]!.calls(cipher);
      const counter: SiteCounter = { station: codes[index]!, counter: `Q${index}`, name: { vi: `Quầy ${index}`, en: `Counter ${index}` }, operatorIdNumber: '079088000002' };
      const service = SERVICES[index % SERVICES.length]!;
      let next = started + intervalMs * 2 + (intervalMs * index) / options.stations;
      while (performance.now() < endAt) {
        await sleep(Math.max(0, next - performance.now()));
        next += intervalMs;
        try {
          pressedAt.set(`${counter.station}|${counter.counter}`, performance.now());
          const { called } = await calling.callNext(counter, [service], DAY);
          if (called) calls += 1;
        } catch {
          errors += 1;
        }
      }
    };

    await Promise.all(codes.flatMap((_, index) => [checkInLoop(index), callLoop(index)]));
    const seconds = (performance.now() - started) / 1000;
    await sleep(1_000);
    psql(cluster, 'CHECKPOINT');
    const after = sizeOf();
    return {
      stations: options.stations,
      checkInsPerHour: perHour,
      seconds: round(seconds, 1),
      compression: options.compression,
      reservationMs: summary(reservations),
      publishLagMs: summary(lags),
      callToDisplayMs: summary(heard),
      checkIns,
      calls,
      achievedCheckInsPerSecond: round(checkIns / seconds, 1),
      storeBytes: { before, after, perHundredThousandVisits: checkIns > 0 ? Math.round(((after - before) / checkIns) * 100_000) : 0 },
      errors,
    };
  } finally {
    await Promise.all(listeners.map((listener) => listener.close()));
    await Promise.all(stores.map((store) => store.close()));
    await cluster.destroy();
  }
}
