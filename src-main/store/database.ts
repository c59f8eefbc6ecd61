// Opens the desk's SQLite file the one way the app relies on: WAL, so the outbox worker reads while the
// desk writes; synchronous=FULL, so a check-in acknowledged to staff survives a power cut, not just a
// crash (in WAL mode NORMAL may lose the last transactions on power loss); foreign keys on; and the
// numbered migrations applied, each in its own transaction.
import { chmodSync, existsSync } from 'node:fs';
import { openSqlite, type SqliteDatabase } from '../../native/sqlite';
import { StoreError } from './errors';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

export type { SqliteDatabase };

export interface OpenDatabaseOptions {
  /** Refuse to create a new file (`db info` on a mistyped path must not leave an empty database). */
  mustExist?: boolean;
  /** How long a writer waits for another process's write lock (the CLI and the app on one file). */
  busyTimeoutMs?: number;
  /** False to look at a file as it is (`db info`); a file ahead of this build is still refused. */
  migrate?: boolean;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (options.mustExist && file !== ':memory:' && !existsSync(file)) throw new StoreError('open-failed', `${file} does not exist`);
  let db: SqliteDatabase;
  const created = file !== ':memory:' && !existsSync(file);
  try {
    db = openSqlite(file, { fileMustExist: options.mustExist ?? false });
    // Only sealed values inside, but still the desk's own business; SQLite gives -wal and -shm the same mode.
    if (created && process.platform !== 'win32') chmodSync(file, 0o600);
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('open-failed', `cannot open ${file}`, { cause: error });
  }
  try {
    // A damaged page is found now, not in the middle of a check-in; the file is left as it is.
    if (!created) checkIntegrity(db, file);
    if (options.migrate !== false) migrate(db);
    else if (schemaVersionOf(db) > SCHEMA_VERSION) throw new StoreError('newer-schema', `the database is at schema ${schemaVersionOf(db)}, this build knows ${SCHEMA_VERSION}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * A consistent copy of the database, in memory only (a backup never puts a copy on disk): SQLite's
 * serialization reads every page through one read transaction, the WAL's committed pages included, while
 * the desk goes on writing.
 */
export function snapshotDatabase(file: string, busyTimeoutMs = 5_000): Uint8Array {
  let db: SqliteDatabase;
  try {
    db = openSqlite(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  } catch (error) {
    throw new StoreError('open-failed', `cannot open ${file}`, { cause: error });
  }
  try {
    return new Uint8Array(db.serialize());
  } catch (error) {
    throw new StoreError('open-failed', `cannot read ${file}`, { cause: error });
  } finally {
    db.close();
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The schema version written in a database image's header (user_version, offset 60), without opening it. */
export function schemaVersionOfImage(image: Uint8Array): number {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (bytes.length < 100 || !bytes.subarray(0, 16).equals(SQLITE_MAGIC)) throw new StoreError('open-failed', 'not a SQLite database');
  return bytes.readUInt32BE(60);
}

function checkIntegrity(db: SqliteDatabase, file: string): void {
  let verdict: unknown;
  try {
    verdict = db.pragma('quick_check(1)', { simple: true });
  } catch (error) {
    throw new StoreError('damaged', `${file} is damaged`, { cause: error });
  }
  if (verdict !== 'ok') throw new StoreError('damaged', `${file} is damaged (quick_check)`);
}

export function schemaVersionOf(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the file's version; refuses a file from a newer build. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersionOf(db);
  if (current > latest) throw new StoreError('newer-schema', `the database is at schema ${current}, this build knows ${latest}`);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // The pragma is a no-op inside a transaction, so it is switched around it; SQLite's own rebuild recipe.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    if (migration.foreignKeysOff && foreignKeys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error('the rebuilt tables break a foreign key');
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (error) {
      throw new StoreError('migration-failed', `migration ${migration.version} (${migration.name})`, { cause: error });
    } finally {
      if (migration.foreignKeysOff && foreignKeys) db.pragma('foreign_keys = ON');
    }
  }
  return schemaVersionOf(db);
}

const SYNCHRONOUS = ['off', 'normal', 'full', 'extra'] as const;

export interface DatabaseInfo {
  journalMode: string;
  synchronous: (typeof SYNCHRONOUS)[number] | 'unknown';
  foreignKeys: boolean;
  schemaVersion: number;
  visits: number;
  outbox: { pending: number; inflight: number; done: number; dead: number; withdrawn: number };
}

export function databaseInfo(db: SqliteDatabase): DatabaseInfo {
  const outbox = { pending: 0, inflight: 0, done: 0, dead: 0, withdrawn: 0 };
  const rows = db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
  for (const { state, n } of rows) outbox[state === 'in-flight' ? 'inflight' : (state as 'pending' | 'done' | 'dead' | 'withdrawn')] = n;
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: SYNCHRONOUS[db.pragma('synchronous', { simple: true }) as number] ?? 'unknown',
    foreignKeys: db.pragma('foreign_keys', { simple: true }) === 1,
    schemaVersion: schemaVersionOf(db),
    visits: (db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n,
    outbox,
  };
}

export { SCHEMA_VERSION };
