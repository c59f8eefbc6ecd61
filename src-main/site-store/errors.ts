// Every failure of the site store is a SiteStoreError with a code the CLI and the UI map to words. A
// station treats `unreachable` and `timeout` as "the site is away" and goes on alone; the others are
// refusals that IT staff must act on. Messages name tables and stations, never patient data.
import { CodedError, type Words } from '../contract/errors';

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
  /** Another PC did the same at the same moment (two desks with one counter code): try again. */
  | 'busy'
  /** Demo and production never mix; a station code taken by another installation. */
  | 'refused'
  | 'invalid';

const siteStoreWords: Record<SiteStoreErrorCode, Words> = {
  unreachable: { vi: 'Không kết nối được máy chủ dữ liệu chung của bệnh viện; máy này tiếp tục làm việc riêng.', en: "The hospital's site store cannot be reached; this station goes on alone." },
  timeout: { vi: 'Máy chủ dữ liệu chung không trả lời kịp; máy này tiếp tục làm việc riêng.', en: 'The site store did not answer in time; this station goes on alone.' },
  'bad-reply': { vi: 'Máy chủ dữ liệu chung trả lời không hợp lệ. Vui lòng báo bộ phận CNTT.', en: 'The site store gave an invalid answer. Tell IT.' },
  'not-initialised': { vi: 'Máy chủ dữ liệu chung chưa được thiết lập. Vui lòng báo bộ phận CNTT.', en: 'The site store has not been set up. Tell IT.' },
  'newer-schema': { vi: 'Máy chủ dữ liệu chung do phiên bản mới hơn thiết lập. Vui lòng cập nhật phần mềm.', en: 'The site store was set up by a newer version. Update the app.' },
  'migration-failed': { vi: 'Nâng cấp máy chủ dữ liệu chung thất bại. Vui lòng báo bộ phận CNTT.', en: 'Upgrading the site store failed. Tell IT.' },
  'wrong-key': { vi: 'Khoá của máy này không khớp với máy chủ dữ liệu chung.', en: "This station's key does not match the site store." },
  'enrolment-invalid': { vi: 'Tệp đăng ký máy bị hỏng hoặc sai mật khẩu.', en: 'The enrolment file is damaged or the passphrase is wrong.' },
  busy: { vi: 'Một máy khác vừa làm cùng thao tác này. Vui lòng thử lại.', en: 'Another PC did the same at the same moment. Try again.' },
  refused: { vi: 'Máy chủ dữ liệu chung từ chối máy này. Vui lòng báo bộ phận CNTT.', en: 'The site store refused this station. Tell IT.' },
  invalid: { vi: 'Dữ liệu không hợp lệ.', en: 'The data is not valid.' },
};

export class SiteStoreError extends CodedError {
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

  get words(): Words {
    return siteStoreWords[this.code];
  }

  get retryable(): boolean {
    return this.transient || this.code === 'busy';
  }
}
