// The simulator's time: a base clock (real, or pinned by tests) plus an offset that tests and
// `POST /__sim/clock` move, so token expiry and card validity can be driven without waiting.
import type { Clock } from '../../util/clock';

export class SimClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - this.base.now().getTime();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A clock that starts at `startIso` and then runs at real speed (for `gateway serve --now`). */
export function runningClockFrom(startIso: string, real: () => number = Date.now): Clock {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) throw new Error(`not an ISO date and time: ${startIso}`);
  const origin = real();
  return { now: () => new Date(start + (real() - origin)) };
}
