// Cancelling and correcting a visit at the desk. The reasons staff give are free text (they may name a
// condition), so they are sealed like the reason for the visit; the audit log carries codes only.
// Call inside a transaction.
import type { SqliteDatabase } from './database';
import type { PiiCipher } from './pii-cipher';
import type { CorrectedField, OutboxKind, VisitKind } from './records';

export class VisitChanges {
  private readonly toCancelled;
  private readonly withdrawItems;
  private readonly sentReport;
  private readonly sentToHis;
  private readonly queuedForHis;
  private readonly insertCorrection;
  private readonly setService;
  private readonly setVisitKind;
  private readonly withdrawReportItem;
  private readonly restoreReportItem;
  private readonly setReason;
  private readonly setPriority;
  private readonly renumber;

  constructor(
    db: SqliteDatabase,
    private readonly cipher: PiiCipher,
  ) {
    this.toCancelled = db.prepare<{ id: string; at: string; staffId: number; reason: Buffer }>(
      `UPDATE visits SET status = 'cancelled', cancelled_at = @at, cancelled_staff_id = @staffId, cancel_reason_box = @reason, updated_at = @at
       WHERE id = @id AND status <> 'cancelled'`,
    );
    // In flight: already on its way; when it lands the visit reads "sent, cancelled at the facility".
    this.withdrawItems = db.prepare<[string, string, string], { kind: OutboxKind }>(
      `UPDATE outbox SET state = 'withdrawn', withdrawn_at = ?, updated_at = ? WHERE visit_id = ? AND state IN ('pending', 'dead') RETURNING kind`,
    );
    this.sentReport = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE visit_id = ? AND kind = 'checkin-report' AND state IN ('done', 'in-flight')`);
    this.sentToHis = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE visit_id = ? AND lane = 'his' AND state IN ('done', 'in-flight')`);
    this.queuedForHis = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE visit_id = ? AND lane = 'his' AND state <> 'withdrawn'`);
    this.insertCorrection = db.prepare('INSERT INTO visit_corrections (visit_id, at, staff_id, reason_box, changes) VALUES (?, ?, ?, ?, ?)');
    this.setService = db.prepare<[string, string, string, string]>('UPDATE visits SET service_code = ?, service_name = ?, updated_at = ? WHERE id = ?');
    this.setVisitKind = db.prepare<[VisitKind, string, string]>('UPDATE visits SET visit_kind = ?, updated_at = ? WHERE id = ?');
    this.withdrawReportItem = db.prepare<[string, string, string]>(
      `UPDATE outbox SET state = 'withdrawn', withdrawn_at = ?, updated_at = ? WHERE visit_id = ? AND kind = 'checkin-report' AND state IN ('pending', 'dead')`,
    );
    this.restoreReportItem = db.prepare<[number, string, string]>(
      `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, withdrawn_at = NULL, updated_at = ? WHERE visit_id = ? AND kind = 'checkin-report' AND state = 'withdrawn'`,
    );
    this.setReason = db.prepare<[Buffer | null, string, string]>('UPDATE visits SET reason_box = ?, updated_at = ? WHERE id = ?');
    this.setPriority = db.prepare<[string | null, number, string, string]>('UPDATE visits SET priority = ?, queue_rank = ?, updated_at = ? WHERE id = ?');
    this.renumber = db.prepare<[string, number, string, string]>('UPDATE queue_tickets SET service_code = ?, seq = ?, number = ? WHERE visit_id = ?');
  }

  /** False if the visit was cancelled already. */
  cancel(visitId: string, staffId: number, reason: string, at: string): boolean {
    return this.toCancelled.run({ id: visitId, at, staffId, reason: this.cipher.seal('visits.cancel_reason', reason) }).changes === 1;
  }

  /** Takes back whatever of the visit has not gone out (pending, or dead waiting for staff). */
  withdrawOutbox(visitId: string, at: string): OutboxKind[] {
    return this.withdrawItems.all(at, at, visitId).map((row) => row.kind);
  }

  /** The HIS has the visit, or is being sent it now (a cancellation must follow). */
  handedOver(visitId: string): boolean {
    return this.sentToHis.get(visitId)!.n > 0;
  }

  /** The visit is in the HIS lane at all (checked in while the push was configured). */
  inHisLane(visitId: string): boolean {
    return this.queuedForHis.get(visitId)!.n > 0;
  }

  /** The gateway has the check-in report, or is being sent it now. */
  reportSent(visitId: string): boolean {
    return this.sentReport.get(visitId)!.n > 0;
  }

  setServiceOf(visitId: string, code: string, name: string, at: string): void {
    this.setService.run(code, name, at, visitId);
  }

  setVisitKindOf(visitId: string, kind: VisitKind, at: string): void {
    this.setVisitKind.run(kind, at, visitId);
  }

  withdrawReport(visitId: string, at: string): void {
    this.withdrawReportItem.run(at, at, visitId);
  }

  /** A report withdrawn by mistake goes back to the queue; false when there was none. */
  restoreReport(visitId: string, at: Date): boolean {
    return this.restoreReportItem.run(at.getTime(), at.toISOString(), visitId).changes === 1;
  }

  setReasonOf(visitId: string, reason: string | null, at: string): void {
    this.setReason.run(reason === null ? null : this.cipher.seal('visits.reason', reason), at, visitId);
  }

  setPriorityOf(visitId: string, priority: readonly string[], rank: number, at: string): void {
    this.setPriority.run(priority.length > 0 ? priority.join(',') : null, rank, at, visitId);
  }

  /** The ticket moves to the new service's queue with a new number; the old one is never handed out again. */
  renumberTicket(visitId: string, serviceCode: string, seq: number, number: string): void {
    this.renumber.run(serviceCode, seq, number, visitId);
  }

  record(visitId: string, staffId: number, reason: string, changes: readonly CorrectedField[], at: string): void {
    this.insertCorrection.run(visitId, at, staffId, this.cipher.seal('visit_corrections.reason', reason), JSON.stringify(changes));
  }
}
