// Readers through PC/SC, surviving what happens at a real desk: readers plugged and unplugged, cards
// tapped and pulled mid-read, and the PC/SC service itself going away (Windows stops it when the last
// reader is unplugged). A supervisor loop holds one context, waits for changes, turns them into events,
// and rebuilds the context with backoff when the service disappears. Each reader serves one card session
// at a time; several readers work in parallel.
import type { ReaderEvent, ReaderInfo, ReaderList, ReaderServiceState } from '../contract';
import { NativeModuleError } from '../../native/errors';
import { connectPcsc, openPcscContext, pcscErrorKind, PcscServiceError, type PcscContext, type PcscReaderState } from '../../native/pcsc';
import { toHex } from '../util/bytes';
import { ReaderError, type CardConnection, type ReaderPort } from './port';

export interface PcscManagerOptions {
  /** How long one wait for changes lasts before readers are listed again (catches hot-plug). */
  pollMs?: number;
  backoffMs?: { initial: number; max: number };
  /** Sharing-violation retries when connecting. */
  connectRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class PcscReaderManager implements ReaderPort {
  private context: PcscContext | null = null;
  private service: ReaderServiceState = 'ok';
  private readers = new Map<string, ReaderInfo>();
  private readonly listeners = new Set<(event: ReaderEvent) => void>();
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly sessions = new Map<string, Promise<void>>();
  private readonly options: Required<PcscManagerOptions>;

  constructor(options: PcscManagerOptions = {}) {
    this.options = {
      pollMs: options.pollMs ?? 500,
      backoffMs: options.backoffMs ?? { initial: 250, max: 5000 },
      connectRetries: options.connectRetries ?? 5,
      sleep: options.sleep ?? defaultSleep,
    };
  }

  async list(): Promise<ReaderList> {
    if (this.running) return { service: this.service, readers: [...this.readers.values()] };
    try {
      const context = openPcscContext();
      try {
        return { service: 'ok', readers: context.listReaders().map(info) };
      } finally {
        context.close();
      }
    } catch (error) {
      return { service: serviceStateOf(error), readers: [] };
    }
  }

  watch(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.running) {
      this.running = true;
      this.loop = this.supervise();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  async stop(): Promise<void> {
    this.running = false;
    this.context?.cancel();
    await this.loop;
    this.loop = null;
  }

  /** Waits for the reader's previous session to end, then connects (shared), retrying while busy. */
  async connect(reader: string): Promise<CardConnection> {
    const previous = this.sessions.get(reader) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const queued = previous.then(() => current);
    this.sessions.set(reader, queued);
    await previous;
    try {
      const card = await this.connectWithRetry(reader);
      let closed = false;
      /** The exchange pcscd is still busy with, e.g. one a card-timeout gave up on. */
      let inFlight: Promise<unknown> = Promise.resolve();
      return {
        reader,
        atr: toHex(card.atr),
        transmit: async (apdu) => {
          if (closed) throw new ReaderError('transport', 'connection closed');
          try {
            const answer = card.transmit(apdu);
            inFlight = answer.catch(() => undefined);
            return await answer;
          } catch (error) {
            const readerError = toReaderError(error);
            // Mid-session, "no card" means the card left the field.
            throw readerError.code === 'no-card' ? new ReaderError('card-removed', readerError.message) : readerError;
          }
        },
        close: async () => {
          if (closed) return;
          closed = true;
          // SCardDisconnect blocks this thread until pcscd has finished the exchange in flight: wait for
          // it without blocking, so that a stalled chip cannot freeze the app.
          await inFlight;
          try {
            card.disconnect();
          } catch {
            // The card or reader is already gone; nothing left to release.
          }
          this.finish(reader, queued, release);
        },
      };
    } catch (error) {
      this.finish(reader, queued, release);
      throw toReaderError(error);
    }
  }

  private finish(reader: string, queued: Promise<void>, release: () => void): void {
    release();
    if (this.sessions.get(reader) === queued) this.sessions.delete(reader);
  }

  private async connectWithRetry(reader: string) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await connectPcsc(reader);
      } catch (error) {
        if (pcscErrorKind(error) !== 'sharing-violation' || attempt >= this.options.connectRetries) throw error;
        await this.options.sleep(100 * (attempt + 1));
      }
    }
  }

  private async supervise(): Promise<void> {
    let backoff = this.options.backoffMs.initial;
    while (this.running) {
      try {
        if (!this.context) {
          this.context = openPcscContext();
          this.setService('ok');
          backoff = this.options.backoffMs.initial;
        }
        const states = this.context.listReaders();
        this.update(states);
        await this.context.waitForChange(states, this.options.pollMs);
      } catch (error) {
        this.context?.close();
        this.context = null;
        this.update([]);
        this.setService(serviceStateOf(error));
        if (!this.running) break;
        await this.options.sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.backoffMs.max);
      }
    }
    this.context?.close();
    this.context = null;
  }

  private update(states: PcscReaderState[]): void {
    const next = new Map(states.map((state) => [state.name, info(state)]));
    for (const [name, before] of this.readers) {
      if (!next.has(name)) {
        if (before.cardPresent) this.emit({ type: 'card-removed', reader: name });
        this.emit({ type: 'reader-removed', reader: name });
      }
    }
    for (const [name, now] of next) {
      const before = this.readers.get(name);
      if (!before) this.emit({ type: 'reader-added', reader: name });
      if (now.cardPresent && (!before?.cardPresent || before.atr !== now.atr)) this.emit({ type: 'card-inserted', reader: name, atr: now.atr });
      if (!now.cardPresent && before?.cardPresent) this.emit({ type: 'card-removed', reader: name });
    }
    this.readers = next;
  }

  private setService(service: ReaderServiceState): void {
    if (service === this.service) return;
    this.service = service;
    this.emit({ type: 'service-changed', service });
  }

  private emit(event: ReaderEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function info(state: PcscReaderState): ReaderInfo {
  return { name: state.name, cardPresent: state.cardPresent, atr: state.atr ? toHex(state.atr) : null };
}

function serviceStateOf(error: unknown): ReaderServiceState {
  if (error instanceof NativeModuleError) return 'driver-missing';
  return 'service-unavailable';
}

export function toReaderError(error: unknown): ReaderError {
  if (error instanceof ReaderError) return error;
  if (error instanceof NativeModuleError) return new ReaderError('driver-missing', error.message);
  if (error instanceof PcscServiceError) return new ReaderError('service-unavailable', error.message);
  const message = error instanceof Error ? error.message : String(error);
  switch (pcscErrorKind(error)) {
    case 'card-removed':
      return new ReaderError('card-removed', message);
    case 'sharing-violation':
      return new ReaderError('reader-busy', message);
    case 'service':
      return new ReaderError('service-unavailable', message);
    case 'no-card':
      return new ReaderError('no-card', message);
    default:
      return new ReaderError(/no reader/.test(message) ? 'no-reader' : 'transport', message);
  }
}
