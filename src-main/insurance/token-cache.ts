// Gateway tokens, one per facility account (docs/bhxh-gateway.md "Login"): kept until `expires_in − 60 s`, one login in
// flight at a time however many lookups wait for it, and dropped when the gateway says 401.
import type { Clock } from '../util/clock';

export interface GatewayToken {
  accessToken: string;
  idToken: string;
  username: string;
  /** The gateway's own expiry (absolute UTC), or our estimate when it sent none we can read. */
  expiresAt: Date;
}

/** Used when `expires_in` cannot be read: shorter than the 10 minutes real tokens live. */
const FALLBACK_LIFETIME_MS = 5 * 60_000;
const MAX_SECONDS = 24 * 3_600;

/**
 * `expires_in` is an absolute UTC time with 7 fractional digits ("2017-11-13T03:51:20.1047187Z"), not
 * seconds. A number is read as seconds from now (the OAuth habit), in case a gateway version sends one.
 */
export function parseExpiresIn(value: string | number | null | undefined, now: Date): Date {
  if (typeof value === 'number' && value > 0 && value <= MAX_SECONDS) return new Date(now.getTime() + value * 1000);
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/.exec(String(value ?? '').trim());
  if (match) {
    const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
    const parsed = Date.parse(`${match[1]}.${millis}${match[3] ?? 'Z'}`);
    if (!Number.isNaN(parsed) && !Number.isNaN(new Date(parsed).getTime())) return new Date(parsed);
  }
  return new Date(now.getTime() + FALLBACK_LIFETIME_MS);
}

interface Entry {
  token: GatewayToken;
  usableUntil: number;
}

export interface TokenCacheOptions {
  /** Stop using a token this long before the gateway's expiry (docs/bhxh-gateway.md "Login": 60 s). */
  marginMs?: number;
  /**
   * Keep a fresh token at least this long even if its expiry, read with our clock, is already near or
   * past: a desk clock running fast must not turn every lookup into a login. A token the gateway no
   * longer accepts comes back as 401 and is replaced then.
   */
  minimumReuseMs?: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly logins = new Map<string, Promise<GatewayToken>>();
  private readonly marginMs: number;
  private readonly minimumReuseMs: number;

  constructor(
    private readonly clock: Clock,
    options: TokenCacheOptions = {},
  ) {
    this.marginMs = options.marginMs ?? 60_000;
    this.minimumReuseMs = options.minimumReuseMs ?? 30_000;
  }

  /** The cached token for `key`, or the result of one shared `login()`. */
  get(key: string, login: () => Promise<GatewayToken>): Promise<GatewayToken> {
    const entry = this.entries.get(key);
    if (entry && this.clock.now().getTime() < entry.usableUntil) return Promise.resolve(entry.token);
    const pending = this.logins.get(key);
    if (pending) return pending;
    const started = login()
      .then((token) => {
        const now = this.clock.now().getTime();
        const usableUntil = Math.max(token.expiresAt.getTime() - this.marginMs, now + this.minimumReuseMs);
        this.entries.set(key, { token, usableUntil });
        return token;
      })
      .finally(() => this.logins.delete(key));
    this.logins.set(key, started);
    return started;
  }

  /** Drops `token` if it is still the cached one (a newer login by another caller is kept). */
  invalidate(key: string, token: GatewayToken): void {
    if (this.entries.get(key)?.token.accessToken === token.accessToken) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
