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

function isServiceFailure(error: unknown): boolean {
  return error instanceof Error && /service|no readers are available|SCARD_E_NO_SERVICE/i.test(error.message);
}

export interface PcscContext {
  listReaders(): PcscReaderState[];
  /** Resolves when a listed reader changes state or after `timeoutMs`; rejects when the service goes. */
  waitForChange(readers: PcscReaderState[], timeoutMs: number): Promise<void>;
  /** Wakes a pending waitForChange. */
  cancel(): void;
  close(): void;
}

function newContext(sc: SmartcardModule): Smartcard.ContextInterface {
  try {
    return new sc.Context();
  } catch (error) {
    if (isServiceFailure(error)) throw new PcscServiceError((error as Error).message);
    throw error;
  }
}

/** A PC/SC context; an absent service raises PcscServiceError. */
export function openPcscContext(): PcscContext {
  const sc = load();
  const context = newContext(sc);
  const stateOf = new Map<string, number>();
  return {
    listReaders() {
      try {
        return context.listReaders().map((reader) => {
          stateOf.set(reader.name, reader.state);
          return {
            name: reader.name,
            cardPresent: (reader.state & sc.SCARD_STATE_PRESENT) !== 0,
            atr: reader.atr ? new Uint8Array(reader.atr) : null,
          };
        });
      } catch (error) {
        // pcsc-lite reports "no readers" as an error; an empty list is the honest answer.
        if (error instanceof Error && /no readers/i.test(error.message)) return [];
        if (isServiceFailure(error) || !context.isValid) throw new PcscServiceError((error as Error).message);
        throw error;
      }
    },
    async waitForChange(readers, timeoutMs) {
      try {
        // Without readers the binding watches pcsc-lite's PnP notification for new ones.
        const states = readers.map((reader) => ({ name: reader.name, state: (stateOf.get(reader.name) ?? 0) & ~sc.SCARD_STATE_CHANGED, changed: false, atr: null }));
        await context.waitForChange(states.length > 0 ? states : undefined, timeoutMs);
      } catch (error) {
        if (error instanceof Error && /cancel|timeout/i.test(error.message)) return;
        throw new PcscServiceError(error instanceof Error ? error.message : String(error));
      }
    },
    cancel: () => {
      try {
        context.cancel();
      } catch {
        // Already closed: nothing to wake.
      }
    },
    close: () => context.close(),
  };
}

/** Lists readers with their card state; an absent service raises PcscServiceError. */
export function listPcscReaders(): PcscReaderState[] {
  const context = openPcscContext();
  try {
    return context.listReaders();
  } finally {
    context.close();
  }
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
  const context = newContext(sc);
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
