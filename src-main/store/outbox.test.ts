import { describe, expect, it } from 'vitest';
import { BINH, eligibleResult, newCheckIn, openTestStore, TestClock } from '../dev/testing/check-ins';

const T0 = '2026-03-15T01:30:00.000Z';

function setup() {
  const clock = new TestClock(T0);
  const { store } = openTestStore(clock);
  return { clock, store };
}

describe('the outbox', () => {
  it('hands out one patient’s items in the order they were queued, other patients’ meanwhile', () => {
    const { clock, store } = setup();
    const an1 = store.recordCheckIn(newCheckIn({}, clock.now()));
    const an2 = store.recordCheckIn(newCheckIn({}, clock.now()));
    const binh = store.recordCheckIn(newCheckIn({ patient: BINH }, clock.now()));

    const first = store.outbox.claimNext(clock.now())!;
    expect([first.kind, first.visitId, first.state, first.attempts]).toEqual(['eligibility-lookup', an1.visitId, 'in-flight', 1]);
    // an's next item waits for the one in flight; Bình's first item does not.
    const second = store.outbox.claimNext(clock.now())!;
    expect([second.kind, second.visitId]).toEqual(['eligibility-lookup', binh.visitId]);
    expect(store.outbox.claimNext(clock.now())).toBeNull();

    store.completeItem(first, clock.now(), null);
    expect(store.outbox.claimNext(clock.now())).toMatchObject({ kind: 'checkin-report', visitId: an1.visitId });
    expect(an2.outbox).toHaveLength(2);
  });

  it('keeps a patient’s later items waiting while an earlier one backs off', () => {
    const { clock, store } = setup();
    store.recordCheckIn(newCheckIn({}, clock.now()));
    const lookup = store.outbox.claimNext(clock.now())!;
    store.outbox.retryLater(lookup.id, clock.now(), clock.now().getTime() + 60_000, { code: 'network', message: 'ECONNREFUSED' });
    expect(store.outbox.claimNext(clock.now())).toBeNull();
    expect(store.outbox.nextDueAt()).toBe(clock.now().getTime() + 60_000);
    clock.advance(60_000);
    expect(store.outbox.claimNext(clock.now())).toMatchObject({ id: lookup.id, attempts: 2, lastErrorCode: 'network' });
  });

  it('a manual pass ignores back-off times but does not take an item twice in the pass', () => {
    const { clock, store } = setup();
    store.recordCheckIn(newCheckIn({ patient: BINH }, clock.now()));
    const lookup = store.outbox.claimNext(clock.now())!;
    store.outbox.retryLater(lookup.id, clock.now(), clock.now().getTime() + 3_600_000, { code: 'timeout', message: 'total limit' });
    expect(store.outbox.claimNext(clock.now(), { ignoreSchedule: true, exclude: new Set([lookup.id]) })).toBeNull();
    expect(store.outbox.claimNext(clock.now(), { ignoreSchedule: true })).toMatchObject({ id: lookup.id });
  });

  it('a dead lookup holds back its own visit’s report, not the patient’s other visits', () => {
    const { clock, store } = setup();
    const first = store.recordCheckIn(newCheckIn({}, clock.now()));
    const second = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    const lookup = store.outbox.claimNext(clock.now())!;
    expect(lookup.visitId).toBe(first.visitId);
    store.markItemDead(lookup, clock.now(), { code: 'gateway', message: 'lookup answered 054' });
    const next = store.outbox.claimNext(clock.now())!;
    expect([next.kind, next.visitId]).toEqual(['checkin-report', second.visitId]);
    expect(store.outbox.claimNext(clock.now())).toBeNull();
    expect(store.visit(first.visitId)?.sync).toBe('dead');
  });

  it('marks an item done exactly once, applying its effect in the same transaction', () => {
    const { clock, store } = setup();
    store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    const report = store.outbox.claimNext(clock.now())!;
    let applied = 0;
    expect(store.completeItem(report, clock.now(), '{"maGiaoDich":"X"}', () => (applied += 1))).toBe(true);
    expect(store.completeItem(report, clock.now(), '{"maGiaoDich":"Y"}', () => (applied += 1))).toBe(false);
    expect(applied).toBe(1);
    expect(store.outbox.get(report.id)).toMatchObject({ state: 'done', receipt: '{"maGiaoDich":"X"}', doneAt: T0 });
  });

  it('rolls the effect back when marking done fails', () => {
    const { clock, store } = setup();
    const recorded = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    const report = store.outbox.claimNext(clock.now())!;
    expect(() =>
      store.completeItem(report, clock.now(), null, () => {
        store.visits.markReported(recorded.visitId, T0);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.outbox.get(report.id)?.state).toBe('in-flight');
    expect(store.visits.row(recorded.visitId)?.reported_at).toBeNull();
  });

  it('puts items left in flight by a crash back in the queue, due at once', () => {
    const { clock, store } = setup();
    store.recordCheckIn(newCheckIn({}, clock.now()));
    store.outbox.claimNext(clock.now());
    clock.advance(5_000);
    expect(store.outbox.recoverInFlight(clock.now())).toBe(1);
    expect(store.outbox.counts()).toEqual({ pending: 2, inflight: 0, done: 0, dead: 0, withdrawn: 0 });
    expect(store.outbox.claimNext(clock.now())).toMatchObject({ kind: 'eligibility-lookup', attempts: 2 });
  });

  it('staff can put dead items back, with a fresh budget, and the audit log says who', () => {
    const { clock, store } = setup();
    const recorded = store.recordCheckIn(newCheckIn({}, clock.now()));
    store.markItemDead(store.outbox.claimNext(clock.now())!, clock.now(), { code: 'auth', message: 'login refused' });
    const revived = store.retryDead({ fullName: 'Phạm Thị Hoa', idNumber: '001190000001' });
    expect(revived.map((item) => [item.kind, item.state, item.attempts])).toEqual([['eligibility-lookup', 'pending', 0]]);
    expect(store.audit.forPatient(recorded.patientId).at(-1)).toMatchObject({ action: 'outbox-retry', visitId: recorded.visitId, outcome: 'eligibility-lookup' });
    expect(store.retryDead(null)).toEqual([]);
  });

  it('can be asked for one kind only (no signing certificate: lookups only)', () => {
    const { clock, store } = setup();
    store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    expect(store.outbox.claimNext(clock.now(), { kinds: ['eligibility-lookup'] })).toBeNull();
    expect(store.outbox.nextDueAt(['eligibility-lookup'])).toBeNull();
    expect(store.outbox.nextDueAt()).toBe(clock.now().getTime());
  });
});

describe('the outbox lanes', () => {
  it('a patient’s order holds within a lane only: a dead or pending HIS hand-over never holds back the BHXH report, nor the reverse', () => {
    const { clock, store } = setup();
    const visit = store.recordCheckIn(newCheckIn({ handover: true, eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    expect(visit.outbox.map((item) => item.kind)).toEqual(['checkin-report', 'his-checkin']);
    const his = store.outbox.claimNext(clock.now(), { kinds: ['his-checkin'] })!;
    store.markItemDead(his, clock.now(), { code: 'rejected:400', message: 'refused' });
    // The BHXH report goes although the visit's HIS hand-over is dead.
    const report = store.outbox.claimNext(clock.now(), { kinds: ['eligibility-lookup', 'checkin-report'] })!;
    expect(report).toMatchObject({ kind: 'checkin-report', lane: 'bhxh' });
    expect(store.outbox.openCounts('bhxh')).toEqual({ pending: 0, inflight: 1, dead: 0 });
    expect(store.outbox.openCounts('his')).toEqual({ pending: 0, inflight: 0, dead: 1 });
    // The desk's sync state is the BHXH lane's: a dead hand-over does not mark the visit "dead".
    store.completeItem(report, clock.now(), null);
    expect(store.visit(visit.visitId)?.sync).toBe('sent');
    // Reviving the BHXH lane leaves the HIS lane's dead item for its own staff action.
    expect(store.retryDead(null, undefined, 'bhxh')).toEqual([]);
    expect(store.retryDead(null, undefined, 'his').map((item) => item.kind)).toEqual(['his-checkin']);
  });

  it('recovering one lane’s in-flight items leaves the other lane’s in flight', () => {
    const { clock, store } = setup();
    store.recordCheckIn(newCheckIn({ handover: true, eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    store.outbox.claimNext(clock.now(), { kinds: ['checkin-report'] });
    store.outbox.claimNext(clock.now(), { kinds: ['his-checkin'] });
    expect(store.outbox.recoverInFlight(clock.now(), 'his')).toBe(1);
    expect(store.outbox.openCounts('bhxh').inflight).toBe(1);
  });

  it('corrections recur: each gets its own idempotency key, in the visit’s order behind the check-in', () => {
    const { clock, store } = setup();
    const visit = store.recordCheckIn(newCheckIn({ handover: true, visitKind: 'emergency', eligibility: { kind: 'not-requested' } }, clock.now()));
    const first = store.outbox.enqueueRecurring('his-correction', visit.visitId, visit.patientId, clock.now());
    const second = store.outbox.enqueueRecurring('his-correction', visit.visitId, visit.patientId, clock.now());
    expect([store.outbox.get(first)!.idempotencyKey, store.outbox.get(second)!.idempotencyKey]).toEqual([`his-correction:${visit.visitId}:1`, `his-correction:${visit.visitId}:2`]);
    expect(store.outbox.claimNext(clock.now())).toMatchObject({ kind: 'his-checkin' });
    expect(store.outbox.claimNext(clock.now())).toBeNull();
  });
});
