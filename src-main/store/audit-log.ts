// Who did what about whom, and when (Decree 13/2023 asks that access to personal data be traceable).
// Rows hold references and result codes only: the patient's data stays in the sealed columns.
import type { SqliteDatabase } from './database';

export type AuditAction =
  /** A visit was registered for the patient. */
  | 'check-in'
  /** The gateway was asked about the patient's card (by the desk or, on the staff member's behalf, by the outbox). */
  | 'eligibility-lookup'
  /** A dead outbox item was put back in the queue. */
  | 'outbox-retry'
  /** Retention ran (no patient named: outcome carries counts, zero included). */
  | 'pii-purge'
  /** An administrator imported trust material (outcome: how it was vouched for and how much was added). */
  | 'trust-import'
  /** Staff cancelled a visit (outcome: what became of its report: withdrawn=…, report-sent, nothing-queued). */
  | 'visit-cancel'
  /** Staff corrected a visit (outcome: the fields changed, and "report-sent" when the gateway had it already). */
  | 'visit-correct'
  /** A counter called the patient (outcome: the counter). */
  | 'queue-call'
  /** The patient did not come when called (outcome: the counter and how many places back). */
  | 'queue-skip'
  /** The number was called again (outcome: the counter). */
  | 'queue-recall';

export interface AuditEntry {
  id: number;
  at: string;
  staffId: number | null;
  action: AuditAction;
  patientId: string | null;
  visitId: string | null;
  /** A result or error code, a count: never personal data. */
  outcome: string | null;
}

interface AuditRow {
  id: number;
  at: string;
  staff_id: number | null;
  action: AuditAction;
  patient_id: string | null;
  visit_id: string | null;
  outcome: string | null;
}

const entryOf = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  staffId: row.staff_id,
  action: row.action,
  patientId: row.patient_id,
  visitId: row.visit_id,
  outcome: row.outcome,
});

export class AuditLog {
  private readonly insert;
  private readonly ofPatient;
  private readonly recent;
  private readonly lastOf;
  private readonly queueSince;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare('INSERT INTO audit_log (at, staff_id, action, patient_id, visit_id, outcome) VALUES (?, ?, ?, ?, ?, ?)');
    this.ofPatient = db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE patient_id = ? ORDER BY id');
    this.recent = db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
    this.lastOf = db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1');
    this.queueSince = db.prepare<[string], AuditRow>(`SELECT * FROM audit_log WHERE action IN ('queue-call', 'queue-skip', 'queue-recall') AND at >= ? ORDER BY id`);
  }

  record(entry: Omit<AuditEntry, 'id'>): void {
    this.insert.run(entry.at, entry.staffId, entry.action, entry.patientId, entry.visitId, entry.outcome);
  }

  forPatient(patientId: string): AuditEntry[] {
    return this.ofPatient.all(patientId).map(entryOf);
  }

  latest(limit = 100): AuditEntry[] {
    return this.recent.all(limit).map(entryOf);
  }

  /** The calls, skips and recalls made at this station's counters since `fromIso`, in order. */
  queueActionsSince(fromIso: string): AuditEntry[] {
    return this.queueSince.all(fromIso).map(entryOf);
  }

  latestOf(action: AuditAction): AuditEntry | null {
    const row = this.lastOf.get(action);
    return row ? entryOf(row) : null;
  }
}
