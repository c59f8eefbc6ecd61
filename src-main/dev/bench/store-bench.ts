// The store and the outbox under load, through their public APIs (issue 8's store/, sync/, checkin/):
//   - commit latency: CheckInService.checkIn with the eligibility already known (no network), i.e.
//     validation plus the one transaction (BEGIN IMMEDIATE … COMMIT) with WAL and synchronous=FULL, on a
//     file in the OS temp folder of this machine;
//   - drain throughput: check-in reports queued in bulk, then sent by the OutboxWorker to the in-process
//     gateway simulator, each built, signed with the demo facility certificate, submitted, verified by the
//     simulator and marked done in its own transaction.
import { mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { openCheckInStation, typedIdentity } from '../../checkin';
import { DEMO_CREDENTIALS } from '../gateway-sim/accounts';
import { startGatewaySim } from '../gateway-sim/server';
import { runningClockFrom } from '../gateway-sim/sim-clock';
import { GatewayClient, loadFacilityCredential, type EligibilityResult } from '../../insurance';
import { newVisitId, StaticKeyStore, type NewCheckIn, type PatientIdentity } from '../../store';
import { percentile, round } from './stats';

export interface CommitLatency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  commits: number;
  /** Where the database file was, and that disk's file system. */
  disk: string;
  setup: string;
}

export interface DrainThroughput {
  /** Items sent and marked done. */
  items: number;
  /** The backlog the drain started from. */
  queued: number;
  /** All queued items were sent; false when the time box ended the drain first. */
  complete: boolean;
  /** Wall time the drain may take; null for no limit. */
  timeBoxSeconds: number | null;
  seconds: number;
  perSecond: number;
  msPerItem: number;
  /** Latency injected into every gateway answer. */
  gatewayLatencyMs: number;
  /** Items in flight at once. */
  concurrency: number;
  setup: string;
}

/** The fixture BHYT cards are valid in 2026 (fixtures/bhyt/README.md). */
const START = '2026-03-15T01:30:00.000Z';
const KEY = new Uint8Array(32).fill(11);
const STAFF = DEMO_CREDENTIALS.staff;
const SERVICE = { code: 'K01', name: 'Khám bệnh' };
const FACILITY_P12 = resolve(import.meta.dirname, '../../../fixtures/pki/facility-01001.p12');
/** Patients of fixtures/bhyt with a card the gateway simulator knows. */
const PEOPLE: PatientIdentity[] = [
  { idNumber: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990', sex: 'male', address: null },
  { idNumber: '001185004521', fullName: 'Trần Thị Bình', dateOfBirth: '22/07/1985', sex: 'female', address: null },
];
const FILE_SYSTEMS: Record<number, string> = { 0xef53: 'ext4', 0x01021994: 'tmpfs', 0x58465342: 'xfs', 0x9123683e: 'btrfs', 0x794c7630: 'overlayfs' };

function diskOf(dir: string): string {
  const type = statfsSync(dir).type;
  return `${dir} (${FILE_SYSTEMS[type] ?? `file system 0x${type.toString(16)}`})`;
}

/** Each patient's answer from the gateway simulator, as a desk lookup would have it. */
async function answers(baseUrl: string, clock: ReturnType<typeof runningClockFrom>): Promise<EligibilityResult[]> {
  const client = new GatewayClient({ baseUrl, account: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password }, clock, lookupLimits: false });
  try {
    const results: EligibilityResult[] = [];
    for (const person of PEOPLE) results.push(await client.lookupCard({ maThe: person.idNumber, hoTen: person.fullName, ngaySinh: person.dateOfBirth }, STAFF));
    return results;
  } finally {
    client.close();
  }
}

export async function measureCommitLatency(commits = 1000, warmup = 50): Promise<CommitLatency> {
  const dir = mkdtempSync(join(tmpdir(), 'tiepdon-bench-store-'));
  const clock = runningClockFrom(START);
  const sim = await startGatewaySim({ clock });
  const results = await answers(sim.url, clock);
  await sim.close();
  const desk = await openCheckInStation({ dbFile: join(dir, 'desk.db'), keyStore: new StaticKeyStore(KEY), clock, station: { stationCode: 'A', facilityCode: '01001' }, gateway: null, credential: null });
  try {
    const timings: number[] = [];
    for (let i = 0; i < warmup + commits; i += 1) {
      const person = PEOPLE[i % PEOPLE.length]!;
      const request = {
        identity: typedIdentity({ idNumber: person.idNumber, fullName: person.fullName, dateOfBirth: person.dateOfBirth, sex: person.sex === 'male' ? 'Nam' : 'Nữ' }),
        staff: STAFF,
        service: SERVICE,
        eligibility: results[i % results.length]!,
      };
      const started = performance.now();
      await desk.service.checkIn(request);
      if (i >= warmup) timings.push(performance.now() - started);
    }
    const info = desk.store.info();
    if (info.synchronous !== 'full' || info.journalMode !== 'wal') throw new Error(`the store is not WAL + synchronous=FULL (${info.journalMode}, ${info.synchronous})`);
    return {
      p50Ms: round(percentile(timings, 50), 3),
      p99Ms: round(percentile(timings, 99), 3),
      maxMs: round(Math.max(...timings), 3),
      commits,
      disk: diskOf(dir),
      setup: `CheckInService.checkIn with the eligibility known (no network), ${warmup} warm-up commits, journal_mode=${info.journalMode}, synchronous=${info.synchronous}`,
    };
  } finally {
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DrainOptions {
  /** Latency injected into every gateway answer. */
  gatewayLatencyMs?: number;
  /** Distinct patients among the items (default: one each, as after an outage of a busy day). */
  patients?: number;
  /**
   * Stop after this long and report the items done so far. Draining 10,000 items takes minutes; the
   * first part of the drain, with the backlog deepest, is its slowest, so a time-boxed figure is the
   * conservative one.
   */
  maxSeconds?: number | null;
}

export async function measureDrain(queued = 10_000, options: DrainOptions = {}): Promise<DrainThroughput> {
  const gatewayLatencyMs = options.gatewayLatencyMs ?? 0;
  const patients = options.patients ?? queued;
  const maxSeconds = options.maxSeconds ?? null;
  const dir = mkdtempSync(join(tmpdir(), 'tiepdon-bench-drain-'));
  const clock = runningClockFrom(START);
  const sim = await startGatewaySim({ clock, faults: { latencyMs: gatewayLatencyMs } });
  const credential = loadFacilityCredential(new Uint8Array(readFileSync(FACILITY_P12)), 'tiepdon-demo');
  const results = await answers(sim.url, clock);
  const desk = await openCheckInStation({
    dbFile: join(dir, 'desk.db'),
    keyStore: new StaticKeyStore(KEY),
    clock,
    station: { stationCode: 'A' },
    gateway: { baseUrl: sim.url, account: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password }, lookupLimits: false },
    credential,
    logger: pino({ level: 'silent' }),
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    // Queued in one transaction: filling the queue is not what is measured.
    desk.store.transaction(() => {
      for (let i = 0; i < queued; i += 1) desk.store.recordCheckIn(checkInOf(i % patients, results[i % results.length]!, clock.now()));
    });
    const pending = desk.store.info().outbox.pending;
    if (pending !== queued) throw new Error(`queued ${pending} outbox items, expected ${queued}`);
    let done = 0;
    const failures: string[] = [];
    const started = performance.now();
    let lastDone = started;
    desk.worker.subscribe((event) => {
      if (event.type === 'item-done') {
        done += 1;
        lastDone = performance.now();
      } else if (!(event.type === 'item-retry' && event.code === 'aborted')) failures.push(`${event.type} ${event.code}`);
    });
    // Stopping aborts the item in flight; it goes back to the queue and is not counted.
    if (maxSeconds !== null) timer = setTimeout(() => void desk.worker.stop(), maxSeconds * 1000);
    for (;;) {
      const report = await desk.worker.drain();
      if (failures.length > 0) throw new Error(`the drain had failures: ${failures.slice(0, 3).join(', ')}`);
      if (report.stoppedBy === 'stopped' || (report.stoppedBy === 'empty' && report.attempted === 0)) break;
    }
    const seconds = (lastDone - started) / 1000;
    const stored = desk.store.info().outbox.done;
    const received = sim.checkIns().length;
    // The aborted request may still have reached the gateway: the outbox is at-least-once by design.
    if (stored !== done || received < done || received > done + 1) throw new Error(`${done} items done, ${stored} marked done in the store, ${received} received by the gateway`);
    return {
      items: done,
      queued,
      complete: done === queued,
      timeBoxSeconds: maxSeconds,
      seconds: round(seconds, 2),
      perSecond: round(done / seconds, 1),
      msPerItem: round((seconds * 1000) / done, 3),
      gatewayLatencyMs,
      concurrency: 1,
      setup:
        `${queued} checkin-report items queued for ${patients} patients; each built as QĐ 4750 XML, signed with fixtures/pki/facility-01001.p12, submitted, ` +
        `verified by the in-process gateway simulator and marked done; OutboxWorker.drain(), one item at a time by design; store on ${diskOf(dir)}, synchronous=FULL`,
    };
  } finally {
    clearTimeout(timer);
    await desk.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Patient `n`: the fixture people's names and birth dates, each with an ID number of its own. */
function patientOf(n: number): PatientIdentity {
  const person = PEOPLE[n % PEOPLE.length]!;
  return { ...person, idNumber: `0010${String(n).padStart(8, '0')}` };
}

function checkInOf(patient: number, result: EligibilityResult, at: Date): NewCheckIn {
  return {
    visitId: newVisitId(),
    at,
    facilityCode: '01001',
    stationCode: 'A',
    patient: patientOf(patient),
    staff: STAFF,
    service: SERVICE,
    visitType: '01',
    entryCategory: '1.1',
    reasonForVisit: null,
    heightCm: null,
    bloodGroup: null,
    provenance: 'typed',
    verificationVerdict: null,
    identityFlag: null,
    eligibility: { kind: 'result', result },
    eligibilityFlag: null,
    photo: null,
    priority: [],
    channel: 'desk',
    visitKind: 'first-visit',
    handover: false,
  };
}
