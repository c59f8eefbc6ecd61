// What the outbox does with each kind of item. The worker (sync/) decides when and how often; these
// decide what is sent and what an answer changes, as one transaction with marking the item done.
import type { Clock } from '../util/clock';
import { checkInRecordOf, GatewayError, signedCheckInXml, type CheckInReceipt, type EligibilityResult, type FacilityCredential, type GatewayClient } from '../insurance';
import type { Store } from '../store';
import type { OutboxHandler } from '../sync';
import { eligibilityFlagOf } from './eligibility-rules';
import { checkInVisitOf } from './report';

/** What listeners hear when a queued lookup is answered. */
export interface LookupResolved {
  type: 'eligibility-resolved';
  visitId: string;
  status: EligibilityResult['status'];
  code: string;
  /** Set when staff should look at the visit (e.g. "not-eligible"). */
  flag: string | null;
}

export interface ReportAccepted {
  type: 'report-accepted';
  visitId: string;
  maGiaoDich: string;
}

/**
 * A lookup that could not be made at the desk. The staff member named is the one who checked the
 * patient in (every lookup names its staff member since CV 1923). An answer the gateway calls
 * technical (100, 101, 500, unknown codes) or a staff-registration refusal is not an answer about the
 * card: it is thrown, to be retried later or to wait for staff (054/055 do not pass by waiting).
 */
export function eligibilityLookupHandler(deps: { store: Store; gateway: Pick<GatewayClient, 'lookupCard'>; clock: Clock }): OutboxHandler {
  return async (item, { signal }) => {
    const subject = deps.store.lookupSubject(item.visitId);
    const { patient } = subject;
    const result = await deps.gateway.lookupCard({ maThe: patient.idNumber, hoTen: patient.fullName, ngaySinh: patient.dateOfBirth }, subject.staff, { signal });
    if (result.code === '401') throw new GatewayError('auth', 'lookup answered 401', { maKetQua: '401' });
    if (result.status === 'technical' || result.status === 'configuration') {
      throw new GatewayError('gateway', `lookup answered ${result.code}`, { maKetQua: result.code });
    }
    const flag = eligibilityFlagOf(result.status);
    const detail: LookupResolved = { type: 'eligibility-resolved', visitId: item.visitId, status: result.status, code: result.code, flag };
    return { apply: () => deps.store.applyQueuedLookup(subject, result, flag, deps.clock.now()), detail };
  };
}

/** The receipt kept with the done item: the gateway keeps its results only 60 days (docs/bhxh-gateway.md "Check-in report"). */
export function receiptText(receipt: CheckInReceipt): string {
  return JSON.stringify({ maGiaoDich: receipt.maGiaoDich, thoiGianTiepNhan: receipt.thoiGianTiepNhan, receivedAt: receipt.receivedAt });
}

/**
 * The check-in report (QĐ 4750), built and signed at send time from the stored visit. It is queued
 * after the visit's lookup, and the patient's order holds it back until that lookup is done, so it
 * carries the card the lookup found.
 */
export function checkInReportHandler(deps: {
  store: Store;
  gateway: Pick<GatewayClient, 'submitCheckIn'>;
  credential: FacilityCredential;
  clock: Clock;
  entryCategoryElsewhere?: string;
}): OutboxHandler {
  return async (item, { signal }) => {
    const subject = deps.store.reportSubject(item.visitId);
    // Cannot happen while the lookup goes first; a report without the card would be wrong, not late.
    if (subject.eligibilityStatus === 'pending') throw new Error('the visit’s eligibility is still pending');
    const now = deps.clock.now();
    const xml = signedCheckInXml([checkInRecordOf(checkInVisitOf(subject, deps.entryCategoryElsewhere))], deps.credential, now);
    const receipt = await deps.gateway.submitCheckIn(xml, { signal });
    const detail: ReportAccepted = { type: 'report-accepted', visitId: item.visitId, maGiaoDich: receipt.maGiaoDich };
    return { receipt: receiptText(receipt), apply: () => deps.store.visits.markReported(item.visitId, deps.clock.now().toISOString()), detail };
  };
}
