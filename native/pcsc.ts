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

export interface PcscCard {
  atr: Uint8Array;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  disconnect(): void;
}

/** Classifies a binding error so callers need not know its classes: card gone, busy, or other. */
export function pcscErrorKind(error: unknown): 'card-removed' | 'sharing-violation' | 'service' | 'no-card' | 'other' {
  const sc = load();
  if (error instanceof sc.CardRemovedError || (error instanceof Error && /removed|reset|SCARD_W_REMOVED_CARD|SCARD_W_RESET_CARD/i.test(error.message))) return 'card-removed';
  if (error instanceof sc.SharingViolationError || (error instanceof Error && /sharing/i.test(error.message))) return 'sharing-violation';
  if (error instanceof sc.ServiceNotRunningError || isServiceFailure(error)) return 'service';
  if (error instanceof Error && /no smart ?card|SCARD_E_NO_SMARTCARD|not present/i.test(error.message)) return 'no-card';
  return 'other';
}

/**
 * Connects in shared mode (T=1 or T=0) and keeps the context open while the card is in use. Responses
 * may be up to 64 KiB plus the status word: extended-length READ BINARY answers.
 */
export async function connectPcsc(readerName: string): Promise<PcscCard> {
  const sc = load();
  let context: Smartcard.ContextInterface;
  try {
    context = new sc.Context();
  } catch (error) {
    if (isServiceFailure(error)) throw new PcscServiceError((error as Error).message);
    throw error;
  }
  try {
    const reader = context.listReaders().find((candidate) => candidate.name === readerName);
    if (!reader) throw new Error(`no reader named ${readerName}`);
    const card = await reader.connect(sc.SCARD_SHARE_SHARED, sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1);
    return {
      atr: new Uint8Array(card.atr ?? []),
      transmit: async (apdu) => new Uint8Array(await card.transmit(Buffer.from(apdu), { maxRecvLength: 65536 + 2, autoGetResponse: false })),
      disconnect: () => {
        try {
          card.disconnect(sc.SCARD_LEAVE_CARD);
        } finally {
          context.close();
        }
      },
    };
  } catch (error) {
    context.close();
    throw error;
  }
}
