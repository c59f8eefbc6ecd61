// The calling queue, kept in the visit rows so a restart (or a second window) sees the same state.
// Each service's queue of the day is ordered by `queue_rank`: the arrival time in epoch ms, one day
// earlier for priority patients, so "priority, then arrival" is a single index order. A skipped
// patient's rank moves between the patients they are put behind. Call inside a transaction.
import type { SqliteDatabase } from './database';

const DAY_MS = 86_400_000;

/** Another station's counter as this station's store names it (`K2/P101`): no counter code of its own has a slash. */
export function mirroredCounter(station: string, counter: string): string {
  return `${station}/${counter}`;
}

export function isMirroredCounter(code: string): boolean {
  return code.includes('/');
}

/** The rank a visit starts with: priority patients ahead of everyone who arrives that day. */
export function initialRank(arrivedAtIso: string, priority: boolean): number {
  return Date.parse(arrivedAtIso) - (priority ? DAY_MS : 0);
}

interface QueueEntry {
  id: string;
  queue_rank: number;
}

export class VisitQueue {
  private readonly next;
  private readonly calledAt;
  private readonly toCalled;
  private readonly toServed;
  private readonly toSkipped;
  private readonly again;
  private readonly behind;
  private readonly byId;
  private readonly mirrored;

  constructor(db: SqliteDatabase) {
    const QUEUE = `v.status IN ('waiting', 'skipped') AND t.queue_day = @day`;
    this.next = db.prepare<{ day: string; services: string }, QueueEntry>(
      `SELECT v.id, v.queue_rank FROM visits v JOIN queue_tickets t ON t.visit_id = v.id
       WHERE ${QUEUE} AND v.service_code IN (SELECT value FROM json_each(@services)) ORDER BY v.queue_rank, v.arrived_at LIMIT 1`,
    );
    this.calledAt = db.prepare<[string], { id: string }>(`SELECT id FROM visits WHERE called_counter = ? AND status = 'called'`);
    this.toCalled = db.prepare<{ id: string; counter: string; staffId: number; at: string }>(
      `UPDATE visits SET status = 'called', called_at = @at, called_counter = @counter, called_staff_id = @staffId, call_count = call_count + 1, updated_at = @at
       WHERE id = @id AND status IN ('waiting', 'skipped', 'called')`,
    );
    this.toServed = db.prepare<[string, string, string]>(`UPDATE visits SET status = 'served', served_at = ?, updated_at = ? WHERE id = ? AND status = 'called'`);
    this.toSkipped = db.prepare<[number, string, string]>(`UPDATE visits SET status = 'skipped', queue_rank = ?, skip_count = skip_count + 1, updated_at = ? WHERE id = ? AND status = 'called'`);
    this.again = db.prepare<[string, string, string]>(`UPDATE visits SET called_at = ?, call_count = call_count + 1, updated_at = ? WHERE id = ? AND status = 'called'`);
    // The patients still to be called in the same service's queue, in order, after the skipped one's place.
    this.behind = db.prepare<{ day: string; service: string; id: string; limit: number }, QueueEntry>(
      `SELECT v.id, v.queue_rank FROM visits v JOIN queue_tickets t ON t.visit_id = v.id
       WHERE ${QUEUE} AND v.service_code = @service AND v.id <> @id ORDER BY v.queue_rank, v.arrived_at LIMIT @limit`,
    );
    // The site's word on one of this station's visits moves it forward only: never back to waiting, never
    // out of served or cancelled. The counter's previous patient is served first (one called per counter).
    const forward = { called: `'waiting', 'skipped', 'called'`, served: `'waiting', 'skipped', 'called'`, skipped: `'waiting', 'called'` } as const;
    this.mirrored = {
      callable: db.prepare<[string], { id: string }>(`SELECT id FROM visits WHERE id = ? AND status IN (${forward.called})`),
      slot: db.prepare<{ id: string; counter: string; at: string }>(`UPDATE visits SET status = 'served', served_at = @at, updated_at = @at WHERE called_counter = @counter AND status = 'called' AND id <> @id`),
      called: db.prepare<{ id: string; counter: string; at: string }>(
        `UPDATE visits SET status = 'called', called_at = @at, called_counter = @counter, updated_at = @at WHERE id = @id AND status IN (${forward.called})`,
      ),
      served: db.prepare<{ id: string; at: string }>(
        `UPDATE visits SET status = 'served', served_at = @at, called_at = coalesce(called_at, @at), updated_at = @at WHERE id = @id AND status IN (${forward.served})`,
      ),
      skipped: db.prepare<{ id: string; at: string }>(`UPDATE visits SET status = 'skipped', updated_at = @at WHERE id = @id AND status IN (${forward.skipped})`),
    };
    this.byId = db.prepare<[string], { service_code: string; queue_day: string; queue_rank: number }>(
      'SELECT v.service_code, t.queue_day, v.queue_rank FROM visits v JOIN queue_tickets t ON t.visit_id = v.id WHERE v.id = ?',
    );
  }

  /** The visit the counter has called and not yet served or skipped. */
  currentAt(counter: string): string | null {
    return this.calledAt.get(counter)?.id ?? null;
  }

  /** The first of the day's queue of these services (waiting or skipped), or null. */
  nextOf(services: readonly string[], day: string): string | null {
    return this.next.get({ day, services: JSON.stringify(services) })?.id ?? null;
  }

  call(visitId: string, counter: string, staffId: number, at: string): boolean {
    return this.toCalled.run({ id: visitId, counter, staffId, at }).changes === 1;
  }

  serve(visitId: string, at: string): boolean {
    return this.toServed.run(at, at, visitId).changes === 1;
  }

  /** Calls the same number again at its counter. */
  recall(visitId: string, at: string): boolean {
    return this.again.run(at, at, visitId).changes === 1;
  }

  /**
   * What the site store says happened to one of this station's visits (a desk of the site called, served or
   * skipped it), so that calling alone, when the site is away, does not call it again. `counter` is the
   * site's counter as this station names it. False when the visit had already moved further.
   */
  mirror(visitId: string, state: 'called' | 'served' | 'skipped', counter: string, at: string): boolean {
    if (state === 'called') {
      // A call replayed after the visit moved on here (served by a call made alone since) frees nobody's counter.
      if (!this.mirrored.callable.get(visitId)) return false;
      this.mirrored.slot.run({ id: visitId, counter, at });
      return this.mirrored.called.run({ id: visitId, counter, at }).changes === 1;
    }
    return this.mirrored[state].run({ id: visitId, at }).changes === 1;
  }

  /**
   * Puts a called patient back in the queue behind the next `places` patients of the service (at the end
   * when fewer are waiting): the rank goes between the one they follow and the one after.
   */
  skip(visitId: string, places: number, at: string): boolean {
    const visit = this.byId.get(visitId);
    if (!visit) return false;
    const ahead = this.behind.all({ day: visit.queue_day, service: visit.service_code, id: visitId, limit: places + 1 });
    const after = ahead[places - 1];
    const rank = !after ? Math.max(visit.queue_rank, ...ahead.map((entry) => entry.queue_rank)) + 1 : ahead[places] ? (after.queue_rank + ahead[places].queue_rank) / 2 : after.queue_rank + 1;
    return this.toSkipped.run(rank, at, visitId).changes === 1;
  }
}
