// What the core needs from card readers. Implementations: PC/SC (native/pcsc), the simulator (demo mode).
import type { ReaderEvent, ReaderList } from '../contract';

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

/** Reader failures as values the UI maps to words ("Thẻ đã bị rút ra — vui lòng đặt lại thẻ"). */
export class ReaderError extends Error {
  constructor(
    readonly code: ReaderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReaderError';
  }
}
