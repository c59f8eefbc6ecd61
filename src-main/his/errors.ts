// Every failure of a hand-over to the HIS is a HisError with a code; the outbox decides from it whether
// to wait (unreachable), retry with back-off, or keep the item for staff (dead, never dropped).
import { CodedError, type Words } from '../contract/errors';

export type HisErrorCode =
  /** Could not reach the HIS: refused, reset, DNS. */
  | 'network'
  /** No complete answer within the deadline (connect or total). */
  | 'timeout'
  /** The HIS refused our credentials (401/403): staff fix Settings, then send again. */
  | 'auth'
  /** The HIS refused the Bundle itself (4xx): it will refuse it again until someone looks. */
  | 'rejected'
  /** The HIS failed (5xx) or said to come back later (429, 503). */
  | 'server'
  /** The answer is not a FHIR transaction-response we can read: not JSON, wrong shape, too large. */
  | 'bad-response'
  /** The TLS handshake failed: wrong or untrusted certificate (waiting does not fix it). */
  | 'tls'
  /** Settings incomplete or unusable (URL, credentials, CA file). */
  | 'config'
  /** Nothing to export (no visits on that day for a table that cannot be empty). */
  | 'nothing-to-export'
  /** The worker stopped mid-request. */
  | 'aborted';

export class HisError extends CodedError {
  override readonly name = 'HisError';
  constructor(
    readonly code: HisErrorCode,
    message: string,
    readonly details: { httpStatus?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }

  /** Worth sending again later without anyone changing anything. */
  get retryable(): boolean {
    return this.code === 'network' || this.code === 'timeout' || this.code === 'server' || this.code === 'bad-response' || this.code === 'aborted';
  }

  get words(): Words {
    return hisErrorMessages[this.code];
  }

  /** The HIS cannot be reached at all: the lane pauses as a whole and items keep their attempts. */
  get unreachable(): boolean {
    return this.code === 'network' || this.code === 'timeout';
  }
}

export const hisErrorMessages: Record<HisErrorCode, Words> = {
  network: { vi: 'Không kết nối được HIS của bệnh viện.', en: 'Could not reach the hospital HIS.' },
  timeout: { vi: 'HIS không trả lời kịp.', en: 'The HIS did not answer in time.' },
  auth: { vi: 'HIS từ chối thông tin đăng nhập. Vui lòng kiểm tra cài đặt.', en: 'The HIS refused the credentials. Check Settings.' },
  rejected: { vi: 'HIS từ chối dữ liệu gửi sang.', en: 'The HIS refused the data sent.' },
  server: { vi: 'HIS báo lỗi; sẽ gửi lại sau.', en: 'The HIS reported an error; it will be sent again later.' },
  'bad-response': { vi: 'HIS trả lời không đúng định dạng FHIR.', en: 'The HIS sent an answer that is not valid FHIR.' },
  tls: { vi: 'Chứng chỉ TLS của HIS không hợp lệ hoặc không được tin cậy.', en: "The HIS's TLS certificate is invalid or not trusted." },
  config: { vi: 'Cài đặt kết nối HIS chưa đầy đủ.', en: 'The HIS connection settings are incomplete.' },
  'nothing-to-export': { vi: 'Không có lượt tiếp đón nào để xuất.', en: 'There are no visits to export.' },
  aborted: { vi: 'Đã huỷ.', en: 'Cancelled.' },
};
