// Calling across the site's stations: "call next" at a counter takes the first waiting visit of its
// services in the whole site's queue (rank: priority, then arrival on the site's clock), locked with
// `FOR UPDATE SKIP LOCKED` so two desks calling at the same moment never get the same patient; skip and
// recall as on one PC. Every action is a row of `calls` (counter, station, sealed operator), announced
// to every station's listener when it commits. A counter is its code at its station.
import type pg from 'pg';
import { z } from 'zod';
import type { PiiCipher } from '../store/pii-cipher';
import type { PoolClient } from './connection';
import { inTransaction, query, rows } from './pool-work';

/** `withdraw`: the visit's station cancelled it, or moved it to another clinic, while a counter had it called. */
export type CallAction = 'call' | 'recall' | 'skip' | 'serve' | 'withdraw';

export interface CounterName {
  vi: string;
  en: string;
}

/** The desk doing the calling. */
export interface SiteCounter {
  station: string;
  counter: string;
  name: CounterName;
  /** The operator signed in (sealed before it leaves the station); null at an unattended display. */
  operatorIdNumber: string | null;
}

/** One call as a display shows it (also what NOTIFY carries). */
export interface SiteCall {
  id: number;
  action: CallAction;
  visitId: string;
  queueNumber: string;
  service: string;
  queueDay: string;
  counter: string;
  counterName: CounterName;
  station: string;
  at: Date;
  callCount: number;
}

/** A call a station made on its own visits while the site was away, published on its return. */
export interface StationCall {
  /** The station's idempotency key for this call. */
  key: string;
  visitId: string;
  action: CallAction;
  counter: SiteCounter;
  /** On the station's clock. */
  at: Date;
  clockOffsetMs: number;
}

const Name = z.object({ vi: z.string().max(100), en: z.string().max(100) });
const CallRow = z.object({
  id: z.coerce.number().int().positive(),
  action: z.enum(['call', 'recall', 'skip', 'serve', 'withdraw']),
  visitId: z.uuid(),
  queueNumber: z.string().min(1).max(80),
  service: z.string().min(1).max(64),
  queueDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  counter: z.string().min(1).max(64),
  counterName: Name,
  station: z.string().min(1).max(64),
  at: z.coerce.date(),
  callCount: z.number().int().nonnegative(),
});

/** The NOTIFY payload, checked like any row: a hostile or damaged one is dropped, never trusted. */
export function callOfPayload(payload: string | undefined): SiteCall | null {
  try {
    const parsed = CallRow.safeParse(JSON.parse(payload ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const CALL_COLUMNS = `c.id, c.action, c.visit_id AS "visitId", v.queue_number AS "queueNumber", v.service_code AS service, to_char(v.queue_day, 'YYYY-MM-DD') AS "queueDay",
  c.counter, c.counter_name AS "counterName", c.station_code AS station, c.at, v.call_count AS "callCount"`;

const Id = z.object({ id: z.uuid() });
const Ranked = z.object({ id: z.uuid(), queue_rank: z.number() });

export class SiteCalls {
  constructor(
    private readonly pool: pg.Pool,
    private readonly cipher: PiiCipher,
  ) {}

  /**
   * The counter's current patient is served, and the first waiting or skipped visit of `services` that
   * day is called there. Null when none is left (the current one is served all the same).
   */
  async callNext(counter: SiteCounter, services: readonly string[], queueDay: string, signal?: AbortSignal): Promise<{ called: SiteCall | null; served: string | null }> {
    return inTransaction(this.pool, 'call next', async (client) => {
      const served = await this.serveCurrent(client, counter, queueDay);
      const [next] = rows(
        Id,
        await client.query(
          `SELECT id FROM visits WHERE queue_day = $1::date AND service_code = ANY($2::text[]) AND status IN ('waiting', 'skipped')
           ORDER BY queue_rank, queued_at, queue_number LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [queueDay, [...services]],
        ),
        'visits',
      );
      if (!next) return { called: null, served };
      return { called: await this.callAt(client, next.id, counter, 'call'), served };
    }, signal);
  }

  /** The counter's patient did not come: back in the service's queue behind the next `places` patients. */
  async skip(counter: SiteCounter, places: number, queueDay: string, signal?: AbortSignal): Promise<SiteCall | null> {
    return inTransaction(this.pool, 'skip', async (client) => {
      const [current] = rows(
        z.object({ id: z.uuid(), service_code: z.string(), queue_rank: z.number() }),
        await client.query(`SELECT id, service_code, queue_rank FROM visits WHERE called_station = $1 AND called_by = $2 AND status = 'called' AND queue_day = $3::date FOR UPDATE`, [
          counter.station,
          counter.counter,
          queueDay,
        ]),
        'visits',
      );
      if (!current) return null;
      const ahead = rows(
        Ranked,
        await client.query(
          `SELECT id, queue_rank FROM visits WHERE queue_day = $1::date AND service_code = $2 AND status IN ('waiting', 'skipped') AND id <> $3 ORDER BY queue_rank, queued_at LIMIT $4`,
          [queueDay, current.service_code, current.id, places + 1],
        ),
        'visits',
      );
      const after = ahead[places - 1];
      const following = ahead[places];
      const rank = !after ? Math.max(current.queue_rank, ...ahead.map((entry) => entry.queue_rank)) + 1 : following ? (after.queue_rank + following.queue_rank) / 2 : after.queue_rank + 1;
      await client.query(`UPDATE visits SET status = 'skipped', queue_rank = $2, skip_count = skip_count + 1, updated_at = now() WHERE id = $1`, [current.id, rank]);
      return this.record(client, current.id, counter, 'skip', 'site', null, null);
    }, signal);
  }

  /** The counter's number called again; or a skipped patient who came back (`visitId`), the current one served first. */
  async recall(counter: SiteCounter, queueDay: string, visitId?: string, signal?: AbortSignal): Promise<SiteCall | null> {
    return inTransaction(this.pool, 'recall', async (client) => {
      if (!visitId) {
        const [current] = rows(
          Id,
          await client.query(`SELECT id FROM visits WHERE called_station = $1 AND called_by = $2 AND status = 'called' AND queue_day = $3::date FOR UPDATE`, [counter.station, counter.counter, queueDay]),
          'visits',
        );
        return current ? this.callAt(client, current.id, counter, 'recall') : null;
      }
      const [skipped] = rows(Id, await client.query(`SELECT id FROM visits WHERE id = $1 AND status = 'skipped' FOR UPDATE SKIP LOCKED`, [visitId]), 'visits');
      if (!skipped) return null;
      await this.serveCurrent(client, counter, queueDay);
      return this.callAt(client, skipped.id, counter, 'recall');
    }, signal);
  }

  /**
   * Calls a station made alone while the site was away, in the order made; again with the same keys
   * changes nothing; a call whose visit is not published yet is counted `missing` and left for later. A call is history whatever happened meanwhile; the visit's state follows it only
   * while no other counter has taken the visit since.
   */
  async publishStationCalls(calls: readonly StationCall[]): Promise<{ stored: number; missing: number }> {
    if (calls.length === 0) return { stored: 0, missing: 0 };
    return inTransaction(this.pool, 'publish calls', async (client) => {
      let stored = 0;
      let missing = 0;
      for (const call of calls) {
        const at = new Date(call.at.getTime() + call.clockOffsetMs);
        const known = await client.query('SELECT 1 FROM calls WHERE call_key = $1', [call.key]);
        if (known.rowCount) continue;
        const [visit] = rows(z.object({ id: z.uuid(), status: z.string(), called_station: z.string().nullable() }), await client.query('SELECT id, status, called_station FROM visits WHERE id = $1 FOR UPDATE', [call.visitId]), 'visits');
        // Its visit is still in the station's backlog: published on a later pass.
        if (!visit) {
          missing += 1;
          continue;
        }
        const free = visit.status === 'waiting' || visit.status === 'skipped' || visit.called_station === null || visit.called_station === call.counter.station;
        if (free && (call.action === 'call' || call.action === 'recall')) {
          const served = rows(
            Id,
            await client.query(`UPDATE visits SET status = 'served', served_at = $3, updated_at = now() WHERE called_station = $1 AND called_by = $2 AND status = 'called' AND id <> $4 RETURNING id`, [
              call.counter.station,
              call.counter.counter,
              at,
              call.visitId,
            ]),
            'visits',
          );
          // A serve of its own, as at the site: the station replays each visit's latest row and must see it served.
          for (const { id } of served) await this.record(client, id, call.counter, 'serve', 'station', at, null);
          await this.markCalled(client, call.visitId, call.counter, at);
        } else if (free && call.action === 'serve') {
          await client.query(`UPDATE visits SET status = 'served', served_at = $2, updated_at = now() WHERE id = $1 AND status = 'called'`, [call.visitId, at]);
        } else if (free && call.action === 'skip') {
          await client.query(`UPDATE visits SET status = 'skipped', skip_count = skip_count + 1, updated_at = now() WHERE id = $1 AND status = 'called'`, [call.visitId]);
        }
        await this.record(client, call.visitId, call.counter, call.action, 'station', at, call.key);
        stored += 1;
      }
      return { stored, missing };
    });
  }

  /**
   * What a display shows after a restart or a lost connection: each counter's current call, and the
   * `last` most recent calls of the day (newest first), for these counters or services (all when empty).
   */
  async nowServing(queueDay: string, filter: { counters?: readonly string[]; services?: readonly string[] }, last: number): Promise<{ current: SiteCall[]; recent: SiteCall[] }> {
    const counters = [...(filter.counters ?? [])];
    const services = [...(filter.services ?? [])];
    const chosen = `(cardinality($2::text[]) = 0 OR c.counter = ANY($2::text[])) AND (cardinality($3::text[]) = 0 OR v.service_code = ANY($3::text[]))`;
    const current = rows(
      CallRow,
      await query(
        this.pool,
        'now serving',
        `SELECT DISTINCT ON (v.id) ${CALL_COLUMNS} FROM visits v JOIN calls c ON c.visit_id = v.id AND c.action IN ('call', 'recall')
         WHERE v.queue_day = $1::date AND v.status = 'called' AND ${chosen} ORDER BY v.id, c.id DESC`,
        [queueDay, counters, services],
      ),
      'calls',
    ).sort((a, b) => b.id - a.id);
    const recent = rows(
      CallRow,
      await query(
        this.pool,
        'recent calls',
        `SELECT ${CALL_COLUMNS} FROM calls c JOIN visits v ON v.id = c.visit_id
         WHERE v.queue_day = $1::date AND c.action IN ('call', 'recall') AND ${chosen} ORDER BY c.id DESC LIMIT $4`,
        [queueDay, counters, services, last],
      ),
      'calls',
    );
    return { current, recent };
  }

  /** The latest call, serve or skip of each of the station's visits that day: what the station mirrors after being away. */
  async lastCallsOfStation(stationCode: string, queueDay: string): Promise<SiteCall[]> {
    return rows(
      CallRow,
      await query(
        this.pool,
        'calls of a station',
        `SELECT DISTINCT ON (v.id) ${CALL_COLUMNS} FROM visits v JOIN calls c ON c.visit_id = v.id
         WHERE v.station_code = $1 AND v.queue_day = $2::date ORDER BY v.id, c.id DESC`,
        [stationCode, queueDay],
      ),
      'calls',
    ).sort((a, b) => a.id - b.id);
  }

  /** Every call of the day in order (the site's history; the system test's and the bench's check). */
  async callsOfDay(queueDay: string): Promise<SiteCall[]> {
    return rows(CallRow, await query(this.pool, 'calls of the day', `SELECT ${CALL_COLUMNS} FROM calls c JOIN visits v ON v.id = c.visit_id WHERE v.queue_day = $1::date ORDER BY c.id`, [queueDay]), 'calls');
  }

  private async serveCurrent(client: PoolClient, counter: SiteCounter, queueDay: string): Promise<string | null> {
    const [served] = rows(
      Id,
      await client.query(`UPDATE visits SET status = 'served', served_at = now(), updated_at = now() WHERE called_station = $1 AND called_by = $2 AND status = 'called' AND queue_day = $3::date RETURNING id`, [
        counter.station,
        counter.counter,
        queueDay,
      ]),
      'visits',
    );
    if (!served) return null;
    await this.record(client, served.id, counter, 'serve', 'site', null, null);
    return served.id;
  }

  private async callAt(client: PoolClient, visitId: string, counter: SiteCounter, action: 'call' | 'recall'): Promise<SiteCall> {
    await this.markCalled(client, visitId, counter, null);
    return this.record(client, visitId, counter, action, 'site', null, null);
  }

  private async markCalled(client: PoolClient, visitId: string, counter: SiteCounter, at: Date | null): Promise<void> {
    await client.query(
      `UPDATE visits SET status = 'called', called_at = COALESCE($2, now()), called_by = $3, called_station = $4, called_name = $5, called_operator_box = $6,
         call_count = call_count + 1, updated_at = now() WHERE id = $1`,
      [visitId, at, counter.counter, counter.station, counter.name, this.operatorBox(counter)],
    );
  }

  private async record(client: PoolClient, visitId: string, counter: SiteCounter, action: CallAction, source: 'site' | 'station', at: Date | null, key: string | null): Promise<SiteCall> {
    const result = await client.query(
      `WITH c AS (
         INSERT INTO calls (visit_id, action, counter, counter_name, station_code, operator_box, at, source, call_key)
         VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, now()), $8, $9) RETURNING *
       ) SELECT ${CALL_COLUMNS} FROM c JOIN visits v ON v.id = c.visit_id`,
      [visitId, action, counter.counter, counter.name, counter.station, this.operatorBox(counter), at, source, key],
    );
    const [call] = rows(CallRow, result, 'calls');
    return call!;
  }

  private operatorBox(counter: SiteCounter): Buffer | null {
    return counter.operatorIdNumber === null ? null : this.cipher.seal('staff.id_number', counter.operatorIdNumber);
  }
}
