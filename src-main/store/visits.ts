// Visits and their queue tickets. The queue number comes from a counter row per station, service and
// Vietnamese day, bumped inside the check-in transaction, so two check-ins never share a number even
// when the desk and a kiosk write to the same file. On a station of a hospital site the number is the
// one the site store reserved (NOI-004), or, when the site did not answer, the station's own with the
// service in it (K2-NOI-004); a ticket's station_code names who numbered it, SITE_NUMBERING for the site.
import type { SqliteDatabase } from './database';
import type { PiiCipher } from './pii-cipher';
import { formatQueueNumber } from './queue-day';
import { initialRank } from './visit-queue';
import type { BloodGroup, EligibilityState, Photo, Provenance, Service, VisitKind, VisitStatus, VisitSummary, VisitSyncState } from './records';

/** The numbering authority of a ticket whose number the site store gave (not a station code: those are [A-Z][A-Z0-9]?). */
export const SITE_NUMBERING = '@site';

/** How the ticket is numbered: the station's own counter (alone, or within a site), or the site's number. */
export type Numbering = { kind: 'station' } | { kind: 'station-in-site' } | { kind: 'site'; seq: number; queueNumber: string };

export interface VisitRow {
  id: string;
  patient_id: string;
  staff_id: number;
  facility_code: string;
  station_code: string;
  service_code: string;
  service_name: string;
  visit_type: string;
  entry_category: string | null;
  reason_box: Buffer | null;
  height_cm: number | null;
  blood_group: BloodGroup | null;
  status: VisitStatus;
  priority: string | null;
  channel: 'desk' | 'kiosk';
  provenance: Provenance;
  verification_verdict: string | null;
  identity_flag: string | null;
  eligibility_status: EligibilityState;
  eligibility_code: string | null;
  eligibility_flag: string | null;
  photo_box: Buffer | null;
  arrived_at: string;
  created_at: string;
  updated_at: string;
  reported_at: string | null;
  pii_purged_at: string | null;
  visit_kind: VisitKind;
  queue_rank: number;
  called_at: string | null;
  called_counter: string | null;
  called_staff_id: number | null;
  call_count: number;
  served_at: string | null;
  skip_count: number;
  cancelled_at: string | null;
  cancelled_staff_id: number | null;
  cancel_reason_box: Buffer | null;
}

export interface NewVisitRow {
  id: string;
  patientId: string;
  staffId: number;
  facilityCode: string;
  stationCode: string;
  service: Service;
  visitType: string;
  visitKind: VisitKind;
  entryCategory: string | null;
  reasonForVisit: string | null;
  heightCm: number | null;
  bloodGroup: BloodGroup | null;
  provenance: Provenance;
  verificationVerdict: string | null;
  identityFlag: string | null;
  priority: readonly string[];
  channel: 'desk' | 'kiosk';
  eligibilityStatus: EligibilityState;
  eligibilityCode: string | null;
  eligibilityFlag: string | null;
  photo: Photo | null;
  at: string;
}

type SummaryRow = VisitRow & { number: string; queue_day: string; sync_dead: number; sync_open: number; sync_any: number; report_done: number; sync_withdrawn: number };

const SUMMARY = `
  SELECT v.*, t.number, t.queue_day,
    EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id AND o.lane = 'bhxh' AND o.state = 'dead') AS sync_dead,
    EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id AND o.lane = 'bhxh' AND o.state IN ('pending', 'in-flight')) AS sync_open,
    EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id AND o.lane = 'bhxh') AS sync_any,
    EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id AND o.kind = 'checkin-report' AND o.state = 'done') AS report_done,
    EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id AND o.lane = 'bhxh' AND o.state = 'withdrawn') AS sync_withdrawn
  FROM visits v JOIN queue_tickets t ON t.visit_id = v.id`;

export class VisitRepository {
  private readonly bumpCounter;
  private readonly insertVisit;
  private readonly insertTicket;
  private readonly updateEligibility;
  private readonly updateReported;
  private readonly byId;
  private readonly summaryById;
  private readonly summariesOfDay;
  private readonly summariesOfPatientOnDay;
  private readonly calledRows;

  constructor(
    db: SqliteDatabase,
    private readonly cipher: PiiCipher,
    private readonly holderOf: (patientId: string) => { idNumber: string; fullName: string } | null,
  ) {
    this.bumpCounter = db.prepare<[string, string, string], { last_seq: number }>(
      `INSERT INTO queue_counters (station_code, service_code, queue_day, last_seq) VALUES (?, ?, ?, 1)
       ON CONFLICT (station_code, service_code, queue_day) DO UPDATE SET last_seq = last_seq + 1
       RETURNING last_seq`,
    );
    this.insertVisit = db.prepare(
      `INSERT INTO visits (id, patient_id, staff_id, facility_code, station_code, service_code, service_name, visit_type, entry_category,
         reason_box, height_cm, blood_group, status, priority, channel, provenance, verification_verdict, identity_flag, eligibility_status, eligibility_code,
         eligibility_flag, photo_box, arrived_at, created_at, updated_at, visit_kind, queue_rank)
       VALUES (@id, @patientId, @staffId, @facilityCode, @stationCode, @serviceCode, @serviceName, @visitType, @entryCategory,
         @reason, @heightCm, @bloodGroup, 'waiting', @priority, @channel, @provenance, @verificationVerdict, @identityFlag, @eligibilityStatus, @eligibilityCode,
         @eligibilityFlag, @photo, @at, @at, @at, @visitKind, @rank)`,
    );
    this.insertTicket = db.prepare(
      'INSERT INTO queue_tickets (visit_id, station_code, service_code, queue_day, seq, number, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateEligibility = db.prepare(
      'UPDATE visits SET eligibility_status = ?, eligibility_code = ?, eligibility_flag = ?, updated_at = ? WHERE id = ?',
    );
    this.updateReported = db.prepare('UPDATE visits SET reported_at = ?, updated_at = ? WHERE id = ?');
    this.byId = db.prepare<[string], VisitRow>('SELECT * FROM visits WHERE id = ?');
    this.summaryById = db.prepare<[string], SummaryRow>(`${SUMMARY} WHERE v.id = ?`);
    this.summariesOfDay = db.prepare<[string], SummaryRow>(`${SUMMARY} WHERE t.queue_day = ? ORDER BY v.arrived_at, t.number`);
    this.summariesOfPatientOnDay = db.prepare<[string, string], SummaryRow>(`${SUMMARY} WHERE v.patient_id = ? AND t.queue_day = ? ORDER BY v.arrived_at`);
    this.calledRows = db.prepare<[], SummaryRow>(`${SUMMARY} WHERE v.status = 'called' ORDER BY v.called_at DESC`);
  }

  /** The next number of a service's queue of the day; the counter only goes up, so no number is given twice. */
  /** The station's next number of the service that day: `A-015` alone, `K2-NOI-004` within a site (never one the site gives). */
  nextNumber(stationCode: string, serviceCode: string, queueDay: string, kind: 'station' | 'station-in-site'): { queueNumber: string; seq: number } {
    const seq = this.bumpCounter.get(stationCode, serviceCode, queueDay)!.last_seq;
    return { queueNumber: formatQueueNumber(kind === 'station' ? stationCode : `${stationCode}-${serviceCode}`, seq), seq };
  }

  /** Inserts the visit and its ticket; returns the queue number. Call inside a transaction. */
  add(visit: NewVisitRow, queueDay: string, numbering: Numbering = { kind: 'station' }): { queueNumber: string; seq: number } {
    let seq: number;
    let queueNumber: string;
    let numberedBy = visit.stationCode;
    if (numbering.kind === 'site') {
      ({ seq, queueNumber } = numbering);
      numberedBy = SITE_NUMBERING;
    } else ({ seq, queueNumber } = this.nextNumber(visit.stationCode, visit.service.code, queueDay, numbering.kind));
    this.insertVisit.run({
      id: visit.id,
      patientId: visit.patientId,
      staffId: visit.staffId,
      facilityCode: visit.facilityCode,
      stationCode: visit.stationCode,
      serviceCode: visit.service.code,
      serviceName: visit.service.name,
      visitType: visit.visitType,
      entryCategory: visit.entryCategory,
      reason: visit.reasonForVisit === null ? null : this.cipher.seal('visits.reason', visit.reasonForVisit),
      heightCm: visit.heightCm,
      bloodGroup: visit.bloodGroup,
      provenance: visit.provenance,
      verificationVerdict: visit.verificationVerdict,
      identityFlag: visit.identityFlag,
      priority: visit.priority.length > 0 ? visit.priority.join(',') : null,
      channel: visit.channel,
      eligibilityStatus: visit.eligibilityStatus,
      eligibilityCode: visit.eligibilityCode,
      eligibilityFlag: visit.eligibilityFlag,
      photo: visit.photo === null ? null : this.cipher.seal('visits.photo', Buffer.concat([Buffer.from(`${visit.photo.mimeType}\n`), visit.photo.bytes])),
      at: visit.at,
      visitKind: visit.visitKind,
      rank: initialRank(visit.at, visit.priority.length > 0),
    });
    this.insertTicket.run(visit.id, numberedBy, visit.service.code, queueDay, seq, queueNumber, visit.at);
    return { queueNumber, seq };
  }

  setEligibility(visitId: string, status: EligibilityState, code: string | null, flag: string | null, at: string): void {
    this.updateEligibility.run(status, code, flag, at, visitId);
  }

  markReported(visitId: string, at: string): void {
    this.updateReported.run(at, at, visitId);
  }

  row(visitId: string): VisitRow | null {
    return this.byId.get(visitId) ?? null;
  }

  summary(visitId: string): VisitSummary | null {
    const row = this.summaryById.get(visitId);
    return row ? this.summaryOf(row) : null;
  }

  /** The visits whose tickets belong to this Vietnamese day, in arrival order. */
  ofDay(queueDay: string): VisitSummary[] {
    return this.summariesOfDay.all(queueDay).map((row) => this.summaryOf(row));
  }

  /** Every visit a counter is calling now (at most one per counter), the latest call first. */
  called(): VisitSummary[] {
    return this.calledRows.all().map((row) => this.summaryOf(row));
  }

  ofPatientOnDay(patientId: string, queueDay: string): VisitSummary[] {
    return this.summariesOfPatientOnDay.all(patientId, queueDay).map((row) => this.summaryOf(row));
  }

  /** The reason for the visit as staff entered it; null when none was given or retention purged it. */
  reasonOf(visitId: string): string | null {
    const box = this.byId.get(visitId)?.reason_box;
    return box ? this.cipher.open('visits.reason', box) : null;
  }

  /** The photo kept with the visit (only when the desk's setting keeps photos). */
  photo(visitId: string): Photo | null {
    const box = this.byId.get(visitId)?.photo_box;
    if (!box) return null;
    const bytes = this.cipher.openBytes('visits.photo', box);
    const split = bytes.indexOf(0x0a);
    return { mimeType: bytes.subarray(0, split).toString('utf8'), bytes: new Uint8Array(bytes.subarray(split + 1)) };
  }

  private summaryOf(row: SummaryRow): VisitSummary {
    return {
      visitId: row.id,
      patientId: row.patient_id,
      queueNumber: row.number,
      queueDay: row.queue_day,
      service: { code: row.service_code, name: row.service_name },
      visitType: row.visit_type,
      visitKind: row.visit_kind,
      status: row.status,
      arrivedAt: row.arrived_at,
      call: row.called_at && row.called_counter ? { at: row.called_at, counter: row.called_counter, count: row.call_count } : null,
      skipCount: row.skip_count,
      servedAt: row.served_at,
      cancelledAt: row.cancelled_at,
      provenance: row.provenance,
      verificationVerdict: row.verification_verdict,
      priority: row.priority ? row.priority.split(',') : [],
      channel: row.channel,
      eligibility: { status: row.eligibility_status, code: row.eligibility_code },
      flags: [row.identity_flag && `identity:${row.identity_flag}`, row.eligibility_flag && `eligibility:${row.eligibility_flag}`].filter(
        (flag): flag is string => Boolean(flag),
      ),
      sync: syncOf(row),
      holder: this.holderOf(row.patient_id),
    };
  }
}

/** A cancelled visit says what became of its report: taken back in time, or already at the gateway. */
function syncOf(row: SummaryRow): VisitSyncState {
  if (row.status === 'cancelled' && row.report_done) return 'sent-cancelled';
  if (row.sync_dead) return 'dead';
  if (row.sync_open) return 'pending';
  if (row.sync_withdrawn) return 'withdrawn';
  return row.sync_any ? 'sent' : 'none';
}
