// The desk's local store: one SQLite file, opened once per process, with every statement prepared once.
// The check-in use case and the outbox worker speak to it through the few units of work below; each is
// one transaction, so nothing a staff member was told is done can be half-written.
import { randomUUID } from 'node:crypto';
import type { TrustImportRecord } from '../contract';
import type { Clock } from '../util/clock';
import type { EligibilityResult } from '../insurance';
import { AuditLog } from './audit-log';
import { databaseInfo, openDatabase, type DatabaseInfo, type OpenDatabaseOptions, type SqliteDatabase } from './database';
import { EligibilityResultRepository } from './eligibility-results';
import { StoreError } from './errors';
import type { KeyStore } from './key-store';
import { OutboxRepository, type ItemError } from './outbox';
import { PatientRepository } from './patients';
import { PiiCipher } from './pii-cipher';
import { queueDayOf } from './queue-day';
import type {
  CancelledVisit,
  CorrectedField,
  CorrectedVisit,
  EligibilityState,
  LookupSubject,
  NewCheckIn,
  OutboxItem,
  OutboxLane,
  QueueCall,
  RecordedCheckIn,
  ReportSubject,
  StaffMember,
  VisitAction,
  VisitCorrection,
  VisitSummary,
} from './records';
import { lastPurge, purgeExpiredPii, type PurgeResult } from './retention';
import { SiteBacklog } from './site-backlog';
import { StaffRepository } from './staff';
import { VisitChanges } from './visit-changes';
import { initialRank, mirroredCounter, VisitQueue } from './visit-queue';
import { VisitRepository } from './visits';

export interface StoreOptions extends OpenDatabaseOptions {
  file: string;
  /** The master key (from a KeyStore). */
  key: Uint8Array;
  clock: Clock;
}

export class Store {
  readonly db: SqliteDatabase;
  readonly patients: PatientRepository;
  readonly staff: StaffRepository;
  readonly visits: VisitRepository;
  readonly eligibility: EligibilityResultRepository;
  readonly outbox: OutboxRepository;
  readonly audit: AuditLog;
  readonly siteBacklog: SiteBacklog;
  private readonly queue: VisitQueue;
  private readonly changes: VisitChanges;
  private readonly clock: Clock;
  private readonly recordTx: (input: NewCheckIn) => RecordedCheckIn;

  static async open(options: Omit<StoreOptions, 'key'> & { keyStore: KeyStore }): Promise<Store> {
    return new Store({ ...options, key: await options.keyStore.getOrCreateKey() });
  }

  constructor(options: StoreOptions) {
    const cipher = new PiiCipher(options.key);
    const db = openDatabase(options.file, options);
    try {
      checkKey(db, cipher);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.clock = options.clock;
    this.patients = new PatientRepository(db, cipher);
    this.staff = new StaffRepository(db, cipher);
    this.visits = new VisitRepository(db, cipher, (patientId) => {
      const identity = this.patients.identityOf(patientId);
      return identity ? { idNumber: identity.idNumber, fullName: identity.fullName } : null;
    });
    this.eligibility = new EligibilityResultRepository(db, cipher);
    this.outbox = new OutboxRepository(db);
    this.audit = new AuditLog(db);
    this.siteBacklog = new SiteBacklog(db);
    this.queue = new VisitQueue(db);
    this.changes = new VisitChanges(db, cipher);
    const record = db.transaction((input: NewCheckIn) => this.writeCheckIn(input));
    this.recordTx = (input) => record.immediate(input);
  }

  /**
   * Patient, staff, visit, queue ticket, the desk's eligibility result, the outbox items and the audit
   * entries: one transaction (BEGIN IMMEDIATE, so the queue counter is read and bumped under the lock).
   */
  recordCheckIn(input: NewCheckIn): RecordedCheckIn {
    try {
      return this.recordTx(input);
    } catch (error) {
      // SQLite rolled the whole transaction back: nothing of this check-in is on disk.
      if (isDiskFull(error)) throw new StoreError('disk-full', 'the check-in was not saved: the disk (or the database size limit) is full', { cause: error });
      throw error;
    }
  }

  /** Runs `work` in one transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  lookupSubject(visitId: string): LookupSubject {
    const visit = this.requireVisit(visitId);
    const patient = this.patients.identityOf(visit.patient_id);
    if (!patient) throw new StoreError('not-found', `patient data of visit ${visitId} was purged`);
    return { visitId, patientId: visit.patient_id, patient, staffId: visit.staff_id, staff: this.staff.get(visit.staff_id) };
  }

  reportSubject(visitId: string): ReportSubject {
    const visit = this.requireVisit(visitId);
    const patient = this.patients.identityOf(visit.patient_id);
    if (!patient) throw new StoreError('not-found', `patient data of visit ${visitId} was purged`);
    return {
      visitId,
      patientId: visit.patient_id,
      patient,
      facilityCode: visit.facility_code,
      service: { code: visit.service_code, name: visit.service_name },
      visitType: visit.visit_type,
      entryCategory: visit.entry_category,
      arrivedAt: new Date(visit.arrived_at),
      eligibilityStatus: visit.eligibility_status,
      eligibility: this.eligibility.latest(visitId),
    };
  }

  /** A queued lookup's answer: kept, applied to the visit, audited. Call inside the item's completion. */
  applyQueuedLookup(subject: LookupSubject, result: EligibilityResult, flag: string | null, at: Date): void {
    const iso = at.toISOString();
    this.eligibility.add(subject.visitId, 'outbox', result);
    this.visits.setEligibility(subject.visitId, result.status, result.code, flag, iso);
    this.audit.record({ at: iso, staffId: subject.staffId, action: 'eligibility-lookup', patientId: subject.patientId, visitId: subject.visitId, outcome: result.code });
  }

  /** Completes an in-flight item and applies its effect in one transaction; false if it was no longer in flight. */
  completeItem(item: OutboxItem, at: Date, receipt: string | null, apply?: () => void): boolean {
    return this.transaction(() => {
      if (!this.outbox.markDone(item.id, at, receipt)) return false;
      apply?.();
      return true;
    });
  }

  /** Staff put dead items back in the queue (all of a lane, or the ones named); audited with who did it. */
  retryDead(staff: StaffMember | null, ids?: readonly number[], lane?: OutboxLane): OutboxItem[] {
    const now = this.clock.now();
    return this.transaction(() => {
      const staffId = staff ? this.staff.ensure(staff, now.toISOString()) : null;
      const revived = this.outbox.reviveDead(now, ids, lane);
      for (const item of revived) {
        this.audit.record({ at: now.toISOString(), staffId, action: 'outbox-retry', patientId: item.patientId, visitId: item.visitId, outcome: item.kind });
      }
      return revived;
    });
  }

  /**
   * Cancels a visit: its queue place is gone (the number is not given out again), whatever of it has not
   * gone to the gateway is withdrawn, and the audit log names the staff member. Already cancelled: not-found
   * is not the answer, `invalid` is.
   */
  cancelVisit(action: VisitAction & { reason: string }): CancelledVisit {
    const at = action.at.toISOString();
    return this.transaction(() => {
      const visit = this.requireVisitOfDay(action.visitId, action.at);
      const staffId = this.staff.ensure(action.staff, at);
      if (!this.changes.cancel(action.visitId, staffId, action.reason, at)) throw new StoreError('invalid', `visit ${action.visitId} is already cancelled`);
      const withdrawn = this.changes.withdrawOutbox(action.visitId, at);
      // The HIS hears of the cancellation if it has (or is being sent) the visit; otherwise its items went with the rest.
      if (this.changes.handedOver(action.visitId)) this.outbox.enqueueRecurring('his-cancellation', action.visitId, visit.patient_id, action.at);
      const reportSent = this.changes.reportSent(action.visitId);
      // A visit of a site leaves the site's queue too, so no desk calls it.
      this.siteBacklog.republish(action.visitId);
      const outcome = reportSent ? 'report-sent' : withdrawn.length > 0 ? `withdrawn=${withdrawn.join(',')}` : 'nothing-queued';
      this.audit.record({ at, staffId, action: 'visit-cancel', patientId: visit.patient_id, visitId: action.visitId, outcome });
      return { visit: this.visits.summary(action.visitId)!, withdrawn, reportSent };
    });
  }

  /**
   * Corrects what staff chose at check-in. The queued report is built from the visit when it is sent, so
   * it carries the correction; a report already sent does not (`reportSent`). A new service means a
   * place in that service's queue: a new number, and the patient waits to be called there.
   */
  correctVisit(action: VisitAction & { reason: string; correction: VisitCorrection }): CorrectedVisit {
    const at = action.at.toISOString();
    const { correction } = action;
    return this.transaction(() => {
      const row = this.requireVisitOfDay(action.visitId, action.at);
      if (row.status === 'cancelled') throw new StoreError('invalid', `visit ${action.visitId} is cancelled`);
      const changes: CorrectedField[] = [];
      let renumbered = false;
      const ofSite = this.siteBacklog.includes(action.visitId);
      if (correction.service && correction.service.code !== row.service_code) {
        changes.push({ field: 'service', from: row.service_code, to: correction.service.code });
        this.changes.setServiceOf(action.visitId, correction.service.code, correction.service.name, at);
        const queueDay = this.visits.summary(action.visitId)!.queueDay;
        const { seq, queueNumber } = this.visits.nextNumber(row.station_code, correction.service.code, queueDay, ofSite ? 'station-in-site' : 'station');
        this.changes.renumberTicket(action.visitId, correction.service.code, seq, queueNumber);
        renumbered = true;
      }
      if (correction.visitKind !== undefined && correction.visitKind !== row.visit_kind) {
        changes.push({ field: 'visitKind', from: row.visit_kind, to: correction.visitKind });
        this.changes.setVisitKindOf(action.visitId, correction.visitKind, at);
        // An emergency is not reported: its queued report is withdrawn, and comes back if that was a mistake.
        if (correction.visitKind === 'emergency') this.changes.withdrawReport(action.visitId, at);
        else if (row.visit_kind === 'emergency' && !this.changes.restoreReport(action.visitId, action.at)) {
          this.outbox.enqueue('checkin-report', action.visitId, row.patient_id, action.at);
        }
      }
      if (correction.reasonForVisit !== undefined) {
        changes.push({ field: 'reasonForVisit', from: null, to: null });
        this.changes.setReasonOf(action.visitId, correction.reasonForVisit, at);
      }
      const before = row.priority ?? '';
      if (correction.priority !== undefined && correction.priority.join(',') !== before) {
        changes.push({ field: 'priority', from: before || null, to: correction.priority.join(',') || null });
        this.changes.setPriorityOf(action.visitId, correction.priority, initialRank(row.arrived_at, correction.priority.length > 0), at);
      }
      const staffId = this.staff.ensure(action.staff, at);
      const reportSent = this.changes.reportSent(action.visitId);
      // The site's queue follows a new service, number or priority (the new number is the station's own).
      if (ofSite && changes.some((change) => change.field === 'service' || change.field === 'priority')) this.siteBacklog.republish(action.visitId, renumbered ? 'station' : null);
      this.changes.record(action.visitId, staffId, action.reason, changes, at);
      // A visit the HIS has or will have: the correction goes after it (built from the visit when sent).
      if (changes.length > 0 && this.changes.inHisLane(action.visitId)) this.outbox.enqueueRecurring('his-correction', action.visitId, row.patient_id, action.at);
      const outcome = `${changes.map((change) => change.field).join(',') || 'none'}${reportSent ? ' report-sent' : ''}`;
      this.audit.record({ at, staffId, action: 'visit-correct', patientId: row.patient_id, visitId: action.visitId, outcome });
      return { visit: this.visits.summary(action.visitId)!, changes, renumbered, reportSent };
    });
  }

  /**
   * "Next, please" at a counter: the patient it called before is served, and the first of today's queue
   * of its services (priority, then arrival; skipped patients where they were put) is called.
   */
  callNext(input: { counter: string; services: readonly string[]; staff: StaffMember; at: Date }): QueueCall {
    const at = input.at.toISOString();
    return this.transaction(() => {
      const staffId = this.staff.ensure(input.staff, at);
      const served = this.serveCurrent(input.counter, at);
      const next = this.queue.nextOf(input.services, queueDayOf(input.at));
      if (!next) return { called: null, served };
      this.queue.call(next, input.counter, staffId, at);
      this.audit.record({ at, staffId, action: 'queue-call', patientId: this.requireVisit(next).patient_id, visitId: next, outcome: input.counter });
      return { called: this.visits.summary(next), served };
    });
  }

  /** The counter's patient did not come: back in the queue behind the next `places` patients. Null if the counter had called nobody. */
  skipCurrent(input: { counter: string; places: number; staff: StaffMember; at: Date }): VisitSummary | null {
    const at = input.at.toISOString();
    return this.transaction(() => {
      const current = this.queue.currentAt(input.counter);
      if (!current) return null;
      const staffId = this.staff.ensure(input.staff, at);
      this.queue.skip(current, input.places, at);
      this.audit.record({ at, staffId, action: 'queue-skip', patientId: this.requireVisit(current).patient_id, visitId: current, outcome: `${input.counter} places=${input.places}` });
      return this.visits.summary(current);
    });
  }

  /**
   * Calls a number again: the counter's current patient (no `visitId`), or a skipped patient who came
   * back (the counter's current patient is then served). Null when there is nobody to call again.
   */
  recall(input: { counter: string; visitId?: string; staff: StaffMember; at: Date }): QueueCall {
    const at = input.at.toISOString();
    return this.transaction(() => {
      const current = this.queue.currentAt(input.counter);
      const target = input.visitId ?? current;
      if (!target) return { called: null, served: null };
      const staffId = this.staff.ensure(input.staff, at);
      let served: VisitSummary | null = null;
      if (target === current) this.queue.recall(target, at);
      else {
        const status = this.requireVisitOfDay(target, input.at).status;
        if (status !== 'skipped' && status !== 'waiting') throw new StoreError('invalid', `visit ${target} is ${status}: only a waiting or skipped patient can be called back`);
        served = this.serveCurrent(input.counter, at);
        this.queue.call(target, input.counter, staffId, at);
      }
      this.audit.record({ at, staffId, action: 'queue-recall', patientId: this.requireVisit(target).patient_id, visitId: target, outcome: input.counter });
      return { called: this.visits.summary(target), served };
    });
  }

  /**
   * A site's call of one of this station's visits, mirrored here (not audited: the site store has the
   * record). Another station's counter is named `station/counter`, which no counter of this one can be.
   * False for a visit this station does not have, or one already further along.
   */
  mirrorSiteCall(input: { visitId: string; state: 'called' | 'served' | 'skipped'; station: string; counter: string; ownStation: string; at: Date }): boolean {
    if (!this.visits.row(input.visitId)) return false;
    const counter = input.station === input.ownStation ? input.counter : mirroredCounter(input.station, input.counter);
    return this.transaction(() => this.queue.mirror(input.visitId, input.state, counter, input.at.toISOString()));
  }

  /** Who each counter is calling now (one per counter), latest call first: the waiting-room display. */
  nowServing(): VisitSummary[] {
    return this.visits.called();
  }

  /** An administrator's trust import, audited with the staff member signed in at the desk (the admin PIN will name the administrator). */
  recordTrustImport(record: TrustImportRecord, staff: StaffMember | null, at: Date): void {
    this.transaction(() => {
      const staffId = staff ? this.staff.ensure(staff, at.toISOString()) : null;
      const how = record.signedBy ? 'signed' : 'unsigned-confirmed';
      this.audit.record({ at: at.toISOString(), staffId, action: 'trust-import', patientId: null, visitId: null, outcome: `${how} added=${record.added.length}` });
    });
  }

  markItemDead(item: OutboxItem, at: Date, error: ItemError): boolean {
    return this.outbox.markDead(item.id, at, error);
  }

  visitsOfDay(day: string = queueDayOf(this.clock.now())): VisitSummary[] {
    return this.visits.ofDay(day);
  }

  /** The person's visits on a day (default today), found by ID number: "already checked in today?". */
  visitsOfPersonOnDay(idNumber: string, day: string = queueDayOf(this.clock.now())): VisitSummary[] {
    const patientId = this.patients.findByIdNumber(idNumber);
    return patientId ? this.visits.ofPatientOnDay(patientId, day) : [];
  }

  visit(visitId: string): VisitSummary | null {
    return this.visits.summary(visitId);
  }

  /** Retention: personal data of visits older than `days` (default 90), see retention.ts. */
  purgeExpiredPii(days?: number): PurgeResult {
    return purgeExpiredPii(this.db, this.clock.now(), days);
  }

  lastPurge(): (PurgeResult & { at: string }) | null {
    return lastPurge(this.db);
  }

  info(): DatabaseInfo {
    return databaseInfo(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private serveCurrent(counter: string, at: string): VisitSummary | null {
    const current = this.queue.currentAt(counter);
    if (!current || !this.queue.serve(current, at)) return null;
    return this.visits.summary(current);
  }

  private requireVisit(visitId: string) {
    const visit = this.visits.row(visitId);
    if (!visit) throw new StoreError('not-found', `visit ${visitId}`);
    return visit;
  }

  /** Staff act on the day's queue only: a visit of another day (its id kept, or sent by hand) is refused. */
  private requireVisitOfDay(visitId: string, at: Date) {
    const visit = this.requireVisit(visitId);
    const day = this.visits.summary(visitId)!.queueDay;
    if (day !== queueDayOf(at)) throw new StoreError('invalid', `visit ${visitId} is of ${day}: only today's visits can be changed or called`);
    return visit;
  }

  private writeCheckIn(input: NewCheckIn): RecordedCheckIn {
    const at = input.at.toISOString();
    const queueDay = queueDayOf(input.at);
    const patientId = this.patients.upsert(input.patient, input.provenance, at);
    const staffId = this.staff.ensure(input.staff, at);
    const result = input.eligibility.kind === 'result' ? input.eligibility.result : null;
    const eligibilityStatus: EligibilityState = result ? result.status : input.eligibility.kind === 'pending' ? 'pending' : 'not-requested';
    const { queueNumber, seq } = this.visits.add(
      {
        id: input.visitId,
        patientId,
        staffId,
        facilityCode: input.facilityCode,
        stationCode: input.stationCode,
        service: input.service,
        visitType: input.visitType,
        visitKind: input.visitKind,
        entryCategory: input.entryCategory,
        reasonForVisit: input.reasonForVisit,
        heightCm: input.heightCm,
        bloodGroup: input.bloodGroup,
        provenance: input.provenance,
        verificationVerdict: input.verificationVerdict,
        identityFlag: input.identityFlag,
        priority: input.priority,
        channel: input.channel,
        eligibilityStatus,
        eligibilityCode: result?.code ?? null,
        eligibilityFlag: input.eligibilityFlag,
        photo: input.photo,
        at,
      },
      queueDay,
      !input.site ? { kind: 'station' } : input.site.number ? { kind: 'site', ...input.site.number } : { kind: 'station-in-site' },
    );
    if (input.site) this.siteBacklog.add(input.visitId, input.site.number ? 'site' : 'station', input.site.clockOffsetMs, at);
    const outbox: RecordedCheckIn['outbox'] = [];
    if (result) {
      this.eligibility.add(input.visitId, 'desk', result);
      this.audit.record({ at, staffId, action: 'eligibility-lookup', patientId, visitId: input.visitId, outcome: result.code });
    } else if (input.eligibility.kind === 'pending' && input.eligibility.attempt) {
      this.audit.record({ at, staffId, action: 'eligibility-lookup', patientId, visitId: input.visitId, outcome: input.eligibility.attempt });
    }
    // The lookup goes first: the report carries the card it finds, and the patient's order keeps it first.
    if (input.eligibility.kind === 'pending') outbox.push({ id: this.outbox.enqueue('eligibility-lookup', input.visitId, patientId, input.at), kind: 'eligibility-lookup' });
    if (input.visitKind !== 'emergency') outbox.push({ id: this.outbox.enqueue('checkin-report', input.visitId, patientId, input.at), kind: 'checkin-report' });
    if (input.handover) outbox.push({ id: this.outbox.enqueue('his-checkin', input.visitId, patientId, input.at), kind: 'his-checkin' });
    this.audit.record({ at, staffId, action: 'check-in', patientId, visitId: input.visitId, outcome: input.provenance });
    return { visitId: input.visitId, patientId, queueNumber, queueDay, queueSeq: seq, outbox };
  }
}

/** A new id for a visit; also its MA_LK, so the gateway sees the same key however often it is sent. */
/** SQLITE_FULL: no space on the disk, or the database reached its page limit. */
function isDiskFull(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_FULL';
}

export function newVisitId(): string {
  return randomUUID();
}

const KEY_CHECK = 'key-check';

/** The first key to open a database is written beside it (as an HMAC); any other key is refused. */
function checkKey(db: SqliteDatabase, cipher: PiiCipher): void {
  const row = db.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK);
  if (!row) {
    db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(KEY_CHECK, cipher.keyCheck());
    const stored = db.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK)!;
    if (!cipher.matchesKeyCheck(stored.value)) throw new StoreError('wrong-key', 'this key does not belong to the database');
    return;
  }
  if (!cipher.matchesKeyCheck(row.value)) throw new StoreError('wrong-key', 'this key does not belong to the database');
}
