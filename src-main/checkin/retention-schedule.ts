// Retention that runs (Decree 13/2023; issue 19): a purge when the desk opens, then one a day at the
// quiet hour (Vietnam time, default 02:00), both read from the settings at each run so a change applies
// from the next one. The timer wakes at least hourly and compares with the injected clock, so a sleeping
// laptop or a corrected system clock delays a purge by at most an hour rather than by a day.
import type { Clock } from '../util/clock';
import type { Logger } from '../log/logger';
import type { PurgeResult } from '../store';

const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const MAX_SLEEP_MS = 3_600_000;

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface RetentionScheduleOptions {
  clock: Clock;
  /** Purges with the store's clock and writes the audit entry. */
  purge: (days: number) => PurgeResult;
  days: () => number;
  /** `HH:MM`, Vietnam time. */
  quietHour: () => string;
  timers?: Timers;
  logger?: Logger;
}

/** The first `HH:MM` (Vietnam time) strictly after `after`. */
export function nextQuietTime(after: Date, quietHour: string): Date {
  const [hours, minutes] = quietHour.split(':').map(Number) as [number, number];
  const local = new Date(after.getTime() + VN_OFFSET_MS);
  let target = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hours, minutes) - VN_OFFSET_MS;
  if (target <= after.getTime()) target += DAY_MS;
  return new Date(target);
}

export class RetentionSchedule {
  private readonly timers: Timers;
  private timer: unknown = null;
  private lastRun: Date | null = null;
  private closed = false;

  constructor(private readonly options: RetentionScheduleOptions) {
    this.timers = options.timers ?? realTimers;
  }

  /** Purges now (the desk is opening), then keeps the daily schedule until `close()`. */
  start(): PurgeResult | null {
    const result = this.run();
    this.arm();
    return result;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): PurgeResult | null {
    const at = this.options.clock.now();
    this.lastRun = at;
    try {
      const result = this.options.purge(this.options.days());
      this.options.logger?.info({ event: 'retention-purge', ...result }, 'retention purge');
      return result;
    } catch (error) {
      // A failed purge (database busy, disk full) is tried again at the next quiet hour, never fatal.
      this.options.logger?.error({ err: error }, 'retention purge failed');
      return null;
    }
  }

  private arm(): void {
    if (this.closed) return;
    const now = this.options.clock.now();
    const due = nextQuietTime(this.lastRun ?? now, this.options.quietHour());
    const wait = Math.max(0, Math.min(due.getTime() - now.getTime(), MAX_SLEEP_MS));
    this.timer = this.timers.setTimeout(() => this.wake(), wait);
  }

  private wake(): void {
    this.timer = null;
    if (this.closed) return;
    const due = nextQuietTime(this.lastRun ?? this.options.clock.now(), this.options.quietHour());
    if (this.options.clock.now() >= due) this.run();
    this.arm();
  }
}
