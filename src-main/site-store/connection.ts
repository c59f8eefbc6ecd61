// The one way into the site's PostgreSQL: a small pool (a station needs few connections), short connect
// and query limits so a server that went away never holds a check-in, and every failure turned into a
// SiteStoreError. An idle connection that dies (the server restarted) is dropped quietly: the next
// query reconnects. TLS is what the URL's `sslmode` says (disable, require, verify-ca, verify-full).
import pg from 'pg';
import { SiteStoreError } from './errors';

export type { PoolClient } from 'pg';

export interface SiteConnectionOptions {
  /** `postgres://user@host:port/db?sslmode=…`, with or without its password. */
  url: string;
  /** The password kept apart from the URL (the station's vault); wins over one in the URL. */
  password?: string | null;
  connectTimeoutMs?: number;
  /** Client-side limit per query: a connection cut without a FIN is given up after this. */
  queryTimeoutMs?: number;
  /** Connections held at most. */
  max?: number;
  /** `application_name`, so the server's administrator sees which station is which. */
  applicationName?: string;
}

/** The URL without its password, and the password: only the first is ever written to settings. */
export function splitSiteUrl(url: string): { url: string; password: string | null } {
  const parsed = parseUrl(url);
  let password: string | null;
  try {
    password = parsed.password ? decodeURIComponent(parsed.password) : null;
  } catch {
    throw new SiteStoreError('invalid', 'the password in the site URL has a % that is not an escape (write %25 for %)');
  }
  parsed.password = '';
  return { url: parsed.toString(), password };
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SiteStoreError('invalid', 'the site URL is not a URL (postgres://user@host:5432/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new SiteStoreError('invalid', 'the site URL must start with postgres://');
  if (!parsed.hostname || parsed.pathname.length < 2) throw new SiteStoreError('invalid', 'the site URL needs a host and a database (postgres://user@host:5432/database)');
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode !== null && !['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'].includes(sslmode)) {
    throw new SiteStoreError('invalid', `sslmode=${sslmode} is not one of disable, require, verify-ca, verify-full`);
  }
  return parsed;
}

/** The URL pg connects with: the vault's password put back in. */
export function connectionStringOf(options: Pick<SiteConnectionOptions, 'url' | 'password'>): string {
  const parsed = parseUrl(options.url);
  if (options.password) parsed.password = encodeURIComponent(options.password);
  return parsed.toString();
}

export function openSitePool(options: SiteConnectionOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: connectionStringOf(options),
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    query_timeout: options.queryTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'tiepdon',
    // The pool's own keep-alive finds a silently dead server between check-ins.
    keepAlive: true,
  });
  // An idle client whose server went away: dropped by the pool; without a listener Node would crash.
  pool.on('error', () => undefined);
  return pool;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/** Any failure of a query or a connection as a SiteStoreError; `what` names the operation, never data. */
export function siteErrorOf(error: unknown, what: string): SiteStoreError {
  if (error instanceof SiteStoreError) return error;
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return new SiteStoreError('unreachable', `${what}: ${code}`, { cause: error });
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    // SQLSTATE: class 08 connection, 57P01-03 shutdown or starting up, 53 out of resources.
    if (code.startsWith('08') || code.startsWith('57P') || code.startsWith('53')) return new SiteStoreError('unreachable', `${what}: server ${code}`, { cause: error });
    if (code.startsWith('28')) return new SiteStoreError('unreachable', `${what}: the server refused the login (${code})`, { cause: error });
    // A unique index or serialisation lost to a concurrent transaction (two desks calling at one counter).
    if (code === '23505' || code === '40001' || code === '40P01') return new SiteStoreError('busy', `${what}: ${code}`, { cause: error });
    if (code === '42P01' || code === '3D000') return new SiteStoreError('not-initialised', `${what}: ${code}, run tiepdon site init`, { cause: error });
    return new SiteStoreError('bad-reply', `${what}: server error ${code}`, { cause: error });
  }
  if (/timeout|terminated|Connection|socket|closed|ended/i.test(message)) return new SiteStoreError('unreachable', `${what}: ${message.slice(0, 120)}`, { cause: error });
  // pg's protocol parser on bytes that are not PostgreSQL's, a TLS failure, anything else.
  return new SiteStoreError('bad-reply', `${what}: ${message.slice(0, 120)}`, { cause: error });
}
