import { describe, expect, it } from 'vitest';
import { AN, BINH, HOA, newCheckIn, openTestStore } from '../dev/testing/check-ins';

const AT = new Date('2026-03-15T02:00:00.000Z');

describe('cancelling a visit', () => {
  it('takes it off the queue, withdraws its unsent lookup and report, names the staff member, and never gives its number again', () => {
    const { store } = openTestStore();
    const first = store.recordCheckIn(newCheckIn());
    const cancelled = store.cancelVisit({ visitId: first.visitId, staff: HOA, reason: 'Nhầm bệnh nhân', at: AT });
    expect(cancelled).toMatchObject({ withdrawn: ['eligibility-lookup', 'checkin-report'], reportSent: false, visit: { status: 'cancelled', sync: 'withdrawn', cancelledAt: AT.toISOString() } });
    expect(store.outbox.ofVisit(first.visitId).map((item) => item.state)).toEqual(['withdrawn', 'withdrawn']);
    expect(store.outbox.claimNext(AT, { ignoreSchedule: true })).toBeNull();
    expect(store.audit.latestOf('visit-cancel')).toMatchObject({ staffId: expect.any(Number), visitId: first.visitId, outcome: 'withdrawn=eligibility-lookup,checkin-report' });
    expect(store.staff.get(store.audit.latestOf('visit-cancel')!.staffId!)).toEqual(HOA);
    expect(store.recordCheckIn(newCheckIn({ patient: BINH })).queueNumber).toBe('A-002');
    expect(store.callNext({ counter: 'P101', services: ['K01'], staff: HOA, at: AT }).called?.patientId).not.toBe(first.patientId);
    store.close();
  });

  it('a report the gateway already has stays there: the visit reads sent-cancelled and the audit says so', () => {
    const { store } = openTestStore();
    const visit = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'not-requested' } }));
    const item = store.outbox.claimNext(AT, { ignoreSchedule: true })!;
    store.completeItem(item, AT, '{"maGiaoDich":"GD1"}');
    const cancelled = store.cancelVisit({ visitId: visit.visitId, staff: HOA, reason: 'Bệnh nhân về', at: AT });
    expect(cancelled).toMatchObject({ withdrawn: [], reportSent: true, visit: { sync: 'sent-cancelled' } });
    expect(store.audit.latestOf('visit-cancel')?.outcome).toBe('report-sent');
    expect(() => store.cancelVisit({ visitId: visit.visitId, staff: HOA, reason: 'lần hai', at: AT })).toThrow(expect.objectContaining({ code: 'invalid' }));
    store.close();
  });

  it('keeps the reason sealed: it is not in the audit log nor readable in the file', () => {
    const { store } = openTestStore();
    const visit = store.recordCheckIn(newCheckIn());
    store.cancelVisit({ visitId: visit.visitId, staff: HOA, reason: 'Đau ngực — chuyển cấp cứu', at: AT });
    const stored = store.db.prepare('SELECT cancel_reason_box FROM visits WHERE id = ?').get(visit.visitId) as { cancel_reason_box: Buffer };
    expect(stored.cancel_reason_box.toString('utf8')).not.toContain('ngực');
    expect(JSON.stringify(store.audit.latest())).not.toContain('ngực');
    store.close();
  });
});

describe('correcting a visit', () => {
  it('a new service gives a new number in that queue (the old is not reused) and the queued report follows the visit', () => {
    const { store } = openTestStore();
    const visit = store.recordCheckIn(newCheckIn());
    store.recordCheckIn(newCheckIn({ patient: BINH, service: { code: 'K02', name: 'Khám Nhi' } }));
    const corrected = store.correctVisit({
      visitId: visit.visitId,
      staff: HOA,
      reason: 'Chọn nhầm phòng',
      at: AT,
      correction: { service: { code: 'K02', name: 'Khám Nhi' }, visitKind: 'follow-up', reasonForVisit: 'Tái khám', priority: ['elderly'] },
    });
    expect(corrected).toMatchObject({ renumbered: true, reportSent: false, visit: { queueNumber: 'A-002', service: { code: 'K02' }, visitKind: 'follow-up', priority: ['elderly'] } });
    expect(corrected.changes.map((change) => change.field)).toEqual(['service', 'visitKind', 'reasonForVisit', 'priority']);
    expect(store.reportSubject(visit.visitId).service).toEqual({ code: 'K02', name: 'Khám Nhi' });
    expect(store.recordCheckIn(newCheckIn({ patient: { ...AN, idNumber: '001090099999' } })).queueNumber).toBe('A-002');
    expect(store.audit.latestOf('visit-correct')?.outcome).toBe('service,visitKind,reasonForVisit,priority');
    store.close();
  });

  it('to an emergency withdraws the queued report; back again puts it in the queue', () => {
    const { store } = openTestStore();
    const visit = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'not-requested' } }));
    store.correctVisit({ visitId: visit.visitId, staff: HOA, reason: 'Cấp cứu', at: AT, correction: { visitKind: 'emergency' } });
    expect(store.outbox.ofVisit(visit.visitId).map((item) => item.state)).toEqual(['withdrawn']);
    store.correctVisit({ visitId: visit.visitId, staff: HOA, reason: 'Nhầm', at: AT, correction: { visitKind: 'first-visit' } });
    expect(store.outbox.ofVisit(visit.visitId).map((item) => item.state)).toEqual(['pending']);
    store.close();
  });

  it('refuses to correct a cancelled visit', () => {
    const { store } = openTestStore();
    const visit = store.recordCheckIn(newCheckIn());
    store.cancelVisit({ visitId: visit.visitId, staff: HOA, reason: 'x', at: AT });
    expect(() => store.correctVisit({ visitId: visit.visitId, staff: HOA, reason: 'y', at: AT, correction: { visitKind: 'follow-up' } })).toThrow(expect.objectContaining({ code: 'invalid' }));
    store.close();
  });
});
