// What the core needs from card readers. Implementations: PC/SC (native/pcsc), the simulator (demo mode).
import type { ReaderEvent, ReaderList } from '../contract';

export interface ReaderPort {
  list(): Promise<ReaderList>;
  /** Starts watching for hot-plug and card events; returns a function that stops watching. */
  watch(listener: (event: ReaderEvent) => void): () => void;
}
