// Every failure of the local store is a StoreError with a code the UI maps to words. Messages never carry
// patient data: they name tables, columns and files, never values.
import { CodedError, type Words } from '../contract/errors';

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

const storeWords: Record<StoreErrorCode, Words> = {
  'open-failed': { vi: 'Không mở được cơ sở dữ liệu. Vui lòng báo bộ phận CNTT.', en: 'The database could not be opened. Tell IT.' },
  damaged: { vi: 'Cơ sở dữ liệu bị hỏng và được giữ nguyên để bộ phận CNTT kiểm tra.', en: 'The database is damaged; it is kept as it is for IT.' },
  'disk-full': { vi: 'Ổ đĩa đã đầy: chưa ghi được gì. Vui lòng báo bộ phận CNTT.', en: 'The disk is full: nothing was written. Tell IT.' },
  'newer-schema': { vi: 'Dữ liệu do phiên bản mới hơn của phần mềm ghi. Vui lòng cập nhật phần mềm.', en: 'The data was written by a newer version of the app. Update the app.' },
  'migration-failed': { vi: 'Nâng cấp cơ sở dữ liệu thất bại. Vui lòng báo bộ phận CNTT.', en: 'Upgrading the database failed. Tell IT.' },
  'wrong-key': { vi: 'Khoá giải mã không thuộc cơ sở dữ liệu này.', en: 'The key does not belong to this database.' },
  'key-unavailable': { vi: 'Không lấy được khoá giải mã dữ liệu.', en: 'The database key is not available.' },
  'decrypt-failed': { vi: 'Không giải mã được một giá trị đã lưu: dữ liệu bị hỏng.', en: 'A stored value could not be decrypted: the data is damaged.' },
  invalid: { vi: 'Dữ liệu không hợp lệ, chưa ghi gì.', en: 'The data is not valid; nothing was written.' },
  'not-found': { vi: 'Không tìm thấy dữ liệu.', en: 'Not found.' },
};

export class StoreError extends CodedError {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${code}: ${detail}`, options);
    this.name = 'StoreError';
    this.code = code;
  }

  get words(): Words {
    return storeWords[this.code];
  }

  get retryable(): boolean {
    return false;
  }
}
