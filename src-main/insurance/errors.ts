// Every failure of the gateway client is a GatewayError (a CodedError): a code and the words staff see. A lookup the
// gateway answered is never an error, whatever its maKetQua: that is an EligibilityResult. Errors are for
// when there is no usable answer.

import { CodedError, type Words } from '../contract/errors';

export type GatewayErrorCode =
  /** Could not reach the gateway: refused, reset, DNS, TLS. */
  | 'network'
  /** No complete answer in time (connect or total timeout). */
  | 'timeout'
  /** The account or token was refused, after one fresh login (docs/bhxh-gateway.md "Login": 401). */
  | 'auth'
  /** The gateway answered with an HTTP error or a failure code where no result is defined. */
  | 'gateway'
  /** The answer was not what the API describes: not JSON, wrong types, too large. */
  | 'bad-response'
  /** Our own input fails the API's formats; nothing was sent. */
  | 'bad-input'
  /** The facility certificate could not be loaded or used to sign. */
  | 'signing'
  /** Too many lookups too fast; BHXH restricts accounts that hammer it (docs/bhxh-gateway.md "Card check"). */
  | 'throttled'
  /** The caller cancelled. */
  | 'aborted';

export const gatewayErrorWords: Record<GatewayErrorCode, Words> = {
  network: {
    vi: 'Không kết nối được cổng giám định BHXH. Vui lòng kiểm tra mạng.',
    en: 'Could not reach the BHXH gateway. Check the network.',
  },
  timeout: {
    vi: 'Cổng giám định BHXH không trả lời kịp. Vui lòng thử lại sau.',
    en: 'The BHXH gateway did not answer in time. Try again later.',
  },
  auth: {
    vi: 'Cổng BHXH từ chối tài khoản của cơ sở. Vui lòng báo bộ phận CNTT.',
    en: "The BHXH gateway refused the facility's account. Tell IT.",
  },
  gateway: {
    vi: 'Cổng giám định BHXH báo lỗi. Vui lòng thử lại sau.',
    en: 'The BHXH gateway reported an error. Try again later.',
  },
  'bad-response': {
    vi: 'Cổng giám định BHXH trả về dữ liệu không đúng định dạng.',
    en: 'The BHXH gateway sent a malformed answer.',
  },
  'bad-input': {
    vi: 'Thông tin gửi tra cứu không đúng định dạng.',
    en: 'The data to send does not match the gateway formats.',
  },
  signing: {
    vi: 'Không ký được hồ sơ bằng chứng thư số của cơ sở.',
    en: "Could not sign with the facility's certificate.",
  },
  throttled: {
    vi: 'Tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng đợi giây lát.',
    en: 'Too many lookups in a short time. Please wait a moment.',
  },
  aborted: { vi: 'Đã huỷ.', en: 'Cancelled.' },
};

export interface GatewayErrorDetails {
  /** HTTP status, when the gateway answered one. */
  httpStatus?: number;
  /** maKetQua, when the gateway answered one. */
  maKetQua?: string;
  /** For timeouts: which limit fired. */
  phase?: 'connect' | 'total';
  /** For throttling: how long to wait. */
  retryAfterMs?: number;
  /** The gateway's own words (thongDiep/ghiChu), truncated. */
  gatewayMessage?: string;
  /** For bad input: which fields fail and why (no values: they may be personal data). */
  problems?: readonly FieldProblem[];
}

export interface FieldProblem {
  field: string;
  problem: string;
}

export class GatewayError extends CodedError {
  readonly code: GatewayErrorCode;
  readonly details: GatewayErrorDetails;

  constructor(code: GatewayErrorCode, detail?: string, details: GatewayErrorDetails = {}) {
    super(detail ? `${gatewayErrorWords[code].en} (${detail})` : gatewayErrorWords[code].en);
    this.name = 'GatewayError';
    this.code = code;
    this.details = details;
  }

  get words(): Words {
    return gatewayErrorWords[this.code];
  }

  /**
   * Worth trying again later (the outbox backs off; nobody retries in a tight loop). A refusal of the
   * content itself (205: format or signature; 054/055: staff registration) will not pass by waiting.
   */
  get retryable(): boolean {
    if (this.code === 'gateway') return !['205', '054', '055'].includes(this.details.maKetQua ?? '');
    return this.code === 'network' || this.code === 'timeout' || this.code === 'throttled';
  }

  toJSON(): { code: GatewayErrorCode; message: string; details: GatewayErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}
