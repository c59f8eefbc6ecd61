// Why a check-in could not be recorded. Messages name fields, never their values.
import { CodedError, type Words } from '../contract/errors';

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

const checkInWords: Record<CheckInErrorCode, Words> = {
  'identity-incomplete': { vi: 'Thiếu số định danh, họ tên hoặc ngày sinh của người bệnh.', en: "The patient's ID number, name or date of birth is missing." },
  'invalid-request': { vi: 'Thông tin tiếp đón không hợp lệ.', en: 'The check-in details are not valid.' },
  aborted: { vi: 'Đã huỷ, chưa ghi nhận gì.', en: 'Cancelled; nothing was recorded.' },
  'not-found': { vi: 'Không tìm thấy lượt khám.', en: 'No such visit.' },
  'invalid-transition': { vi: 'Lượt khám đang ở trạng thái không cho phép thao tác này.', en: 'The visit is not in a state that allows this.' },
};

export class CheckInError extends CodedError {
  readonly code: CheckInErrorCode;
  readonly fields: readonly string[];

  constructor(code: CheckInErrorCode, detail: string, fields: readonly string[] = []) {
    super(`${code}: ${detail}`);
    this.name = 'CheckInError';
    this.code = code;
    this.fields = fields;
  }

  get words(): Words {
    return checkInWords[this.code];
  }

  get retryable(): boolean {
    return false;
  }
}
