// Why a check-in could not be recorded. Messages name fields, never their values.

export type CheckInErrorCode =
  /** The chip or the form gave no ID number, name or date of birth the tables can carry. */
  | 'identity-incomplete'
  /** A field outside what the store and the QĐ 4750 table accept (service code, height, station…). */
  | 'invalid-request'
  /** The caller cancelled before anything was written. */
  | 'aborted'
  /** No such visit. */
  | 'not-found'
  /** The visit is not in a state that allows this (cancelled twice, a served patient called back…). */
  | 'invalid-transition';

export class CheckInError extends Error {
  readonly code: CheckInErrorCode;
  readonly fields: readonly string[];

  constructor(code: CheckInErrorCode, detail: string, fields: readonly string[] = []) {
    super(`${code}: ${detail}`);
    this.name = 'CheckInError';
    this.code = code;
    this.fields = fields;
  }
}
