// The check-in use case, one per desk or kiosk: identity (chip, QR or typed) → eligibility (asked now,
// or queued when the gateway cannot answer) → visit, queue number and outbox items in ONE transaction →
// events. Nothing waits on the network after the commit: the outbox sends the check-in report, and a
// queued lookup that later says "not eligible" flags the visit for staff.
import type { Clock } from '../util/clock';
import { cardNumberKind, GatewayError, normaliseCardNumber, type EligibilityResult, type GatewayClient } from '../insurance';
import type { Logger } from '../log/logger';
import { BLOOD_GROUPS, newVisitId, queueDayOf, type BloodGroup, type NewCheckIn, type OutboxKind, type Photo, type Service, type StaffMember, type Store, type VisitKind, type VisitSummary } from '../store';
import { StoreError, type CancelledVisit, type CorrectedField, type CorrectedVisit, type VisitCorrection } from '../store';
import type { ConnectivityMonitor } from '../sync';
import type { SiteLink } from './site-link';
import { eligibilityFlagOf, isSettled } from './eligibility-rules';
import { CheckInError } from './errors';
import type { IdentityInput } from './identity';
import { StationCode } from '../contract';

export interface CheckInRequest {
  identity: IdentityInput;
  /** The staff member at the desk (or the kiosk's configured one): named in the lookup and the audit log. */
  staff: StaffMember;
  service: Service;
  /** MA_LOAI_KCB; "01" (outpatient exam) unless given. */
  visitType?: string;
  /** First visit unless given; emergencies are not reported with the check-in table (docs/bhxh-gateway.md "Check-in report"). */
  visitKind?: VisitKind;
  /** "none" for a fee-paying visit: no BHYT lookup. */
  insurance?: 'bhyt' | 'none';
  /**
   * What the desk already learnt during the card read (it looks up while the chip is verified): the
   * answer, or "pending" when it could not get one. Absent: the service asks now.
   */
  eligibility?: EligibilityResult | 'pending';
  /** MA_DOITUONG_KCB when staff know it (referral…); otherwise chosen when the report is built. */
  entryCategory?: string;
  reasonForVisit?: string;
  heightCm?: number;
  bloodGroup?: BloodGroup;
  priority?: readonly string[];
  channel?: 'desk' | 'kiosk';
  /** Kept only if the service was configured to keep photos. */
  photo?: Photo;
}

export type EligibilitySummary =
  | { status: EligibilityResult['status']; code: string }
  | { status: 'pending' }
  | { status: 'not-requested' };

export interface CheckInOutcome {
  visitId: string;
  patientId: string;
  queueNumber: string;
  queueDay: string;
  eligibility: EligibilitySummary;
  /** The full answer when there was one (the desk shows the card). */
  result: EligibilityResult | null;
  flags: string[];
  outbox: { id: number; kind: OutboxKind }[];
  /** On a station of a site: whether the site store numbered the visit or the station did (site away). */
  numberSource: 'site' | 'station' | null;
}

/**
 * What the desk's visits go through, for whoever hooks in (the HIS push, a site store, the UI): one
 * stream, each event after its transaction committed. `by` is the staff member who acted; reasons are
 * the staff's own words (personal data: never logged).
 */
export type CheckInEvent =
  | { type: 'checked-in'; visit: VisitSummary }
  /** The outbox changed the visit (eligibility found, flagged, reported). */
  | { type: 'visit-updated'; visit: VisitSummary }
  | { type: 'visit-cancelled'; visit: VisitSummary; by: StaffMember; reason: string; withdrawn: OutboxKind[]; reportSent: boolean }
  | { type: 'visit-corrected'; visit: VisitSummary; by: StaffMember; reason: string; changes: CorrectedField[]; renumbered: boolean; reportSent: boolean }
  /** Called at a counter; `recall` when the same number is called again. */
  | { type: 'visit-called'; visit: VisitSummary; by: StaffMember; counter: string; recall: boolean }
  /** The counter called its next patient, so this one was seen. */
  | { type: 'visit-served'; visit: VisitSummary; counter: string }
  | { type: 'visit-skipped'; visit: VisitSummary; by: StaffMember; counter: string; places: number };

export interface StationConfig {
  /** MA_CSKCB, 5 characters. */
  facilityCode: string;
  /** The prefix of this desk's queue numbers (settings: one or two capital letters). */
  stationCode: string;
}

export interface CheckInServiceOptions {
  /** The desk does not keep a patient waiting longer than this for the gateway; then it queues. */
  lookupTimeoutMs: number;
  /** Keep the chip photo with the visit (a setting, off by default). */
  storePhotos: boolean;
}

export const DEFAULT_CHECKIN_OPTIONS: CheckInServiceOptions = { lookupTimeoutMs: 10_000, storePhotos: false };

export interface CheckInServiceDeps {
  store: Store;
  clock: Clock;
  station: StationConfig;
  /** Null when no gateway account is configured: every lookup is queued. */
  gateway: Pick<GatewayClient, 'lookupCard'> | null;
  /** Shared with the outbox worker: the desk's own lookups tell it about the connection too. */
  connectivity?: ConnectivityMonitor;
  /** A station of a hospital site: numbers from the site store, the visit published after the commit. */
  site?: SiteLink | null;
  /** Called after each commit (nudges the outbox worker). */
  /** Called after each commit that queues or changes what the outbox sends (nudges the worker); null for a correction. */
  onCommitted?: (outcome: CheckInOutcome | null) => void;
  /** Whether visits are handed over to the hospital's HIS (push configured); asked at each check-in. */
  handover?: () => boolean;
  logger?: Logger;
  options?: Partial<CheckInServiceOptions>;
}

const SERVICE_CODE = /^[0-9A-Za-z._-]{1,50}$/;
const FACILITY_CODE = /^[0-9A-Z]{5}$/;
const VISIT_TYPE = /^\d{2}$/;
const ENTRY_CATEGORY = /^\d{1,2}(\.\d{1,2})?$/;
const ID_NUMBER = /^[0-9A-Z]{6,20}$/;

export class CheckInService {
  private readonly options: CheckInServiceOptions;
  private readonly listeners = new Set<(event: CheckInEvent) => void>();
  private readonly log: Logger | undefined;

  constructor(private readonly deps: CheckInServiceDeps) {
    this.options = { ...DEFAULT_CHECKIN_OPTIONS, ...deps.options };
    this.log = deps.logger?.child({ component: 'checkin' });
    if (!FACILITY_CODE.test(deps.station.facilityCode)) throw new CheckInError('invalid-request', 'facility code', ['facilityCode']);
    if (!StationCode.safeParse(deps.station.stationCode).success) throw new CheckInError('invalid-request', 'station code', ['stationCode']);
  }

  /** Registers the visit and gives its queue number. Resolves once the transaction is committed. */
  async checkIn(request: CheckInRequest, options: { signal?: AbortSignal } = {}): Promise<CheckInOutcome> {
    validate(request);
    const eligibility = await this.eligibilityFor(request, options.signal);
    if (options.signal?.aborted) throw new CheckInError('aborted', 'cancelled before recording');
    const { store, clock, station } = this.deps;
    const { identity } = request;
    const result = eligibility.kind === 'result' ? eligibility.result : null;
    const identityFlag = identity.verdict === 'data-altered' || identity.verdict === 'clone-suspected' ? identity.verdict : null;
    const eligibilityFlag = result ? eligibilityFlagOf(result.status) : null;
    const visitId = newVisitId();
    const at = clock.now();
    // (a) of the site's order: the site's number within its time limit, or the station's own.
    let site: NewCheckIn['site'];
    if (this.deps.site) {
      const number = await this.deps.site.reserve(visitId, request.service.code, queueDayOf(at));
      site = { number: number && { seq: number.seq, queueNumber: number.queueNumber }, clockOffsetMs: this.deps.site.clockOffsetMs() };
    }
    const input: NewCheckIn = {
      visitId,
      at,
      facilityCode: station.facilityCode,
      stationCode: station.stationCode,
      patient: { idNumber: identity.idNumber, fullName: identity.fullName, dateOfBirth: identity.dateOfBirth, sex: identity.sex, address: identity.address },
      staff: request.staff,
      service: request.service,
      visitType: request.visitType ?? '01',
      visitKind: request.visitKind ?? 'first-visit',
      entryCategory: request.entryCategory ?? null,
      reasonForVisit: request.reasonForVisit?.trim() || null,
      heightCm: request.heightCm ?? null,
      bloodGroup: request.bloodGroup ?? null,
      provenance: identity.provenance,
      verificationVerdict: identity.verdict,
      identityFlag,
      eligibility,
      eligibilityFlag,
      photo: this.options.storePhotos ? (request.photo ?? null) : null,
      priority: request.priority ?? [],
      channel: request.channel ?? 'desk',
      ...(site ? { site } : {}),
      handover: this.deps.handover?.() ?? false,
    };
    const started = performance.now();
    const recorded = store.recordCheckIn(input);
    const outcome: CheckInOutcome = {
      visitId: recorded.visitId,
      patientId: recorded.patientId,
      queueNumber: recorded.queueNumber,
      queueDay: recorded.queueDay,
      eligibility: result ? { status: result.status, code: result.code } : { status: eligibility.kind === 'pending' ? 'pending' : 'not-requested' },
      result,
      flags: [identityFlag && `identity:${identityFlag}`, eligibilityFlag && `eligibility:${eligibilityFlag}`].filter((flag): flag is string => Boolean(flag)),
      outbox: recorded.outbox,
      numberSource: site ? (site.number ? 'site' : 'station') : null,
    };
    this.log?.info(
      { event: 'checked-in', visit: recorded.visitId, queue: recorded.queueNumber, eligibility: outcome.eligibility.status, provenance: identity.provenance, commitMs: Math.round((performance.now() - started) * 100) / 100 },
      'check-in recorded',
    );
    const visit = store.visit(recorded.visitId);
    if (visit) this.emit({ type: 'checked-in', visit });
    this.deps.onCommitted?.(outcome);
    // (c): published in the background; the backlog keeps it until the site has it.
    this.deps.site?.nudge();
    return outcome;
  }

  /** The day's visits (default today, Vietnam time) with eligibility, flags and sync state. */
  todaysVisits(day?: string): VisitSummary[] {
    return this.deps.store.visitsOfDay(day);
  }

  /** The person's visits today: the desk asks before registering a second one. */
  visitsTodayOf(idNumber: string): VisitSummary[] {
    return this.deps.store.visitsOfPersonOnDay(idNumber);
  }

  /** Listeners hear of new visits and of visits the outbox changed (eligibility found, flagged, reported). */
  subscribe(listener: (event: CheckInEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels a visit (a reason is required); its unsent outbox items are withdrawn. */
  cancelVisit(visitId: string, staff: StaffMember, reason: string): CancelledVisit {
    const why = requireReason(reason);
    const cancelled = this.storeCall(() => this.deps.store.cancelVisit({ visitId, staff, reason: why, at: this.deps.clock.now() }));
    this.log?.info({ event: 'visit-cancelled', visit: visitId, withdrawn: cancelled.withdrawn, reportSent: cancelled.reportSent }, 'visit cancelled');
    this.emit({ type: 'visit-cancelled', visit: cancelled.visit, by: staff, reason: why, withdrawn: cancelled.withdrawn, reportSent: cancelled.reportSent });
    this.deps.site?.nudge();
    return cancelled;
  }

  /** Corrects service, visit kind, reason for visit or priority (a reason is required). */
  correctVisit(visitId: string, staff: StaffMember, reason: string, correction: VisitCorrection): CorrectedVisit {
    const why = requireReason(reason);
    if (correction.service) validateService(correction.service);
    const corrected = this.storeCall(() => this.deps.store.correctVisit({ visitId, staff, reason: why, correction, at: this.deps.clock.now() }));
    this.log?.info({ event: 'visit-corrected', visit: visitId, fields: corrected.changes.map((change) => change.field), reportSent: corrected.reportSent }, 'visit corrected');
    this.emit({ type: 'visit-corrected', visit: corrected.visit, by: staff, reason: why, changes: corrected.changes, renumbered: corrected.renumbered, reportSent: corrected.reportSent });
    this.deps.site?.nudge();
    this.deps.onCommitted?.(null);
    return corrected;
  }

  /** "Next, please" at a counter calling these services: the counter's current patient is served. */
  callNext(counter: string, services: readonly string[], staff: StaffMember): VisitSummary | null {
    const { called, served } = this.deps.store.callNext({ counter, services, staff, at: this.deps.clock.now() });
    if (served) this.emit({ type: 'visit-served', visit: served, counter });
    if (called) this.emit({ type: 'visit-called', visit: called, by: staff, counter, recall: false });
    return called;
  }

  /** The counter's patient did not come: back by `places`; null when the counter had called nobody. */
  skip(counter: string, places: number, staff: StaffMember): VisitSummary | null {
    const skipped = this.deps.store.skipCurrent({ counter, places, staff, at: this.deps.clock.now() });
    if (skipped) this.emit({ type: 'visit-skipped', visit: skipped, by: staff, counter, places });
    return skipped;
  }

  /** Calls again the counter's number, or a skipped patient who came back (`visitId`). */
  recall(counter: string, staff: StaffMember, visitId?: string): VisitSummary | null {
    const { called, served } = this.storeCall(() => this.deps.store.recall({ counter, staff, at: this.deps.clock.now(), ...(visitId ? { visitId } : {}) }));
    if (served) this.emit({ type: 'visit-served', visit: served, counter });
    if (called) this.emit({ type: 'visit-called', visit: called, by: staff, counter, recall: !served && called.call !== null && called.call.count > 1 });
    return called;
  }

  /** The numbers the counters are calling now, latest first (the waiting-room display). */
  nowServing(): VisitSummary[] {
    return this.deps.store.nowServing();
  }

  /** The outbox changed a visit: tell listeners (wired by the desk's composition). */
  visitChanged(visitId: string): void {
    const visit = this.deps.store.visit(visitId);
    if (visit) this.emit({ type: 'visit-updated', visit });
  }

  private async eligibilityFor(request: CheckInRequest, signal: AbortSignal | undefined): Promise<NewCheckIn['eligibility']> {
    if (request.insurance === 'none') return { kind: 'not-requested' };
    // The ID number is what the gateway takes since CV 2746; the queued lookup asks with it too.
    const maThe = normaliseCardNumber(request.identity.idNumber);
    // A passport or another document the gateway does not know: nothing to look up.
    if (!cardNumberKind(maThe)) return { kind: 'not-requested' };
    const known = request.eligibility;
    if (known === 'pending') return { kind: 'pending' };
    if (known) return isSettled(known) ? { kind: 'result', result: known } : { kind: 'pending', attempt: known.code };
    const { gateway, connectivity, clock } = this.deps;
    // Known to be down: the patient gets a number now, the outbox asks later.
    if (!gateway || connectivity?.state === 'offline') return { kind: 'pending' };
    const timeout = AbortSignal.timeout(this.options.lookupTimeoutMs);
    const started = performance.now();
    try {
      const { identity, staff } = request;
      const result = await gateway.lookupCard({ maThe, hoTen: identity.fullName, ngaySinh: identity.dateOfBirth }, staff, {
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      connectivity?.observe({ kind: 'answered', elapsedMs: performance.now() - started }, clock.now());
      return isSettled(result) ? { kind: 'result', result } : { kind: 'pending', attempt: result.code };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      if (signal?.aborted) throw new CheckInError('aborted', 'cancelled during the lookup');
      // Our own time limit is a time-out as far as the connection goes.
      const seen = error.code === 'aborted' && timeout.aborted ? new GatewayError('timeout', 'desk limit', { phase: 'total' }) : error;
      connectivity?.observeError(seen, clock.now());
      this.log?.warn({ event: 'lookup-queued', code: seen.code }, 'eligibility lookup queued');
      return { kind: 'pending', attempt: `error:${seen.code}` };
    }
  }

  /** The store's refusals of a staff action as the check-in's own error (a visit gone, a second cancellation). */
  private storeCall<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (error instanceof StoreError && error.code === 'not-found') throw new CheckInError('not-found', error.message);
      if (error instanceof StoreError && error.code === 'invalid') throw new CheckInError('invalid-transition', error.message);
      throw error;
    }
  }

  private emit(event: CheckInEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log?.error({ err: error }, 'check-in listener failed');
      }
    }
  }
}

function validate(request: CheckInRequest): void {
  const bad: string[] = [];
  const { identity } = request;
  if (!ID_NUMBER.test(identity.idNumber)) bad.push('identity.idNumber');
  if (identity.fullName.length === 0 || identity.fullName.length > 255) bad.push('identity.fullName');
  if (!SERVICE_CODE.test(request.service.code)) bad.push('service.code');
  if (request.service.name.trim() === '' || request.service.name.length > 1024) bad.push('service.name');
  if (request.visitType !== undefined && !VISIT_TYPE.test(request.visitType)) bad.push('visitType');
  if (request.entryCategory !== undefined && !ENTRY_CATEGORY.test(request.entryCategory)) bad.push('entryCategory');
  if (request.heightCm !== undefined && !(request.heightCm > 0 && request.heightCm < 300)) bad.push('heightCm');
  if (request.bloodGroup !== undefined && !BLOOD_GROUPS.includes(request.bloodGroup)) bad.push('bloodGroup');
  if (!/^\d{12}$/.test(request.staff.idNumber) || request.staff.fullName.trim() === '') bad.push('staff');
  if (bad.length > 0) throw new CheckInError('invalid-request', bad.join(', '), bad);
}

function validateService(service: Service): void {
  if (!SERVICE_CODE.test(service.code) || service.name.trim() === '' || service.name.length > 1024) throw new CheckInError('invalid-request', 'service', ['service']);
}

function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '' || trimmed.length > 500) throw new CheckInError('invalid-request', 'a reason (1–500 characters) is required', ['reason']);
  return trimmed;
}
