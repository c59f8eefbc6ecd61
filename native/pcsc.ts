// The only code that touches PC/SC. Wraps the N-API `smartcard` binding (never the `pcsclite` package,
// which cannot load on Node 22) behind a small typed surface; loaded lazily so that a machine without
// libpcsclite still starts and can say what is missing.
import { createRequire } from 'node:module';
import type * as Smartcard from 'smartcard';
import { NativeModuleError } from './errors';

type SmartcardModule = typeof Smartcard;

let binding: SmartcardModule | undefined;

function load(): SmartcardModule {
  if (!binding) {
    try {
      binding = createRequire(import.meta.url)('smartcard') as SmartcardModule;
    } catch (cause) {
      throw new NativeModuleError('smartcard', cause);
    }
  }
  return binding;
}

/** The PC/SC service (pcscd, Windows "Smart Card" service) is not running or not reachable. */
export class PcscServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PcscServiceError';
  }
}

export interface PcscReaderState {
  name: string;
  cardPresent: boolean;
  atr: Uint8Array | null;
}

export interface PcscMonitorEvent {
  type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed' | 'error';
  reader: string;
  atr: Uint8Array | null;
}

function isServiceFailure(error: unknown): boolean {
  return error instanceof Error && /service|no readers are available|SCARD_E_NO_SERVICE/i.test(error.message);
}

/** Lists readers with their card state; an absent service raises PcscServiceError. */
export function listPcscReaders(): PcscReaderState[] {
  const sc = load();
  let context: Smartcard.ContextInterface;
  try {
    context = new sc.Context();
  } catch (error) {
    if (isServiceFailure(error)) throw new PcscServiceError((error as Error).message);
    throw error;
  }
  try {
    return context.listReaders().map((reader) => ({
      name: reader.name,
      cardPresent: (reader.state & sc.SCARD_STATE_PRESENT) !== 0,
      atr: reader.atr ? new Uint8Array(reader.atr) : null,
    }));
  } catch (error) {
    // pcsc-lite reports "no readers" as an error; an empty list is the honest answer.
    if (error instanceof Error && /no readers/i.test(error.message)) return [];
    throw error;
  } finally {
    context.close();
  }
}

/** Watches reader and card changes on a background thread of the binding. */
export function watchPcsc(listener: (event: PcscMonitorEvent) => void): () => void {
  const sc = load();
  const monitor = new sc.ReaderMonitor();
  monitor.start((event) => {
    listener({ type: event.type, reader: event.reader, atr: event.atr ? new Uint8Array(event.atr) : null });
  });
  return () => monitor.stop();
}
