// Work on a checked-out connection of the site's pool: rows checked against a schema before use, one
// transaction with its rollback, and a connection that broke under a query never given back to the pool.
import type pg from 'pg';
import { z } from 'zod';
import { siteErrorOf, type PoolClient } from './connection';
import { SiteStoreError } from './errors';

export function rows<T>(schema: z.ZodType<T>, result: { rows: unknown[] }, what: string): T[] {
  const parsed = z.array(schema).safeParse(result.rows);
  if (!parsed.success) throw new SiteStoreError('bad-reply', `${what}: the server's rows are not what this build expects (${parsed.error.issues[0]?.path.join('.') ?? ''})`);
  return parsed.data;
}

/** A checked-out client for `work`; one whose connection broke is not given back to the pool. */
export async function withClient<T>(pool: pg.Pool, what: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw siteErrorOf(error, what);
  }
  let broken = false;
  const onError = () => {
    broken = true;
  };
  // The server dying under a checked-out client is an 'error' event on it: without a listener, a crash.
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    broken ||= !(error instanceof SiteStoreError);
    throw siteErrorOf(error, what);
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * `work` in one transaction. A caller that gave up (`signal` aborted: it went on without the site) gets no
 * commit: the transaction, still waiting for a connection or a lock when it did, is rolled back instead.
 */
export function inTransaction<T>(pool: pg.Pool, what: string, work: (client: PoolClient) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const givenUp = () => new SiteStoreError('timeout', `${what}: given up by the caller, rolled back`);
  return withClient(pool, what, async (client) => {
    if (signal?.aborted) throw givenUp();
    await client.query('BEGIN');
    try {
      const result = await work(client);
      if (signal?.aborted) throw givenUp();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // On a broken connection the rollback fails at once; the client is then dropped, not reused.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

export async function query(pool: pg.Pool, what: string, sql: string, params: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }> {
  try {
    return await pool.query(sql, params);
  } catch (error) {
    throw siteErrorOf(error, what);
  }
}
