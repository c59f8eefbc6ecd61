// What the core needs from card readers. Implementations: PC/SC (native/pcsc), the simulator (demo mode).
import { CodedError, type ReaderEvent, type ReaderList, type Words } from '../contract';

/** An open connection to the card in one reader; protocols talk through `transmit` only. */
export interface CardConnection {
  readonly reader: string;
  /** Upper-case hex. */
  readonly atr: string;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface ReaderPort {
  list(): Promise<ReaderList>;
  /** Starts watching for hot-plug and card events; returns a function that stops watching. */
  watch(listener: (event: ReaderEvent) => void): () => void;
  /** Connects to the card in `reader`; fails with a ReaderError when there is none. */
  connect(reader: string): Promise<CardConnection>;
}

export type ReaderErrorCode = 'no-card' | 'no-reader' | 'card-removed' | 'reader-busy' | 'service-unavailable' | 'driver-missing' | 'transport';

export const readerErrorWords: Record<ReaderErrorCode, Words> = {
  'no-card': { vi: 'Chưa có thẻ trên đầu đọc.', en: 'No card on the reader.' },
  'no-reader': { vi: 'Không tìm thấy đầu đọc thẻ. Vui lòng cắm đầu đọc.', en: 'No card reader found. Please plug one in.' },
  'card-removed': { vi: 'Thẻ đã bị rút ra — vui lòng đặt lại thẻ.', en: 'The card was removed — please place it on the reader again.' },
  'reader-busy': { vi: 'Đầu đọc đang bận. Vui lòng thử lại.', en: 'The card reader is busy. Please try again.' },
  'service-unavailable': { vi: 'Dịch vụ thẻ thông minh của máy không chạy. Vui lòng báo bộ phận CNTT.', en: "The computer's smart-card service is not running. Tell IT." },
  'driver-missing': { vi: 'Thiếu trình điều khiển đầu đọc thẻ. Vui lòng báo bộ phận CNTT.', en: 'The card reader driver is missing. Tell IT.' },
  transport: { vi: 'Lỗi đầu đọc thẻ. Vui lòng thử lại.', en: 'Card reader error. Please try again.' },
};

const RETRYABLE: ReadonlySet<ReaderErrorCode> = new Set(['no-card', 'card-removed', 'reader-busy', 'transport']);

/** Reader failures, with the words the desk shows ("Thẻ đã bị rút ra — vui lòng đặt lại thẻ"). */
export class ReaderError extends CodedError {
  constructor(
    readonly code: ReaderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReaderError';
  }

  get words(): Words {
    return readerErrorWords[this.code];
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}
