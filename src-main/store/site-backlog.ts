// The station's site backlog (migration 002): visits to publish to the site store, oldest first, and the
// clock offset to the site store last measured. Publishing is idempotent at the site, so a row published
// twice (two processes on one station) costs nothing; a row is never removed, only marked published (and
// marked unpublished again when the visit is cancelled or moved, so the site hears of it).
import type { SqliteDatabase } from './database';

export type NumberSource = 'site' | 'station';

export interface SiteBacklogItem {
  id: number;
  visitId: string;
  numberSource: NumberSource;
  clockOffsetMs: number | null;
  attempts: number;
}

interface Row {
  id: number;
  visit_id: string;
  number_source: NumberSource;
  clock_offset_ms: number | null;
  attempts: number;
}

export class SiteBacklog {
  private readonly insert;
  private readonly pending;
  private readonly published;
  private readonly failed;
  private readonly count;
  private readonly clockRow;
  private readonly saveClock;
  private readonly visitExists;
  private readonly again;
  private readonly hasRow;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare('INSERT INTO site_backlog (visit_id, number_source, clock_offset_ms, created_at) VALUES (?, ?, ?, ?)');
    this.pending = db.prepare<[number], Row>('SELECT id, visit_id, number_source, clock_offset_ms, attempts FROM site_backlog WHERE published_at IS NULL ORDER BY id LIMIT ?');
    this.published = db.prepare('UPDATE site_backlog SET published_at = ? WHERE visit_id = ? AND published_at IS NULL');
    this.failed = db.prepare('UPDATE site_backlog SET attempts = attempts + 1, last_error_code = ? WHERE visit_id = ? AND published_at IS NULL');
    this.count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM site_backlog WHERE published_at IS NULL');
    this.clockRow = db.prepare<[], { offset_ms: number }>('SELECT offset_ms FROM site_clock WHERE id = 1');
    this.saveClock = db.prepare(
      'INSERT INTO site_clock (id, offset_ms, measured_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms, measured_at = excluded.measured_at',
    );
    this.visitExists = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM visits WHERE id = ?');
    this.hasRow = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM site_backlog WHERE visit_id = ?');
    this.again = db.prepare<{ visitId: string; numberSource: NumberSource | null }>(
      'UPDATE site_backlog SET published_at = NULL, attempts = 0, last_error_code = NULL, number_source = coalesce(@numberSource, number_source) WHERE visit_id = @visitId',
    );
  }

  /** Inside the check-in transaction. */
  add(visitId: string, numberSource: NumberSource, clockOffsetMs: number | null, at: string): void {
    this.insert.run(visitId, numberSource, clockOffsetMs === null ? null : Math.round(clockOffsetMs), at);
  }

  /** The oldest unpublished visits, in commit order. */
  unpublished(limit = 500): SiteBacklogItem[] {
    return this.pending.all(limit).map((row) => ({ id: row.id, visitId: row.visit_id, numberSource: row.number_source, clockOffsetMs: row.clock_offset_ms, attempts: row.attempts }));
  }

  /**
   * A visit of this station changed after it reached the site (cancelled, moved to another service): it is
   * published again, and the site takes the change. False for a visit that is not a site visit.
   */
  republish(visitId: string, numberSource: NumberSource | null = null): boolean {
    return this.again.run({ visitId, numberSource }).changes === 1;
  }

  markPublished(visitId: string, at: string): void {
    this.published.run(at, visitId);
  }

  markFailed(visitId: string, code: string): void {
    this.failed.run(code, visitId);
  }

  size(): number {
    return this.count.get()!.n;
  }

  clockOffsetMs(): number | null {
    return this.clockRow.get()?.offset_ms ?? null;
  }

  setClockOffset(offsetMs: number, at: string): void {
    this.saveClock.run(Math.round(offsetMs), at);
  }

  /** Whether the visit is one this station publishes to its site. */
  includes(visitId: string): boolean {
    return this.hasRow.get(visitId)!.n > 0;
  }

  /** Whether this station committed the visit (a reservation without one is void). */
  committed(visitId: string): boolean {
    return this.visitExists.get(visitId)!.n > 0;
  }
}
