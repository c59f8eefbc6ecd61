// One listening connection per station process: `LISTEN tiepdon_calls`, every call of every counter as it
// commits, handed to whoever subscribed (the core fans it out to its display clients). A connection
// that breaks is said at once (`lost`: displays stop showing numbers that may be stale) and retried
// with a growing pause; each (re)connection is `connected`, the cue to rebuild from the store, since
// notifications sent while away are gone.
import pg from 'pg';
import { connectionStringOf, type SiteConnectionOptions } from './connection';
import { callOfPayload, type SiteCall } from './site-calls';

export const CALLS_CHANNEL = 'tiepdon_calls';

export type CallListenerEvent = { type: 'call'; call: SiteCall } | { type: 'connected' } | { type: 'lost' };

export interface CallListenerOptions extends Pick<SiteConnectionOptions, 'url' | 'password' | 'connectTimeoutMs'> {
  /** First pause before reconnecting, doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  applicationName?: string;
}

export class CallListener {
  private client: pg.Client | null = null;
  private connected = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private pause: number;
  private readonly listeners = new Set<(event: CallListenerEvent) => void>();

  constructor(private readonly options: CallListenerOptions) {
    this.pause = options.retryMs ?? 500;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  subscribe(listener: (event: CallListenerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: connectionStringOf(this.options),
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 5_000,
      application_name: this.options.applicationName ?? 'tiepdon-listen',
      keepAlive: true,
    });
    let gone = false;
    const lost = () => {
      if (gone) return;
      gone = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (this.connected) {
        this.connected = false;
        this.emit({ type: 'lost' });
      }
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel !== CALLS_CHANNEL) return;
      const call = callOfPayload(message.payload);
      if (call) this.emit({ type: 'call', call });
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CALLS_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (this.closed || gone) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.connected = true;
    this.pause = this.options.retryMs ?? 500;
    this.emit({ type: 'connected' });
  }

  private retry(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.pause);
    this.timer.unref();
    this.pause = Math.min(this.pause * 2, this.options.maxRetryMs ?? 10_000);
  }

  private emit(event: CallListenerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // one subscriber's failure never stops the others
      }
    }
  }
}
