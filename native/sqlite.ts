// The only code that loads better-sqlite3 (N-API, needs Node >= 22). Loaded lazily like every native
// module so a broken build is a typed error, not a crash at import.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { NativeModuleError } from './errors';

export type SqliteDatabase = BetterSqlite3.Database;

let constructor: typeof BetterSqlite3 | undefined;

export function openSqlite(file: string, options: BetterSqlite3.Options = {}): SqliteDatabase {
  if (!constructor) {
    try {
      constructor = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    } catch (cause) {
      throw new NativeModuleError('better-sqlite3', cause);
    }
  }
  return new constructor(file, options);
}
