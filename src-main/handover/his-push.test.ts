// The push to the HIS end to end at the service level: the desk's check-in, the BHXH gateway simulator
// and a FHIR receiver on 127.0.0.1, each lane with its own worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bundle, Encounter, Provenance } from '@medplum/fhirtypes';
import { openCheckInStation, type CheckInStation } from '../checkin/checkin-station';
import { typedIdentity } from '../checkin/identity';
import { fixedClock } from '../util/clock';
import { fixturePaths } from '../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../dev/gateway-sim/server';
import { CCCD_SYSTEM, EXTENSIONS } from '../his/fhir-ids';
import { loadFacilityCredential } from '../insurance';
import { StaticKeyStore } from '../store';
import { HOA, TEST_KEY } from '../dev/testing/check-ins';
import { tempDir } from '../dev/testing/fakes';
import { FhirReceiver } from '../dev/testing/fhir-receiver';
import { bundleErrors } from '../dev/testing/fhir-validator';

const clock = fixedClock('2026-03-15T01:30:00.000Z');
const credential = loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'tiepdon-demo');
const an = typedIdentity({ idNumber: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990', sex: 'Nam' });

let sim: GatewaySim;
let receiver: FhirReceiver;
let desk: CheckInStation;

beforeAll(async () => {
  sim = await startGatewaySim({ clock });
  receiver = await new FhirReceiver().start();
});
afterAll(async () => {
  await receiver.stop();
  await sim.close();
});

beforeEach(async () => {
  sim.reset();
  receiver.behaviour = 'ok';
  receiver.received.length = 0;
  desk = await openCheckInStation({
    dbFile: join(tempDir(), 'desk.db'),
    keyStore: new StaticKeyStore(TEST_KEY),
    clock,
    station: { stationCode: 'K1', facilityCode: '01001' },
    gateway: { baseUrl: sim.url, account: { username: '01001_BV', password: 'tiepdon-demo' }, lookupLimits: false },
    credential,
    worker: { itemBackoff: { baseMs: 1, maxMs: 1 }, unreachableBackoff: { baseMs: 1, maxMs: 1 } },
    his: {
      baseUrl: receiver.url,
      auth: { kind: 'bearer', token: 'his-token' },
      caPem: null,
      facility: { code: '01001', name: 'Bệnh viện Demo Tiếp đón' },
      mapping: () => ({ includePhoto: false, testData: false }),
      timeouts: { connectMs: 1_000, totalMs: 1_500 },
    },
  });
  return () => desk.close();
});

const checkIn = () => desk.service.checkIn({ identity: an, staff: HOA, service: { code: 'NOI', name: 'Khám Nội' } });
const hisItems = (visitId: string) => desk.store.outbox.ofVisit(visitId).filter((item) => item.lane === 'his');
const resourceOf = <T>(bundle: Bundle, type: string) => bundle.entry!.find((entry) => entry.resource!.resourceType === type)!.resource as T;

describe('pushing visits to the HIS', () => {
  it('a check-in arrives as a transaction Bundle (0 validation errors); the HIS’s answer is kept with the done item', async () => {
    const visit = await checkIn();
    expect(visit.outbox.map((item) => item.kind)).toEqual(['checkin-report', 'his-checkin']);
    const report = await desk.his!.worker.drain();
    expect(report).toMatchObject({ done: 1, stoppedBy: 'empty' });
    const [received] = receiver.received;
    expect(received!.authorization).toBe('Bearer his-token');
    expect(received!.bundle.type).toBe('transaction');
    expect(bundleErrors(received!.bundle)).toEqual([]);
    const encounter = resourceOf<Encounter>(received!.bundle, 'Encounter');
    expect(encounter).toMatchObject({ id: visit.visitId, status: 'arrived' });
    expect(encounter.extension).toContainEqual({ url: EXTENSIONS.queueNumber, valueString: visit.queueNumber });
    expect(resourceOf<{ identifier: unknown[] }>(received!.bundle, 'Patient').identifier).toContainEqual(expect.objectContaining({ system: CCCD_SYSTEM, value: '001090012345' }));
    const [done] = hisItems(visit.visitId);
    expect(done!.state).toBe('done');
    expect(JSON.parse(done!.receipt!)).toMatchObject({ httpStatus: 200, entries: expect.arrayContaining([{ status: '201 Created', location: `Encounter/${visit.visitId}/_history/1`, etag: 'W/"1"', lastModified: null }]) });
  });

  it('with the HIS down the check-in completes and the BHXH report still goes out; the Bundle arrives when the HIS is back', async () => {
    await receiver.stop();
    try {
      const visit = await checkIn();
      expect(visit.queueNumber).toBe('K1-001');
      const hisPass = await desk.his!.worker.drain({ ignoreSchedule: true });
      expect(hisPass).toMatchObject({ done: 0, stoppedBy: 'unreachable' });
      // The BHXH lane does not wait for the HIS lane.
      const bhxh = await desk.worker.drain({ ignoreSchedule: true });
      expect(bhxh).toMatchObject({ done: 1 });
      expect(sim.checkIns().map((received) => received.records[0]!.MA_LK)).toEqual([visit.visitId]);
      expect(desk.store.visit(visit.visitId)!.sync).toBe('sent');
      const [waiting] = hisItems(visit.visitId);
      // Unreachable is not the item's fault: it keeps its budget of attempts and its place.
      expect(waiting).toMatchObject({ state: 'pending', lastErrorCode: 'network' });
      expect(desk.his!.worker.state).toMatchObject({ pending: 1, dead: 0, connectivity: 'degraded' });
    } finally {
      await receiver.start();
    }
    const back = await desk.his!.worker.drain({ ignoreSchedule: true });
    expect(back).toMatchObject({ done: 1 });
    expect(receiver.received).toHaveLength(1);
    expect(desk.his!.worker.state).toMatchObject({ pending: 0, dead: 0, connectivity: 'online' });
  });

  it('a cancellation at the desk arrives as an update: the same Encounter PUT again, now cancelled, with a Provenance that says so', async () => {
    const visit = await checkIn();
    await desk.his!.worker.drain();
    const cancelled = desk.service.cancelVisit(visit.visitId, HOA, 'Bệnh nhân đăng ký nhầm');
    // The BHXH report not yet sent is withdrawn; the HIS, which has the visit, is told.
    expect(cancelled.withdrawn).toEqual(['checkin-report']);
    expect(hisItems(visit.visitId).map((item) => [item.kind, item.state])).toEqual([['his-checkin', 'done'], ['his-cancellation', 'pending']]);
    await desk.his!.worker.drain();
    expect(receiver.received).toHaveLength(2);
    const update = receiver.received[1]!.bundle;
    expect(bundleErrors(update)).toEqual([]);
    const encounter = update.entry!.find((entry) => entry.resource!.resourceType === 'Encounter')!;
    expect(encounter.request).toEqual({ method: 'PUT', url: `Encounter/${visit.visitId}` });
    expect((encounter.resource as Encounter).status).toBe('cancelled');
    expect(resourceOf<Provenance>(update, 'Provenance').activity?.coding?.[0]?.code).toBe('CANCEL');
    // Two hand-overs, two Provenances: the first one is not overwritten.
    expect(resourceOf<Provenance>(update, 'Provenance').id).not.toBe(resourceOf<Provenance>(receiver.received[0]!.bundle, 'Provenance').id);
  });

  it('a correction arrives as an update carrying it; a visit cancelled before the HIS had it is withdrawn from the HIS lane too', async () => {
    const visit = await checkIn();
    desk.service.correctVisit(visit.visitId, HOA, 'Nhầm lý do khám', { reasonForVisit: 'Đau bụng' });
    expect(hisItems(visit.visitId).map((item) => item.kind)).toEqual(['his-checkin', 'his-correction']);
    await desk.his!.worker.drain();
    expect(receiver.received).toHaveLength(2);
    const corrected = resourceOf<Encounter>(receiver.received[1]!.bundle, 'Encounter');
    expect(corrected.reasonCode).toEqual([{ text: 'Đau bụng' }]);
    expect(resourceOf<Provenance>(receiver.received[1]!.bundle, 'Provenance').activity?.coding?.[0]?.code).toBe('UPDATE');

    await receiver.stop();
    let unsent: Awaited<ReturnType<typeof checkIn>>;
    try {
      unsent = await checkIn();
      await desk.his!.worker.drain({ ignoreSchedule: true });
      desk.service.cancelVisit(unsent.visitId, HOA, 'Bệnh nhân về');
    } finally {
      await receiver.start();
    }
    expect(hisItems(unsent.visitId).map((item) => [item.kind, item.state])).toEqual([['his-checkin', 'withdrawn']]);
    expect(await desk.his!.worker.drain({ ignoreSchedule: true })).toMatchObject({ attempted: 0 });
    expect(receiver.received).toHaveLength(2);
  });

  it('a hostile HIS (huge, malformed, slow answers) gives typed errors within the deadline and loses nothing; a refusal waits for staff, then goes', async () => {
    const visit = await checkIn();
    for (const behaviour of ['huge', 'malformed', 'slow'] as const) {
      receiver.behaviour = behaviour;
      const started = performance.now();
      const pass = await desk.his!.worker.drain({ ignoreSchedule: true });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(pass.items[0]).toMatchObject({ kind: 'his-checkin', outcome: 'retry', code: expect.stringMatching(behaviour === 'slow' ? /^timeout/ : /^bad-response/) });
    }
    receiver.behaviour = 'rejected';
    expect((await desk.his!.worker.drain({ ignoreSchedule: true })).items[0]).toMatchObject({ outcome: 'dead', code: 'rejected:422' });
    expect(desk.his!.worker.deadItems().map((item) => item.visitId)).toEqual([visit.visitId]);
    // Meanwhile the BHXH lane is not held up, and its dead list is not the HIS's.
    expect(await desk.worker.drain()).toMatchObject({ done: 1 });
    expect(desk.worker.deadItems()).toEqual([]);
    receiver.behaviour = 'ok';
    expect(desk.his!.worker.retryDead(HOA)).toHaveLength(1);
    expect(await desk.his!.worker.drain({ ignoreSchedule: true })).toMatchObject({ done: 1 });
    expect(receiver.received).toHaveLength(1);
  });
});
