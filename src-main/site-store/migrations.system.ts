// One test per migration of the site store, on a PostgreSQL cluster of the test's own.
import { describe, expect, it } from 'vitest';
import { psql } from '../dev/testing/postgres';
import { usePgCluster } from '../dev/testing/pg-suite';
import { SiteStoreError } from './errors';
import { SITE_MIGRATIONS, SITE_SCHEMA_VERSION } from './migrations';
import { SiteStore } from './site-store';

const pg = usePgCluster();

const tablesOf = (database: string) => psql(pg.cluster, `SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'`, database).split(',');

describe('site store migrations', () => {
  it('001 creates the site tables on an empty database; a second run changes nothing; a newer database is refused', async () => {
    const url = pg.cluster.newDatabase();
    const database = new URL(url).pathname.slice(1);
    const store = SiteStore.open({ url });
    try {
      expect(await store.migrate(SITE_MIGRATIONS.slice(0, 1))).toBe(1);
      expect(tablesOf(database)).toEqual(['audit', 'patients', 'queue_counters', 'queue_numbers', 'schema_migrations', 'site_meta', 'stations', 'visits']);
      // No PII column but boxes and the blind index.
      const textColumns = psql(pg.cluster, `SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'patients' AND data_type <> 'bytea'`, database);
      expect(textColumns).toBe('patients.created_at,patients.id,patients.updated_at');
      expect(await store.migrate()).toBe(SITE_SCHEMA_VERSION);
      expect(psql(pg.cluster, 'SELECT count(*) FROM schema_migrations', database)).toBe(String(SITE_MIGRATIONS.length));

      psql(pg.cluster, `INSERT INTO schema_migrations (version, name) VALUES (${SITE_SCHEMA_VERSION + 1}, 'from the future')`, database);
      await expect(store.migrate()).rejects.toMatchObject({ code: 'newer-schema' });
    } finally {
      await store.close();
    }
  });

  it('002 ranks the visits published before it (priority a day ahead), counts their calls, and announces each new call', async () => {
    const url = pg.cluster.newDatabase();
    const database = new URL(url).pathname.slice(1);
    const store = SiteStore.open({ url });
    try {
      expect(await store.migrate(SITE_MIGRATIONS.slice(0, 1))).toBe(1);
      psql(
        pg.cluster,
        `INSERT INTO stations (code, installation_id, demo) VALUES ('K1', gen_random_uuid(), true);
         INSERT INTO patients (id, id_number_index, id_number_box, full_name_box) VALUES ('00000000-0000-4000-8000-000000000001', 'x01', 'x02', 'x03');
         INSERT INTO visits (id, patient_id, station_code, service_code, service_name, queue_day, queue_number, number_source, status, priority, channel, arrived_at, clock_offset_ms, queued_at, called_at, called_by)
         VALUES ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-000000000001', 'K1', 'NOI', 'Nội', '2026-03-15', 'NOI-001', 'site', 'called', '{}', 'desk', '2026-03-15T01:00:00Z', 0, '2026-03-15T01:00:00Z', '2026-03-15T01:05:00Z', 'P1'),
                ('00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-000000000001', 'K1', 'NOI', 'Nội', '2026-03-15', 'NOI-002', 'site', 'waiting', '{elderly}', 'desk', '2026-03-15T01:10:00Z', 0, '2026-03-15T01:10:00Z', NULL, NULL);`,
        database,
      );
      expect(await store.migrate(SITE_MIGRATIONS.slice(0, 2))).toBe(2);
      expect(psql(pg.cluster, `SELECT string_agg(queue_number || ':' || queue_rank::bigint || ':' || call_count, ',' ORDER BY queue_rank) FROM visits`, database)).toBe(
        `NOI-002:${Date.parse('2026-03-15T01:10:00Z') - 86_400_000}:0,NOI-001:${Date.parse('2026-03-15T01:00:00Z')}:1`,
      );
      // A visit published afterwards is ranked by the trigger; a call is announced on tiepdon_calls.
      psql(
        pg.cluster,
        `INSERT INTO visits (id, patient_id, station_code, service_code, service_name, queue_day, queue_number, number_source, status, priority, channel, arrived_at, clock_offset_ms, queued_at)
         VALUES ('00000000-0000-4000-8000-00000000000c', '00000000-0000-4000-8000-000000000001', 'K1', 'NOI', 'Nội', '2026-03-15', 'NOI-003', 'site', 'waiting', '{}', 'kiosk', '2026-03-15T01:20:00Z', 0, '2026-03-15T01:20:00Z')`,
        database,
      );
      expect(psql(pg.cluster, `SELECT queue_rank::bigint FROM visits WHERE queue_number = 'NOI-003'`, database)).toBe(String(Date.parse('2026-03-15T01:20:00Z')));
      const announced = psql(
        pg.cluster,
        `LISTEN tiepdon_calls; INSERT INTO calls (visit_id, action, counter, counter_name, station_code, at, source) VALUES ('00000000-0000-4000-8000-00000000000c', 'call', 'P1', '{"vi":"Quầy 1","en":"Counter 1"}', 'K1', now(), 'site'); SELECT 1;`,
        database,
      );
      expect(announced).toContain('"queueNumber" : "NOI-003"');
      expect(() => psql(pg.cluster, `INSERT INTO calls (visit_id, action, counter, counter_name, station_code, at, source) VALUES ('00000000-0000-4000-8000-00000000000c', 'shout', 'P1', '{}', 'K1', now(), 'site')`, database)).toThrow(/check/i);
    } finally {
      await store.close();
    }
  });

  it('003 lets a call row be a withdrawal, which version 2 refused', async () => {
    const url = pg.cluster.newDatabase();
    const database = new URL(url).pathname.slice(1);
    const store = SiteStore.open({ url });
    try {
      expect(await store.migrate(SITE_MIGRATIONS.slice(0, 2))).toBe(2);
      psql(
        pg.cluster,
        `INSERT INTO stations (code, installation_id, demo) VALUES ('K1', gen_random_uuid(), true);
         INSERT INTO patients (id, id_number_index, id_number_box, full_name_box) VALUES ('00000000-0000-4000-8000-000000000001', 'x01', 'x02', 'x03');
         INSERT INTO visits (id, patient_id, station_code, service_code, service_name, queue_day, queue_number, number_source, status, priority, channel, arrived_at, clock_offset_ms, queued_at)
         VALUES ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-000000000001', 'K1', 'NOI', 'Nội', '2026-03-15', 'NOI-001', 'site', 'cancelled', '{}', 'desk', '2026-03-15T01:00:00Z', 0, '2026-03-15T01:00:00Z');`,
        database,
      );
      const withdraw = `INSERT INTO calls (visit_id, action, counter, counter_name, station_code, at, source) VALUES ('00000000-0000-4000-8000-00000000000a', 'withdraw', 'P1', '{"vi":"P1","en":"P1"}', 'K1', now(), 'site')`;
      expect(() => psql(pg.cluster, withdraw, database)).toThrow(/calls_action_check/);
      expect(await store.migrate()).toBe(3);
      psql(pg.cluster, withdraw, database);
      expect(psql(pg.cluster, `SELECT action FROM calls`, database)).toBe('withdraw');
    } finally {
      await store.close();
    }
  });

  it('runs once when several stations migrate at the same moment (advisory lock)', async () => {
    const url = pg.cluster.newDatabase();
    const stores = [0, 1, 2].map(() => SiteStore.open({ url }));
    try {
      expect(await Promise.all(stores.map((store) => store.migrate()))).toEqual([SITE_SCHEMA_VERSION, SITE_SCHEMA_VERSION, SITE_SCHEMA_VERSION]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('a failing migration is a migration-failed error and leaves the version where it was', async () => {
    const url = pg.cluster.newDatabase();
    const store = SiteStore.open({ url });
    try {
      const broken = [...SITE_MIGRATIONS, { version: SITE_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE stations (x int)' }];
      const error = await store.migrate(broken).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SiteStoreError);
      expect(error).toMatchObject({ code: 'migration-failed' });
      expect(psql(pg.cluster, 'SELECT max(version) FROM schema_migrations', new URL(url).pathname.slice(1))).toBe(String(SITE_SCHEMA_VERSION));
    } finally {
      await store.close();
    }
  });
});
