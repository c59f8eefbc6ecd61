import { describe, expect, it } from 'vitest';
import { GatewayError, type CallOptions, type CardQuery, type EligibilityResult, type Staff } from '../insurance';
import { memoryLogger } from '../dev/testing/fakes';
import { AN, eligibleResult, HOA, openTestStore, TestClock } from '../dev/testing/check-ins';
import { ConnectivityMonitor } from '../sync';
import { CheckInService, type CheckInRequest, type CheckInEvent } from './checkin-service';
import type { IdentityInput } from './identity';

const T0 = '2026-03-15T01:30:00.000Z';
const an: IdentityInput = { ...AN, provenance: 'chip-authentic', verdict: 'authentic' };

type Lookup = (query: CardQuery, staff: Staff, options: CallOptions) => Promise<EligibilityResult>;

async function setup(lookup: Lookup | null = async () => eligibleResult(), options = {}) {
  const clock = new TestClock(T0);
  const { store } = openTestStore(clock);
  const connectivity = new ConnectivityMonitor();
  const asked: CardQuery[] = [];
  const committed: string[] = [];
  const { logger, lines } = await memoryLogger();
  const service = new CheckInService({
    store,
    clock,
    station: { facilityCode: '01001', stationCode: 'A' },
    gateway: lookup
      ? {
          lookupCard: (query, staff, callOptions = {}) => {
            asked.push(query);
            return lookup(query, staff, callOptions);
          },
        }
      : null,
    connectivity,
    onCommitted: (outcome) => committed.push(outcome?.visitId ?? 'correction'),
    logger,
    options,
  });
  const events: CheckInEvent[] = [];
  service.subscribe((event) => events.push(event));
  return { clock, store, service, connectivity, asked, committed, events, lines };
}

const request = (overrides: Partial<CheckInRequest> = {}): CheckInRequest => ({
  identity: an,
  staff: HOA,
  service: { code: 'K01', name: 'Khám bệnh' },
  ...overrides,
});

describe('checking a patient in', () => {
  it('online: asks the gateway with the chip’s data, records visit and queue number, queues only the report', async () => {
    const { service, store, asked, committed, events } = await setup();
    const outcome = await service.checkIn(request());
    expect(asked).toEqual([{ maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990' }]);
    expect(outcome).toMatchObject({ queueNumber: 'A-001', queueDay: '2026-03-15', eligibility: { status: 'eligible', code: '000' }, flags: [] });
    expect(outcome.outbox.map((item) => item.kind)).toEqual(['checkin-report']);
    expect(committed).toEqual([outcome.visitId]);
    expect(events).toMatchObject([{ type: 'checked-in', visit: { visitId: outcome.visitId, queueNumber: 'A-001', eligibility: { status: 'eligible' } } }]);
    expect(store.audit.forPatient(outcome.patientId).map((entry) => [entry.action, entry.outcome])).toEqual([
      ['eligibility-lookup', '000'],
      ['check-in', 'chip-authentic'],
    ]);
  });

  it('gateway unreachable: the patient still gets a number; eligibility pending, lookup queued before the report', async () => {
    const { service, store, connectivity } = await setup(async () => {
      throw new GatewayError('network', 'ECONNREFUSED');
    });
    const outcome = await service.checkIn(request());
    expect(outcome).toMatchObject({ queueNumber: 'A-001', eligibility: { status: 'pending' }, result: null });
    expect(outcome.outbox.map((item) => item.kind)).toEqual(['eligibility-lookup', 'checkin-report']);
    expect(connectivity.state).toBe('degraded');
    expect(store.audit.forPatient(outcome.patientId)[0]).toMatchObject({ action: 'eligibility-lookup', outcome: 'error:network' });
  });

  it('known to be offline: does not make the patient wait for the gateway at all', async () => {
    const { service, connectivity, asked } = await setup();
    for (let i = 0; i < 3; i += 1) connectivity.observeError(new GatewayError('network'));
    expect((await service.checkIn(request())).eligibility).toEqual({ status: 'pending' });
    expect(asked).toEqual([]);
  });

  it('a gateway slower than the desk’s limit: queued, counted as a time-out', async () => {
    const { service, connectivity } = await setup(
      (_query, _staff, { signal }) =>
        new Promise((_resolve, reject) => signal!.addEventListener('abort', () => reject(new GatewayError('aborted')))),
      { lookupTimeoutMs: 50 },
    );
    const started = Date.now();
    expect((await service.checkIn(request())).eligibility).toEqual({ status: 'pending' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(connectivity.consecutiveUnreachable).toBe(1);
  });

  it('"not eligible" (010) is recorded and flags the visit for staff', async () => {
    const { service } = await setup(async () => ({ ...eligibleResult(), code: '010', status: 'not-eligible', reason: 'card-expired' }));
    const outcome = await service.checkIn(request());
    expect(outcome).toMatchObject({ eligibility: { status: 'not-eligible', code: '010' }, flags: ['eligibility:not-eligible'] });
    expect(service.todaysVisits()[0]).toMatchObject({ flags: ['eligibility:not-eligible'] });
  });

  it('a technical answer (500) is not an answer about the card: queued to ask again', async () => {
    const { service, store } = await setup(async () => ({ ...eligibleResult(), code: '500', status: 'technical', card: null, retryLater: true }));
    const outcome = await service.checkIn(request());
    expect(outcome.eligibility).toEqual({ status: 'pending' });
    expect(store.audit.forPatient(outcome.patientId)[0]).toMatchObject({ action: 'eligibility-lookup', outcome: '500' });
  });

  it('uses the answer the desk already got during the card read, without asking again', async () => {
    const { service, asked } = await setup();
    expect((await service.checkIn(request({ eligibility: eligibleResult() }))).eligibility).toEqual({ status: 'eligible', code: '000' });
    expect((await service.checkIn(request({ eligibility: 'pending' }))).eligibility).toEqual({ status: 'pending' });
    expect(asked).toEqual([]);
  });

  it('no lookup for a fee-paying visit or a passport; no report for an emergency', async () => {
    const { service, asked } = await setup();
    expect((await service.checkIn(request({ insurance: 'none' }))).eligibility).toEqual({ status: 'not-requested' });
    const passport: IdentityInput = { idNumber: 'C1234567', fullName: 'UTOPIA ANNA', dateOfBirth: '22/07/1985', sex: 'female', address: null, provenance: 'chip-authentic', verdict: 'authentic' };
    const foreign = await service.checkIn(request({ identity: passport }));
    expect(foreign.eligibility).toEqual({ status: 'not-requested' });
    expect(foreign.outbox.map((item) => item.kind)).toEqual(['checkin-report']);
    expect((await service.checkIn(request({ visitKind: 'emergency' }))).outbox).toEqual([]);
    expect(asked).toHaveLength(1);
  });

  it('flags a chip whose data was altered or which looks cloned', async () => {
    const { service } = await setup();
    const outcome = await service.checkIn(request({ identity: { ...an, provenance: 'chip-unverified', verdict: 'clone-suspected' } }));
    expect(outcome.flags).toEqual(['identity:clone-suspected']);
  });

  it('keeps the photo only when the desk is set to', async () => {
    const photo = { mimeType: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) };
    const off = await setup();
    expect(off.store.visits.photo((await off.service.checkIn(request({ photo }))).visitId)).toBeNull();
    const on = await setup(async () => eligibleResult(), { storePhotos: true });
    expect(on.store.visits.photo((await on.service.checkIn(request({ photo }))).visitId)).toEqual(photo);
  });

  it('refuses a request the tables cannot carry, writing nothing', async () => {
    const { service, store } = await setup();
    await expect(service.checkIn(request({ service: { code: 'K 01', name: '' }, heightCm: 0 }))).rejects.toMatchObject({
      code: 'invalid-request',
      fields: ['service.code', 'service.name', 'heightCm'],
    });
    await expect(service.checkIn(request({ staff: { fullName: 'Hoa', idNumber: '123' } }))).rejects.toMatchObject({ code: 'invalid-request', fields: ['staff'] });
    expect(store.info().visits).toBe(0);
  });

  it('finds the person’s visits today (the desk asks before a second one)', async () => {
    const { service, clock } = await setup();
    await service.checkIn(request());
    expect(service.visitsTodayOf(' 0010 9001 2345')).toHaveLength(1);
    clock.set('2026-03-15T17:00:00.000Z');
    expect(service.visitsTodayOf('001090012345')).toEqual([]);
  });

  it('logs no name, ID number or date of birth', async () => {
    const { service, lines } = await setup(async () => {
      throw new GatewayError('network');
    });
    await service.checkIn(request());
    const log = lines.join('\n');
    expect(log).toContain('check-in recorded');
    for (const secret of ['Nguyễn', '001090012345', '15/03/1990', '1990']) expect(log).not.toContain(secret);
  });
});

describe('staff actions on a visit (the events others hook)', () => {
  it('cancel, correct, call, skip and recall each tell listeners who acted; the reason goes along but never into the log', async () => {
    const { service, events, lines } = await setup();
    const { visitId } = await service.checkIn(request());
    service.correctVisit(visitId, HOA, 'Sai loại khám', { visitKind: 'follow-up' });
    service.callNext('P101', ['K01'], HOA);
    service.recall('P101', HOA);
    service.skip('P101', 3, HOA);
    service.cancelVisit(visitId, HOA, 'Bệnh nhân bỏ về');
    expect(events.map((event) => event.type)).toEqual(['checked-in', 'visit-corrected', 'visit-called', 'visit-called', 'visit-skipped', 'visit-cancelled']);
    expect(events[1]).toMatchObject({ by: HOA, reason: 'Sai loại khám', changes: [{ field: 'visitKind', from: 'first-visit', to: 'follow-up' }], reportSent: false });
    expect(events[2]).toMatchObject({ counter: 'P101', recall: false, visit: { status: 'called' } });
    expect(events[3]).toMatchObject({ recall: true, visit: { call: { count: 2 } } });
    expect(events[5]).toMatchObject({ by: HOA, reason: 'Bệnh nhân bỏ về', withdrawn: ['checkin-report'], visit: { status: 'cancelled' } });
    expect(lines.join('\n')).not.toMatch(/bỏ về|Sai loại/);
  });

  it('a reason is required, and a visit cannot be cancelled twice (typed errors)', async () => {
    const { service } = await setup();
    const { visitId } = await service.checkIn(request());
    expect(() => service.cancelVisit(visitId, HOA, '   ')).toThrow(expect.objectContaining({ code: 'invalid-request', fields: ['reason'] }));
    service.cancelVisit(visitId, HOA, 'Nhầm');
    expect(() => service.cancelVisit(visitId, HOA, 'Nhầm')).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(() => service.cancelVisit('no-such-visit', HOA, 'Nhầm')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('a cancelled visit’s number is not given again; a reason of 10 MB is refused, writing nothing', async () => {
    const { service, store } = await setup();
    const first = await service.checkIn(request());
    expect(() => service.cancelVisit(first.visitId, HOA, 'x'.repeat(10 * 1024 * 1024))).toThrow(expect.objectContaining({ code: 'invalid-request', fields: ['reason'] }));
    expect(store.visit(first.visitId)!.status).toBe('waiting');
    service.cancelVisit(first.visitId, HOA, 'Nhầm người');
    const second = await service.checkIn(request({ identity: { ...an, idNumber: '001090054321' } }));
    expect([first.queueNumber, second.queueNumber]).toEqual(['A-001', 'A-002']);
    expect(store.audit.forPatient(first.patientId).filter((entry) => entry.action === 'visit-cancel')).toMatchObject([{ staffId: expect.any(Number), visitId: first.visitId }]);
  });

  it('yesterday’s visit is not cancelled, corrected or called back today (typed errors, nothing changed)', async () => {
    const { service, store, clock } = await setup();
    const { visitId } = await service.checkIn(request());
    clock.set('2026-03-16T01:30:00.000Z');
    expect(() => service.cancelVisit(visitId, HOA, 'Nhầm')).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(() => service.correctVisit(visitId, HOA, 'Sai phòng', { service: { code: 'K02', name: 'Khám Nhi' } })).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(() => service.recall('P101', HOA, visitId)).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(store.visit(visitId)).toMatchObject({ status: 'waiting', queueNumber: 'A-001', service: { code: 'K01' } });
    expect(service.nowServing()).toEqual([]);
  });
});
