// Lookups are never retried in a loop: BHXH keeps a "restricted lookup" list for accounts that hammer
// it (docs/bhxh-gateway.md "Card check"). The client makes at most one automatic retry (after a 401) and this guard stops the
// rest: the same question asked again within a few seconds (a double click, a re-render) shares the
// answer instead of asking again, and past a per-minute budget lookups are refused as 'throttled'.
import { createHash } from 'node:crypto';
import type { Clock } from '../util/clock';
import { GatewayError } from './errors';

export interface LookupLimits {
  /** The same question within this window gets the same answer without a new request. */
  repeatWindowMs: number;
  /** Lookups sent per rolling minute, per client. */
  maxPerMinute: number;
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = { repeatWindowMs: 5_000, maxPerMinute: 30 };

const MINUTE = 60_000;

export class LookupGuard<T> {
  private readonly sent: number[] = [];
  private readonly answers = new Map<string, { at: number; value: T }>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: LookupLimits | false,
  ) {}

  /** Keys are hashed: the question holds a name, a birth date and an ID number. */
  static key(...parts: string[]): string {
    return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
  }

  run(key: string, ask: () => Promise<T>): Promise<T> {
    if (this.limits === false) return ask();
    const now = this.clock.now().getTime();
    this.forgetBefore(now);
    const answer = this.answers.get(key);
    if (answer) return Promise.resolve(answer.value);
    const pending = this.pending.get(key);
    if (pending) return pending;
    try {
      this.spend(now);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const started = ask()
      .then((value) => {
        this.answers.set(key, { at: this.clock.now().getTime(), value });
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }

  /** Counts a request made outside `run` (the follow-up of a 003) against the budget. */
  spend(now = this.clock.now().getTime()): void {
    if (this.limits === false) return;
    while (this.sent.length > 0 && this.sent[0]! <= now - MINUTE) this.sent.shift();
    if (this.sent.length >= this.limits.maxPerMinute) {
      const retryAfterMs = this.sent[0]! + MINUTE - now;
      throw new GatewayError('throttled', `more than ${this.limits.maxPerMinute} lookups a minute`, { retryAfterMs });
    }
    this.sent.push(now);
  }

  private forgetBefore(now: number): void {
    if (this.limits === false) return;
    for (const [key, answer] of this.answers) if (answer.at <= now - this.limits.repeatWindowMs) this.answers.delete(key);
  }
}
