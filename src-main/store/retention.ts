// Retention (issue 8): personal data of visits older than N days (default 90) is removed; the visit,
// its queue ticket, its outbox history and the audit trail stay, as references and codes. A visit
// whose report has not reached the gateway keeps its data until it has (or until staff resolve the
// dead item): purging it would silently lose the check-in. A patient's identity goes when none of
// their visits still holds data, blind index included, so the ID number can no longer be matched.
import { AuditLog } from './audit-log';
import type { SqliteDatabase } from './database';

export const DEFAULT_RETENTION_DAYS = 90;

export interface PurgeResult {
  visits: number;
  patients: number;
  /** Visits past the limit kept because something of theirs is still waiting to be sent. */
  heldBack: number;
}

const EXPIRED = `v.arrived_at < @cutoff AND v.pii_purged_at IS NULL`;
const SETTLED = `NOT EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id AND o.state NOT IN ('done', 'withdrawn'))`;

export class Retention {
  private readonly purgeResults;
  private readonly purgeVisits;
  private readonly purgeCorrections;
  private readonly purgePatients;
  private readonly countHeld;
  private readonly tx;

  constructor(db: SqliteDatabase) {
    this.purgeResults = db.prepare(
      `UPDATE eligibility_results SET result_box = NULL
       WHERE result_box IS NOT NULL AND visit_id IN (SELECT v.id FROM visits v WHERE ${EXPIRED} AND ${SETTLED})`,
    );
    this.purgeVisits = db.prepare(
      `UPDATE visits AS v SET reason_box = NULL, photo_box = NULL, cancel_reason_box = NULL, pii_purged_at = @now, updated_at = @now WHERE ${EXPIRED} AND ${SETTLED}`,
    );
    this.purgeCorrections = db.prepare(
      `UPDATE visit_corrections SET reason_box = NULL
       WHERE reason_box IS NOT NULL AND visit_id IN (SELECT v.id FROM visits v WHERE ${EXPIRED} AND ${SETTLED})`,
    );
    this.purgePatients = db.prepare(
      `UPDATE patients SET id_number_index = NULL, id_number_box = NULL, full_name_box = NULL, date_of_birth_box = NULL, address_box = NULL,
         pii_purged_at = @now, updated_at = @now
       WHERE pii_purged_at IS NULL AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = patients.id AND v.pii_purged_at IS NULL)`,
    );
    this.countHeld = db.prepare<{ cutoff: string }, { n: number }>(`SELECT count(*) AS n FROM visits v WHERE ${EXPIRED} AND NOT ${SETTLED}`);
    this.tx = db.transaction((now: string, cutoff: string): PurgeResult => {
      this.purgeResults.run({ cutoff });
      this.purgeCorrections.run({ cutoff });
      const visits = this.purgeVisits.run({ cutoff, now }).changes;
      const patients = this.purgePatients.run({ now }).changes;
      return { visits, patients, heldBack: this.countHeld.get({ cutoff })!.n };
    });
  }

  /** Purges personal data of visits that arrived more than `days` days before `now`. */
  purge(now: Date, days: number = DEFAULT_RETENTION_DAYS): PurgeResult {
    if (!(Number.isInteger(days) && days >= 1)) throw new RangeError('retention days must be a whole number ≥ 1');
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return this.tx.immediate(now.toISOString(), cutoff);
  }
}

const OUTCOME = /^visits=(\d+) patients=(\d+) heldBack=(\d+)$/;

/**
 * Purges and writes one audit entry per run, counts only, even when nothing was due: the audit log then
 * shows retention ran. What the app runs at start and daily, and what `db purge` runs.
 */
export function purgeExpiredPii(db: SqliteDatabase, now: Date, days: number = DEFAULT_RETENTION_DAYS): PurgeResult {
  const result = new Retention(db).purge(now, days);
  new AuditLog(db).record({
    at: now.toISOString(),
    staffId: null,
    action: 'pii-purge',
    patientId: null,
    visitId: null,
    outcome: `visits=${result.visits} patients=${result.patients} heldBack=${result.heldBack}`,
  });
  return result;
}

/** The last purge, read back from its audit entry; null before the first. */
export function lastPurge(db: SqliteDatabase): (PurgeResult & { at: string }) | null {
  const entry = new AuditLog(db).latestOf('pii-purge');
  const counts = entry?.outcome ? OUTCOME.exec(entry.outcome) : null;
  if (!entry || !counts) return null;
  return { at: entry.at, visits: Number(counts[1]), patients: Number(counts[2]), heldBack: Number(counts[3]) };
}
