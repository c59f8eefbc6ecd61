// Every failure of the local store is a StoreError with a code the UI maps to words. Messages never carry
// patient data: they name tables, columns and files, never values.

export type StoreErrorCode =
  /** The database file could not be opened or is not a database. */
  | 'open-failed'
  /** The file is a database with damaged pages (SQLite's quick_check); it is kept as it is for IT staff. */
  | 'damaged'
  /** The disk is full: nothing was written. */
  | 'disk-full'
  /** The file was written by a newer version of the app (its schema is ahead of this build's). */
  | 'newer-schema'
  /** A migration failed; the database is left at the last version that applied. */
  | 'migration-failed'
  /** The key does not belong to this database (another desk's key, or a restored key file). */
  | 'wrong-key'
  /** The key store could not give a usable key. */
  | 'key-unavailable'
  /** A sealed value failed authentication: damaged bytes, or moved between columns. */
  | 'decrypt-failed'
  /** Input that the schema would refuse (checked before writing). */
  | 'invalid'
  | 'not-found';

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${code}: ${detail}`, options);
    this.name = 'StoreError';
    this.code = code;
  }
}
