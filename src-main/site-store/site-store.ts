// The hospital's site store on PostgreSQL, as the stations and IT's commands speak to it: the schema and
// the site's identity (`site init`), stations enrolling and keeping in touch, queue numbers reserved per
// service and day, visits published idempotently by visit id, and the site-wide views. Every row read
// back is checked before use, so a damaged row or a hostile server is a SiteStoreError, never a crash.
// Personal data crosses only as PiiCipher boxes sealed with the site key.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import type { Migration } from '../store/migrations';
import type { PiiCipher } from '../store/pii-cipher';
import { VISIT_STATUSES, type VisitStatus } from '../store/records';
import { openSitePool, siteErrorOf, type PoolClient, type SiteConnectionOptions } from './connection';
import { SiteStoreError } from './errors';
import { SITE_MIGRATIONS } from './migrations';
import { CallListener, type CallListenerOptions } from './call-listener';
import { inTransaction, rows, withClient } from './pool-work';
import { SiteCalls } from './site-calls';


export interface SiteIdentity {
  siteId: string;
  demo: boolean;
  schemaVersion: number;
}

export interface SiteNumber {
  seq: number;
  queueNumber: string;
  /** The site's clock when it answered (for the station's clock offset). */
  siteNow: Date;
}

export interface ReserveRequest {
  visitId: string;
  stationCode: string;
  serviceCode: string;
  /** `YYYY-MM-DD`, Vietnam. */
  queueDay: string;
}

export interface PublishedVisit {
  visitId: string;
  stationCode: string;
  patient: { idNumber: string; fullName: string; dateOfBirth: string | null };
  service: { code: string; name: string };
  queueDay: string;
  queueNumber: string;
  numberSource: 'site' | 'station';
  status: VisitStatus;
  priority: readonly string[];
  channel: 'desk' | 'kiosk';
  operatorIdNumber: string | null;
  /** On the station's clock. */
  arrivedAt: Date;
  /** Site clock minus station clock, as last measured before or at the arrival. */
  clockOffsetMs: number;
}

export interface SiteQueueEntry {
  visitId: string;
  queueNumber: string;
  service: string;
  station: string;
  status: VisitStatus | 'void';
  /** The arrival on the site's clock; for a void number, when it was reserved. */
  arrivedAt: Date;
  calledAt: Date | null;
  calledBy: string | null;
  /** Only when asked with the site key. */
  fullName?: string;
}

export interface SiteStationState {
  station: string;
  lastSeen: Date | null;
  backlog: number;
  clockOffsetMs: number | null;
}

export interface SiteVisitOfPerson {
  visitId: string;
  queueNumber: string;
  station: string;
  service: string;
  status: VisitStatus;
  arrivedAt: Date;
}

const MIGRATION_LOCK = 0x7469_6570; // "tiep": one migrator at a time across the site's stations and IT

const Uuid = z.uuid();
const Time = z.date();
const Status = z.enum(VISIT_STATUSES);
const Code = z.string().min(1).max(64);

const MetaRow = z.object({ key: z.string(), value: z.string() });
const NumberRow = z.object({ seq: z.number().int().positive(), queue_number: z.string().min(1).max(80), state: z.enum(['reserved', 'used', 'void']), site_now: Time });
const QueueRow = z.object({
  id: Uuid,
  queue_number: z.string().min(1).max(80),
  service_code: Code,
  station_code: Code,
  status: z.union([Status, z.literal('void')]),
  queued_at: Time,
  called_at: Time.nullable(),
  called_by: z.string().max(100).nullable(),
  full_name_box: z.instanceof(Buffer).nullable(),
});
const StationRow = z.object({ code: Code, last_seen: Time.nullable(), backlog: z.number().int().nonnegative(), clock_offset_ms: z.number().int().nullable() });
const PersonVisitRow = z.object({ id: Uuid, queue_number: z.string(), station_code: Code, service_code: Code, status: Status, queued_at: Time });
const PatientBoxRow = z.object({ id: Uuid, id_number_box: z.instanceof(Buffer), full_name_box: z.instanceof(Buffer), date_of_birth_box: z.instanceof(Buffer).nullable() });
const OperatorBoxRow = z.object({ id: Uuid, operator_box: z.instanceof(Buffer).nullable(), called_operator_box: z.instanceof(Buffer).nullable() });

export class SiteStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: SiteConnectionOptions,
  ) {}

  static open(options: SiteConnectionOptions): SiteStore {
    return new SiteStore(openSitePool(options), options);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  /** Opens a connection ahead of need (TCP, TLS, login), so a reservation is one round trip; failures are for later. */
  warm(): void {
    this.pool.query('SELECT 1').catch(() => undefined);
  }

  /** Calling across stations, over the same connections; operators sealed with the site key. */
  calls(cipher: PiiCipher): SiteCalls {
    return new SiteCalls(this.pool, cipher);
  }

  /** The station process's one listening connection (not started), to the same server as the pool. */
  listener(options: Pick<CallListenerOptions, 'retryMs' | 'maxRetryMs'> = {}): CallListener {
    const { url, password, connectTimeoutMs, applicationName } = this.options;
    return new CallListener({ url, password: password ?? null, ...(connectTimeoutMs ? { connectTimeoutMs } : {}), applicationName: `${applicationName ?? 'tiepdon'} listen`, ...options });
  }

  /** Applies every migration above the database's version, each in its own transaction, one migrator at a time. */
  async migrate(migrations: readonly Migration[] = SITE_MIGRATIONS): Promise<number> {
    const latest = migrations.at(-1)?.version ?? 0;
    return this.withClient('migrate', async (client) => {
      for (const migration of migrations) {
        await client.query('BEGIN');
        try {
          await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
          await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
          const current = await versionOf(client);
          if (current > latest) throw new SiteStoreError('newer-schema', `the site store is at schema ${current}, this build knows ${latest}`);
          if (migration.version > current) {
            await client.query(migration.sql);
            await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          }
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (error instanceof SiteStoreError) throw error;
          throw new SiteStoreError('migration-failed', `site migration ${migration.version} (${migration.name})`, { cause: error });
        }
      }
      return versionOf(client);
    });
  }

  /** The site's id, demo flag and schema; `not-initialised` before `site init`. */
  async identity(): Promise<SiteIdentity & { keyCheck: Buffer }> {
    return this.withClient('site identity', async (client) => {
      const schemaVersion = await versionOf(client);
      const latest = SITE_MIGRATIONS.at(-1)!.version;
      if (schemaVersion > latest) throw new SiteStoreError('newer-schema', `the site store is at schema ${schemaVersion}, this build knows ${latest}`);
      const meta = new Map(rows(MetaRow, await client.query('SELECT key, value FROM site_meta'), 'site_meta').map((row) => [row.key, row.value]));
      const siteId = meta.get('site_id');
      const demo = meta.get('demo');
      const keyCheck = meta.get('key_check');
      if (!siteId || !keyCheck || (demo !== 'true' && demo !== 'false')) throw new SiteStoreError('not-initialised', 'the site store has no identity: run tiepdon site init');
      if (!Uuid.safeParse(siteId).success || !/^[0-9a-f]{64}$/.test(keyCheck)) throw new SiteStoreError('bad-reply', 'site_meta is damaged');
      return { siteId, demo: demo === 'true', schemaVersion, keyCheck: Buffer.from(keyCheck, 'hex') };
    });
  }

  /** The first `site init`: the site's id, demo flag and key check; false if another init got there first. */
  async createIdentity(siteId: string, demo: boolean, cipher: PiiCipher): Promise<boolean> {
    return this.withClient('site init', async (client) => {
      const result = await client.query(
        `INSERT INTO site_meta (key, value) VALUES ('site_id', $1), ('demo', $2), ('key_check', $3), ('created_at', now()::text) ON CONFLICT (key) DO NOTHING`,
        [siteId, String(demo), cipher.keyCheck().toString('hex')],
      );
      return result.rowCount === 4;
    });
  }

  /**
   * `site init --new-key`: every box and blind index re-sealed with the new key and the key check
   * replaced, in one transaction; stations holding the old key are refused until they enrol again.
   */
  async rekey(oldCipher: PiiCipher, newCipher: PiiCipher): Promise<{ patients: number; visits: number }> {
    return this.transaction('site re-key', async (client) => {
      const meta = rows(MetaRow, await client.query(`SELECT key, value FROM site_meta WHERE key = 'key_check' FOR UPDATE`), 'site_meta');
      if (!oldCipher.matchesKeyCheck(Buffer.from(meta[0]?.value ?? '', 'hex'))) throw new SiteStoreError('wrong-key', 'the enrolment file does not hold the site’s current key');
      const patients = rows(PatientBoxRow, await client.query('SELECT id, id_number_box, full_name_box, date_of_birth_box FROM patients FOR UPDATE'), 'patients');
      for (const patient of patients) {
        const idNumber = oldCipher.open('patients.id_number', patient.id_number_box);
        await client.query('UPDATE patients SET id_number_index = $2, id_number_box = $3, full_name_box = $4, date_of_birth_box = $5, updated_at = now() WHERE id = $1', [
          patient.id,
          newCipher.blindIndex('patient-id-number', idNumber),
          newCipher.seal('patients.id_number', idNumber),
          newCipher.seal('patients.full_name', oldCipher.open('patients.full_name', patient.full_name_box)),
          patient.date_of_birth_box && newCipher.seal('patients.date_of_birth', oldCipher.open('patients.date_of_birth', patient.date_of_birth_box)),
        ]);
      }
      const visits = rows(OperatorBoxRow, await client.query('SELECT id, operator_box, called_operator_box FROM visits WHERE operator_box IS NOT NULL OR called_operator_box IS NOT NULL FOR UPDATE'), 'visits');
      const reseal = (box: Buffer | null) => box && newCipher.seal('staff.id_number', oldCipher.open('staff.id_number', box));
      for (const visit of visits) {
        await client.query('UPDATE visits SET operator_box = $2, called_operator_box = $3 WHERE id = $1', [visit.id, reseal(visit.operator_box), reseal(visit.called_operator_box)]);
      }
      await client.query(`UPDATE site_meta SET value = $1 WHERE key = 'key_check'`, [newCipher.keyCheck().toString('hex')]);
      await client.query(`INSERT INTO audit (action, outcome) VALUES ('site-rekey', $1)`, [`patients=${patients.length}`]);
      return { patients: patients.length, visits: visits.length };
    });
  }

  /**
   * A station joins (once; again with the same installation is a no-op). A code another installation
   * holds is refused, and so is a station of the other kind: demo and production never share a site,
   * even if someone flipped `site_meta.demo` (the stations already enrolled say what the site is).
   */
  async enrolStation(code: string, installationId: string, demo: boolean): Promise<void> {
    await this.transaction('station enrolment', async (client) => {
      const [kind] = rows(
        z.object({ site_demo: z.string().nullable(), other_kind: z.boolean() }),
        await client.query(`SELECT (SELECT value FROM site_meta WHERE key = 'demo') AS site_demo, EXISTS (SELECT 1 FROM stations WHERE demo <> $1) AS other_kind`, [demo]),
        'site_meta',
      );
      if (kind?.site_demo !== 'true' && kind?.site_demo !== 'false') throw new SiteStoreError('not-initialised', 'the site store has no identity: run tiepdon site init');
      if (kind.site_demo !== String(demo) || kind.other_kind) {
        throw new SiteStoreError('refused', demo ? 'a production site: a demo installation never joins it' : 'a demo site: a production installation never joins it');
      }
      const inserted = await client.query(
        `INSERT INTO stations (code, installation_id, demo) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING code`,
        [code, installationId, demo],
      );
      if (inserted.rowCount === 1) {
        await client.query(`INSERT INTO audit (station_code, action) VALUES ($1, 'station-enrolled')`, [code]);
        return;
      }
      const existing = await client.query('SELECT code FROM stations WHERE code = $1 AND installation_id = $2', [code, installationId]);
      if (existing.rowCount !== 1) throw new SiteStoreError('refused', `station code ${code} belongs to another installation of this site (or this installation enrolled under another code)`);
    });
  }

  /** The installation a station code is enrolled under, or null while the code is free (the setup screen's check). */
  async stationInstallation(code: string): Promise<string | null> {
    const [row] = rows(z.object({ installation_id: Uuid }), await this.query('station lookup', 'SELECT installation_id FROM stations WHERE code = $1', [code]), 'stations');
    return row?.installation_id ?? null;
  }

  /** The station says it is alive, with its backlog and clock offset; the site's clock comes back. */
  async contact(code: string, backlog: number, clockOffsetMs: number | null): Promise<Date> {
    const result = await this.query(
      'contact',
      `WITH seen AS (UPDATE stations SET last_seen = now(), backlog = $2, clock_offset_ms = COALESCE($3, clock_offset_ms) WHERE code = $1 RETURNING code)
       SELECT clock_timestamp() AS site_now, (SELECT count(*)::int FROM seen) AS known`,
      [code, backlog, clockOffsetMs],
    );
    const [row] = rows(z.object({ site_now: Time, known: z.number().int() }), result, 'contact');
    if (!row || row.known !== 1) throw new SiteStoreError('refused', `station ${code} is not enrolled at this site`);
    return row.site_now;
  }

  /**
   * The next number of the service that day, reserved for the visit; the same answer again for the same
   * visit id. Null once the visit was published (with a number of its own) or for a station not enrolled.
   * One statement, so one round trip: the counter row's lock orders concurrent stations.
   */
  async reserve(request: ReserveRequest): Promise<SiteNumber | null> {
    const result = await this.query(
      'reserve',
      // The number is formatQueueNumber(service, seq): three digits, more on a busy day.
      `WITH station AS (
         UPDATE stations SET last_seen = now() WHERE code = $4 RETURNING code
       ), existing AS (
         SELECT seq, queue_number, state FROM queue_numbers WHERE visit_id = $1
       ), bumped AS (
         INSERT INTO queue_counters AS c (service_code, queue_day, last_seq)
         SELECT $2, $3::date, 1
         WHERE EXISTS (SELECT 1 FROM station) AND NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM visits WHERE id = $1)
         ON CONFLICT (service_code, queue_day) DO UPDATE SET last_seq = c.last_seq + 1
         RETURNING last_seq
       ), reserved AS (
         INSERT INTO queue_numbers (service_code, queue_day, seq, queue_number, visit_id, station_code, state)
         SELECT $2, $3::date, last_seq, $2 || '-' || lpad(last_seq::text, greatest(3, length(last_seq::text)), '0'), $1, $4, 'reserved' FROM bumped
         RETURNING seq, queue_number, state
       )
       SELECT seq, queue_number, state, clock_timestamp() AS site_now FROM reserved
       UNION ALL SELECT seq, queue_number, state, clock_timestamp() FROM existing`,
      [request.visitId, request.serviceCode, request.queueDay, request.stationCode],
    );
    const [row] = rows(NumberRow, result, 'reserve');
    if (!row || row.state === 'void') return null;
    return { seq: row.seq, queueNumber: row.queue_number, siteNow: row.site_now };
  }

  /**
   * The visit as the station committed it; again with the same id changes nothing, unless the station
   * cancelled it or moved it to another service or priority since: the site's queue then takes that (only
   * from the station that owns the visit; a cancelled visit stays cancelled). Its reservation, if any,
   * becomes `used` when the visit carries that number and `void` when it carries its own.
   * True when this call published or changed it (false: it was there already, as it is).
   */
  async publish(visit: PublishedVisit, cipher: PiiCipher): Promise<boolean> {
    return this.transaction('publish', async (client) => {
      const { patient } = visit;
      const patientResult = await client.query(
        `INSERT INTO patients (id, id_number_index, id_number_box, full_name_box, date_of_birth_box) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id_number_index) DO UPDATE SET full_name_box = EXCLUDED.full_name_box, date_of_birth_box = EXCLUDED.date_of_birth_box, updated_at = now()
         RETURNING id`,
        [
          randomUUID(),
          cipher.blindIndex('patient-id-number', patient.idNumber),
          cipher.seal('patients.id_number', patient.idNumber),
          cipher.seal('patients.full_name', patient.fullName),
          patient.dateOfBirth === null ? null : cipher.seal('patients.date_of_birth', patient.dateOfBirth),
        ],
      );
      const [{ id: patientId } = { id: '' }] = rows(z.object({ id: Uuid }), patientResult, 'patients');
      const [before] = rows(z.object({ status: Status }), await client.query('SELECT status FROM visits WHERE id = $1 FOR UPDATE', [visit.visitId]), 'visits');
      const inserted = await client.query(
        `INSERT INTO visits (id, patient_id, station_code, service_code, service_name, queue_day, queue_number, number_source, status, priority, channel,
           operator_box, arrived_at, clock_offset_ms, queued_at)
         VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13, $14, $13::timestamptz + $14::integer * interval '1 millisecond')
         ON CONFLICT (id) DO UPDATE SET
           status = CASE WHEN EXCLUDED.status = 'cancelled' THEN 'cancelled' WHEN EXCLUDED.service_code <> visits.service_code THEN 'waiting' ELSE visits.status END,
           service_code = EXCLUDED.service_code, service_name = EXCLUDED.service_name, queue_number = EXCLUDED.queue_number, number_source = EXCLUDED.number_source,
           priority = EXCLUDED.priority, queue_rank = visit_initial_rank(visits.queued_at, EXCLUDED.priority), updated_at = now()
         WHERE visits.station_code = EXCLUDED.station_code AND visits.status <> 'cancelled'
           AND (EXCLUDED.status = 'cancelled' OR EXCLUDED.service_code <> visits.service_code OR EXCLUDED.priority <> visits.priority)
         RETURNING (xmax = 0) AS inserted`,
        [
          visit.visitId,
          patientId,
          visit.stationCode,
          visit.service.code,
          visit.service.name,
          visit.queueDay,
          visit.queueNumber,
          visit.numberSource,
          visit.status,
          [...visit.priority],
          visit.channel,
          visit.operatorIdNumber === null ? null : cipher.seal('staff.id_number', visit.operatorIdNumber),
          visit.arrivedAt,
          Math.round(visit.clockOffsetMs),
        ],
      );
      await client.query(
        `UPDATE queue_numbers SET state = CASE WHEN $2 = 'site' AND queue_number = $3 THEN 'used' ELSE 'void' END, settled_at = now()
         WHERE visit_id = $1 AND state = 'reserved'`,
        [visit.visitId, visit.numberSource, visit.queueNumber],
      );
      const [written] = rows(z.object({ inserted: z.boolean() }), inserted, 'visits');
      if (!written) return false;
      // Called at a counter, and now cancelled or in another clinic's queue: that desk and the displays drop it.
      if (before?.status === 'called') {
        await client.query(
          `INSERT INTO calls (visit_id, action, counter, counter_name, station_code, at, source)
           SELECT id, 'withdraw', called_by, coalesce(called_name, jsonb_build_object('vi', called_by, 'en', called_by)), called_station, now(), 'site'
           FROM visits WHERE id = $1 AND status <> 'called' AND called_by IS NOT NULL AND called_station IS NOT NULL`,
          [visit.visitId],
        );
      }
      await client.query(`INSERT INTO audit (station_code, action, visit_id, outcome) VALUES ($1, $2, $3, $4)`, [
        visit.stationCode,
        written.inserted ? 'visit-published' : 'visit-changed',
        visit.visitId,
        written.inserted ? visit.numberSource : visit.status,
      ]);
      return true;
    });
  }

  /** The station's reservations older than `graceSeconds` (site clock) that no published visit settled. */
  async unsettledReservations(stationCode: string, graceSeconds: number): Promise<string[]> {
    const result = await this.query(
      'unsettled reservations',
      `SELECT visit_id FROM queue_numbers WHERE station_code = $1 AND state = 'reserved' AND reserved_at < now() - make_interval(secs => $2) ORDER BY reserved_at`,
      [stationCode, graceSeconds],
    );
    return rows(z.object({ visit_id: Uuid }), result, 'queue_numbers').map((row) => row.visit_id);
  }

  /** Reservations whose visit the station never committed (it died between reserve and commit): void for good. */
  async voidReservations(stationCode: string, visitIds: readonly string[]): Promise<number> {
    if (visitIds.length === 0) return 0;
    return this.transaction('void reservations', async (client) => {
      const result = await client.query(
        `UPDATE queue_numbers SET state = 'void', settled_at = now() WHERE station_code = $1 AND visit_id = ANY($2::uuid[]) AND state = 'reserved' RETURNING visit_id`,
        [stationCode, [...visitIds]],
      );
      for (const row of rows(z.object({ visit_id: Uuid }), result, 'queue_numbers')) {
        await client.query(`INSERT INTO audit (station_code, action, visit_id, outcome) VALUES ($1, 'number-void', $2, 'never-committed')`, [stationCode, row.visit_id]);
      }
      return result.rowCount ?? 0;
    });
  }

  async stations(): Promise<SiteStationState[]> {
    const result = await this.query('stations', 'SELECT code, last_seen, backlog, clock_offset_ms FROM stations ORDER BY code', []);
    return rows(StationRow, result, 'stations').map((row) => ({ station: row.code, lastSeen: row.last_seen, backlog: row.backlog, clockOffsetMs: row.clock_offset_ms }));
  }

  /** The day's queue across the site, in queue order (arrival on the site's clock), void numbers included. */
  async queue(queueDay: string, cipher?: PiiCipher): Promise<SiteQueueEntry[]> {
    const result = await this.query(
      'queue',
      `SELECT v.id, v.queue_number, v.service_code, v.station_code, v.status, v.queued_at, v.called_at, v.called_by, ${cipher ? 'p.full_name_box' : 'NULL::bytea AS full_name_box'}
         FROM visits v JOIN patients p ON p.id = v.patient_id WHERE v.queue_day = $1::date
       UNION ALL
       SELECT q.visit_id, q.queue_number, q.service_code, q.station_code, 'void', q.reserved_at, NULL, NULL, NULL
         FROM queue_numbers q WHERE q.queue_day = $1::date AND q.state = 'void'
       ORDER BY queued_at, queue_number`,
      [queueDay],
    );
    return rows(QueueRow, result, 'queue').map((row) => ({
      visitId: row.id,
      queueNumber: row.queue_number,
      service: row.service_code,
      station: row.station_code,
      status: row.status,
      arrivedAt: row.queued_at,
      calledAt: row.called_at,
      calledBy: row.called_by,
      ...(cipher && row.full_name_box ? { fullName: cipher.open('patients.full_name', row.full_name_box) } : {}),
    }));
  }

  /** "Already checked in today?" across the site, by the ID number's blind index. */
  async visitsOfPersonOnDay(idNumber: string, queueDay: string, cipher: PiiCipher): Promise<SiteVisitOfPerson[]> {
    const result = await this.query(
      'visits of a person',
      `SELECT v.id, v.queue_number, v.station_code, v.service_code, v.status, v.queued_at FROM visits v JOIN patients p ON p.id = v.patient_id
       WHERE p.id_number_index = $1 AND v.queue_day = $2::date ORDER BY v.queued_at`,
      [cipher.blindIndex('patient-id-number', idNumber), queueDay],
    );
    return rows(PersonVisitRow, result, 'visits').map((row) => ({
      visitId: row.id,
      queueNumber: row.queue_number,
      station: row.station_code,
      service: row.service_code,
      status: row.status,
      arrivedAt: row.queued_at,
    }));
  }

  private async query(what: string, sql: string, params: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }> {
    try {
      return await this.pool.query(sql, params);
    } catch (error) {
      throw siteErrorOf(error, what);
    }
  }

  private withClient<T>(what: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return withClient(this.pool, what, work);
  }

  private transaction<T>(what: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, what, work);
  }
}

async function versionOf(client: PoolClient): Promise<number> {
  const result = await client.query('SELECT COALESCE(max(version), 0)::int AS version FROM schema_migrations');
  const [row] = rows(z.object({ version: z.number().int().nonnegative() }), result, 'schema_migrations');
  return row?.version ?? 0;
}
