// Every failure of the card stack is a CardError (a CodedError): its code, and short Vietnamese and
// English words that travel with it to the desk, the kiosk, the CLI and the logs.
import { CodedError, type Words } from '../contract/errors';

export type CardErrorCode =
  | 'wrong-access-key'
  | 'no-access-key'
  | 'card-removed'
  | 'unsupported-card'
  | 'malformed-data'
  | 'secure-messaging'
  | 'file-not-found'
  | 'access-denied'
  | 'card-error'
  | 'transport'
  | 'card-timeout'
  | 'replay-divergence';

export const cardErrorWords: Record<CardErrorCode, Words> = {
  'wrong-access-key': {
    vi: 'Sai mã truy cập thẻ (CAN hoặc thông tin MRZ). Vui lòng kiểm tra lại số định danh và ngày sinh.',
    en: 'Wrong card access key (CAN or MRZ data). Check the ID number and date of birth.',
  },
  'no-access-key': {
    vi: 'Cần số định danh và ngày sinh, hoặc mã CAN, để đọc chip.',
    en: 'The ID number and date of birth, or the CAN, are needed to read the chip.',
  },
  'card-removed': {
    vi: 'Thẻ đã bị rút ra — vui lòng đặt lại thẻ.',
    en: 'The card was removed — please place it on the reader again.',
  },
  'unsupported-card': {
    vi: 'Thẻ này không phải căn cước gắn chip hay hộ chiếu điện tử.',
    en: 'This card is not a chip ID card or an e-passport.',
  },
  'malformed-data': {
    vi: 'Dữ liệu trên chip bị lỗi định dạng.',
    en: 'The data on the chip is malformed.',
  },
  'secure-messaging': {
    vi: 'Kênh bảo mật với chip bị lỗi. Vui lòng đặt lại thẻ.',
    en: 'Secure messaging with the chip failed. Please place the card again.',
  },
  'file-not-found': { vi: 'Không tìm thấy tệp trên chip.', en: 'File not found on the chip.' },
  'access-denied': { vi: 'Chip từ chối truy cập tệp này.', en: 'The chip denied access to this file.' },
  'card-error': { vi: 'Chip báo lỗi.', en: 'The chip reported an error.' },
  transport: {
    vi: 'Mất kết nối với đầu đọc thẻ. Vui lòng thử lại.',
    en: 'Lost the connection to the card reader. Please try again.',
  },
  'card-timeout': {
    vi: 'Chip không trả lời kịp thời. Vui lòng đặt lại thẻ; nếu vẫn lỗi, nhập thông tin bằng tay và kiểm tra giấy tờ.',
    en: 'The chip did not answer in time. Please place the card again; if it fails again, enter the details by hand and check the document.',
  },
  'replay-divergence': {
    vi: 'Phiên ghi lại không khớp với lệnh gửi đi.',
    en: 'The recorded session does not match the command sent.',
  },
};

/** Failures after which nothing more can be read in the session: the card, the reader or the channel is gone. */
const SESSION_ENDING: ReadonlySet<CardErrorCode> = new Set(['card-removed', 'transport', 'secure-messaging', 'card-timeout', 'replay-divergence']);

/** Failures that putting the card on the reader again may cure. */
const RETRYABLE: ReadonlySet<CardErrorCode> = new Set(['card-removed', 'transport', 'secure-messaging', 'card-timeout']);

export class CardError extends CodedError {
  readonly code: CardErrorCode;
  /** Status word that caused it, when the card answered one. */
  readonly sw: number | undefined;
  /**
   * The read cannot go on: the session is lost, or the card behaves in a way no genuine chip does (a file
   * announced past its size cap, a length it will not settle on). Other errors cost one file at most.
   */
  readonly endsRead: boolean;

  constructor(code: CardErrorCode, detail?: string, sw?: number, options: { endsRead?: boolean } = {}) {
    super(detail ? `${cardErrorWords[code].en} (${detail})` : cardErrorWords[code].en);
    this.name = 'CardError';
    this.code = code;
    this.sw = sw;
    this.endsRead = options.endsRead ?? SESSION_ENDING.has(code);
  }

  get words(): Words {
    return cardErrorWords[this.code];
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

export function malformed(detail: string): CardError {
  return new CardError('malformed-data', detail);
}
