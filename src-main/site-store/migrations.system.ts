// One test per migration of the site store, on a PostgreSQL cluster of the test's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgCluster, psql } from '../dev/testing/postgres';
import { SiteStoreError } from './errors';
import { SITE_MIGRATIONS, SITE_SCHEMA_VERSION } from './migrations';
import { SiteStore } from './site-store';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await PgCluster.create();
});
afterAll(async () => {
  await cluster.destroy();
});

const tablesOf = (database: string) => psql(cluster, `SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'`, database).split(',');

describe('site store migrations', () => {
  it('001 creates the site tables on an empty database; a second run changes nothing; a newer database is refused', async () => {
    const url = cluster.newDatabase();
    const database = new URL(url).pathname.slice(1);
    const store = SiteStore.open({ url });
    try {
      expect(await store.migrate(SITE_MIGRATIONS.slice(0, 1))).toBe(1);
      expect(tablesOf(database)).toEqual(['audit', 'patients', 'queue_counters', 'queue_numbers', 'schema_migrations', 'site_meta', 'stations', 'visits']);
      // No PII column but boxes and the blind index.
      const textColumns = psql(cluster, `SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'patients' AND data_type <> 'bytea'`, database);
      expect(textColumns).toBe('patients.created_at,patients.id,patients.updated_at');
      expect(await store.migrate()).toBe(SITE_SCHEMA_VERSION);
      expect(psql(cluster, 'SELECT count(*) FROM schema_migrations', database)).toBe(String(SITE_MIGRATIONS.length));

      psql(cluster, `INSERT INTO schema_migrations (version, name) VALUES (${SITE_SCHEMA_VERSION + 1}, 'from the future')`, database);
      await expect(store.migrate()).rejects.toMatchObject({ code: 'newer-schema' });
    } finally {
      await store.close();
    }
  });

  it('runs once when several stations migrate at the same moment (advisory lock)', async () => {
    const url = cluster.newDatabase();
    const stores = [0, 1, 2].map(() => SiteStore.open({ url }));
    try {
      expect(await Promise.all(stores.map((store) => store.migrate()))).toEqual([SITE_SCHEMA_VERSION, SITE_SCHEMA_VERSION, SITE_SCHEMA_VERSION]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('a failing migration is a migration-failed error and leaves the version where it was', async () => {
    const url = cluster.newDatabase();
    const store = SiteStore.open({ url });
    try {
      const broken = [...SITE_MIGRATIONS, { version: SITE_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE stations (x int)' }];
      const error = await store.migrate(broken).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SiteStoreError);
      expect(error).toMatchObject({ code: 'migration-failed' });
      expect(psql(cluster, 'SELECT max(version) FROM schema_migrations', new URL(url).pathname.slice(1))).toBe(String(SITE_SCHEMA_VERSION));
    } finally {
      await store.close();
    }
  });
});
