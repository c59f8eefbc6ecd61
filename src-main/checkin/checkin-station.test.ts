// The check-in side of a desk end to end, against the gateway simulator in this process: offline first,
// then the outbox catches up.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { fixturePaths } from '../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../dev/gateway-sim/server';
import { loadFacilityCredential } from '../insurance';
import { SimReaderPort } from '../dev/simulator/sim-reader-port';
import { loadChipImage } from '../dev/simulator/personas/registry';
import { StaticKeyStore } from '../store';
import { HOA, TEST_KEY } from '../dev/testing/check-ins';
import { tempDir } from '../dev/testing/fakes';
import { readTrustPath } from '../trust/trust-material';
import { TrustStore } from '../trust/trust-store';
import { readCardIdentity } from './card-identity';
import { openCheckInStation, type CheckInStationConfig } from './checkin-station';
import type { CheckInEvent } from './checkin-service';
import { typedIdentity } from './identity';

const AT = '2026-03-15T01:30:00.000Z';
const clock = fixedClock(AT);
const credential = loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'tiepdon-demo');
const account = { username: '01001_BV', password: 'tiepdon-demo' };
const service = { code: 'K01', name: 'Khám bệnh' };

let sim: GatewaySim;
let closedPort: number;

beforeAll(async () => {
  sim = await startGatewaySim({ clock });
  closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
});
afterAll(() => sim.close());

function config(dbFile: string, gatewayUrl: string): CheckInStationConfig {
  return {
    dbFile,
    keyStore: new StaticKeyStore(TEST_KEY),
    clock,
    station: { stationCode: 'A' },
    gateway: { baseUrl: gatewayUrl, account, lookupLimits: false, timeouts: { connectMs: 2_000, totalMs: 5_000 } },
    credential,
  };
}

describe('a desk that loses the gateway and gets it back', () => {
  it('checks in offline with eligibility pending; the outbox then looks up, reports once, and the visit gets its eligibility', async () => {
    sim.reset();
    const dbFile = join(tempDir(), 'desk.db');
    const offline = await openCheckInStation(config(dbFile, `http://127.0.0.1:${closedPort}`));
    const identity = typedIdentity({ idNumber: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990', sex: 'Nam' });
    const outcome = await offline.service.checkIn({ identity, staff: HOA, service });
    expect(outcome).toMatchObject({ queueNumber: 'A-001', eligibility: { status: 'pending' } });
    expect(await offline.worker.drain()).toMatchObject({ attempted: 1, stoppedBy: 'unreachable' });
    await offline.close();

    const online = await openCheckInStation(config(dbFile, sim.url));
    const events: CheckInEvent[] = [];
    online.service.subscribe((event) => events.push(event));
    expect(await online.worker.drain({ ignoreSchedule: true })).toMatchObject({ attempted: 2, done: 2, dead: 0 });
    expect(online.store.visit(outcome.visitId)).toMatchObject({ eligibility: { status: 'eligible', code: '000' }, sync: 'sent', flags: [] });
    expect(online.store.eligibility.latest(outcome.visitId)?.raw).toMatchObject({ maKetQua: '000', maThe: 'DN4010123456789' });
    const received = sim.checkIns().filter((checkIn) => checkIn.records.some((record) => record.MA_LK === outcome.visitId));
    expect(received).toHaveLength(1);
    // QĐ 3176 replaced QĐ 4750 from 2025-01-01: its path is the default.
    expect(received[0]!.path).toBe('/api/qd130/checkInKcbQd3176');
    expect(received[0]!.records[0]).toMatchObject({ MA_THE_BHYT: 'DN4010123456789', MA_DOITUONG_KCB: '1.1', HO_TEN: 'Nguyễn Văn An', MA_CSKCB: '01001' });
    const report = online.store.outbox.ofVisit(outcome.visitId).find((item) => item.kind === 'checkin-report')!;
    expect(JSON.parse(report.receipt!)).toMatchObject({ maGiaoDich: received[0]!.maGiaoDich });
    expect(events.map((event) => event.type)).toEqual(['visit-updated', 'visit-updated']);
    expect(online.worker.state).toMatchObject({ connectivity: 'online', pending: 0, dead: 0 });
    await online.close();
  });

  it('a queued lookup that comes back "not eligible" (010) flags the visit; the report goes without the card', async () => {
    sim.reset();
    const dbFile = join(tempDir(), 'desk.db');
    const desk = await openCheckInStation(config(dbFile, sim.url));
    const identity = typedIdentity({ idNumber: '001058006789', fullName: 'Vũ Mạnh Hùng', dateOfBirth: '30/04/1958', sex: 'Nam' });
    const outcome = await desk.service.checkIn({ identity, staff: HOA, service, eligibility: 'pending' });
    await desk.worker.drain();
    expect(desk.store.visit(outcome.visitId)).toMatchObject({ eligibility: { status: 'not-eligible', code: '010' }, flags: ['eligibility:not-eligible'], sync: 'sent' });
    const [received] = sim.checkIns();
    expect(received!.records[0]).toMatchObject({ MA_LK: outcome.visitId, MA_THE_BHYT: '' });
    await desk.close();
  });

  it('a crash between sending and recording sends the report again with the same MA_LK; locally it is done once', async () => {
    sim.reset();
    const dbFile = join(tempDir(), 'desk.db');
    const desk = await openCheckInStation(config(dbFile, sim.url));
    const identity = typedIdentity({ idNumber: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990', sex: 'Nam' });
    const outcome = await desk.service.checkIn({ identity, staff: HOA, service });
    // The process "dies" after the gateway accepted the report but before the commit.
    const item = desk.store.outbox.claimNext(clock.now())!;
    const { checkInReportHandler } = await import('./outbox-handlers');
    await checkInReportHandler({ store: desk.store, gateway: desk.gateway!, credential, clock })(item, { signal: new AbortController().signal });
    expect(desk.worker.recover()).toBe(1);
    await desk.worker.drain();
    const keys = sim.checkIns().map((checkIn) => checkIn.records[0]!.MA_LK);
    expect(keys).toEqual([outcome.visitId, outcome.visitId]);
    expect(desk.store.outbox.ofVisit(outcome.visitId).map((entry) => [entry.kind, entry.state])).toEqual([['checkin-report', 'done']]);
    await desk.close();
  });

  it('from a card on a reader: chip read, verified against the test CSCA, checked in as chip-authentic', async () => {
    sim.reset();
    const readers = new SimReaderPort({ readers: ['sim:an'] });
    readers.insert(loadChipImage('an'), 'sim:an');
    const trust = new TrustStore().with(readTrustPath(fileURLToPath(new URL('../../fixtures/pki/test-csca.pem', import.meta.url))));
    const card = await readCardIdentity(readers, { reader: 'sim:an', access: { kind: 'can', can: '012345' }, trust, clock });
    expect(card.verification.verdict).toBe('authentic');
    const desk = await openCheckInStation(config(join(tempDir(), 'desk.db'), sim.url));
    const outcome = await desk.service.checkIn({ identity: card.identity, staff: HOA, service });
    expect(outcome).toMatchObject({ eligibility: { status: 'eligible', code: '000' } });
    expect(desk.store.visit(outcome.visitId)).toMatchObject({ provenance: 'chip-authentic', verificationVerdict: 'authentic', holder: { fullName: 'Nguyễn Văn An' } });
    await desk.close();
  });
});
