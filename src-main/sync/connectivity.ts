// The desk's idea of whether the BHXH gateway (or, for the HIS lane's own monitor, the HIS) can be reached, from what really happened to real
// requests (never from pinging something else): online after a prompt answer; degraded after a slow
// answer, an answer that was an error page, or a first failure to connect; offline after several
// consecutive failures to connect or time-outs. It starts "online": with nothing queued nobody needs to
// know, and with something queued the worker tries at once and learns the truth within one request
// (`lastAnswer` stays null until the gateway has answered once).
import { HisError } from '../his/errors';
import { GatewayError } from '../insurance';

export type Connectivity = 'online' | 'degraded' | 'offline';

export type Observation =
  /** The gateway answered (whatever it said about the question). */
  | { kind: 'answered'; elapsedMs: number }
  /** It answered with a failure of its own: HTTP 5xx, a technical result code, broken JSON. */
  | { kind: 'faulty' }
  /** No answer: refused, reset, DNS, TLS, a time limit. */
  | { kind: 'unreachable' };

export interface ConnectivityOptions {
  /** An answer slower than this counts as degraded (production clients allow 60 s in all). */
  slowMs: number;
  /** Consecutive unreachable results before "offline". */
  offlineAfter: number;
}

export const DEFAULT_CONNECTIVITY: ConnectivityOptions = { slowMs: 8_000, offlineAfter: 3 };

/** What a failed request says about the connection; null when it says nothing (our own input, signing, a cancel). */
export function observationOfError(error: unknown): Observation | null {
  if (error instanceof HisError) {
    if (error.unreachable) return { kind: 'unreachable' };
    if (error.code === 'server' || error.code === 'bad-response') return { kind: 'faulty' };
    return error.code === 'auth' || error.code === 'rejected' ? { kind: 'answered', elapsedMs: 0 } : null;
  }
  if (!(error instanceof GatewayError)) return null;
  switch (error.code) {
    case 'network':
    case 'timeout':
      return { kind: 'unreachable' };
    case 'bad-response':
      return { kind: 'faulty' };
    case 'gateway':
      // A refusal of the content (205, 054, 055) is a prompt, well-formed answer.
      return error.retryable ? { kind: 'faulty' } : { kind: 'answered', elapsedMs: 0 };
    case 'auth':
      return { kind: 'answered', elapsedMs: 0 };
    default:
      return null;
  }
}

export class ConnectivityMonitor {
  private current: Connectivity = 'online';
  private unreachableInARow = 0;
  private lastAnsweredAt: Date | null = null;
  private readonly listeners = new Set<(state: Connectivity) => void>();
  private readonly options: ConnectivityOptions;

  constructor(options: Partial<ConnectivityOptions> = {}) {
    this.options = { ...DEFAULT_CONNECTIVITY, ...options };
  }

  get state(): Connectivity {
    return this.current;
  }

  /** When the gateway last answered anything, by the caller's clock. */
  get lastAnswer(): Date | null {
    return this.lastAnsweredAt;
  }

  get consecutiveUnreachable(): number {
    return this.unreachableInARow;
  }

  observe(observation: Observation, at?: Date): Connectivity {
    switch (observation.kind) {
      case 'answered':
        this.unreachableInARow = 0;
        if (at) this.lastAnsweredAt = at;
        return this.set(observation.elapsedMs > this.options.slowMs ? 'degraded' : 'online');
      case 'faulty':
        this.unreachableInARow = 0;
        if (at) this.lastAnsweredAt = at;
        return this.set('degraded');
      case 'unreachable':
        this.unreachableInARow += 1;
        return this.set(this.unreachableInARow >= this.options.offlineAfter ? 'offline' : 'degraded');
    }
  }

  observeError(error: unknown, at?: Date): Connectivity {
    const observation = observationOfError(error);
    return observation ? this.observe(observation, at) : this.current;
  }

  subscribe(listener: (state: Connectivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(next: Connectivity): Connectivity {
    if (next !== this.current) {
      this.current = next;
      for (const listener of this.listeners) listener(next);
    }
    return next;
  }
}
