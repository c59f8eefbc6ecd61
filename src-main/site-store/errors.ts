// Every failure of the site store is a SiteStoreError with a code the CLI and the UI map to words. A
// station treats `unreachable` and `timeout` as "the site is away" and goes on alone; the others are
// refusals that IT staff must act on. Messages name tables and stations, never patient data.

export type SiteStoreErrorCode =
  /** No connection (refused, reset, DNS, TLS, authentication) or it broke mid-query. */
  | 'unreachable'
  /** No answer within the time the caller allowed. */
  | 'timeout'
  /** The server answered something this build does not accept (a malformed row, a hostile reply). */
  | 'bad-reply'
  /** The database was never set up with `site init`, or by a newer build. */
  | 'not-initialised'
  | 'newer-schema'
  | 'migration-failed'
  /** The site key of this station or enrolment file is not the site's (re-keyed with --new-key). */
  | 'wrong-key'
  /** The enrolment file is damaged, not one, or the passphrase is wrong. */
  | 'enrolment-invalid'
  /** Demo and production never mix; a station code taken by another installation. */
  | 'refused'
  | 'invalid';

export class SiteStoreError extends Error {
  readonly code: SiteStoreErrorCode;

  constructor(code: SiteStoreErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${code}: ${detail}`, options);
    this.name = 'SiteStoreError';
    this.code = code;
  }

  /** The site is away, not refusing: the station goes on with its own numbers. */
  get transient(): boolean {
    return this.code === 'unreachable' || this.code === 'timeout';
  }
}
