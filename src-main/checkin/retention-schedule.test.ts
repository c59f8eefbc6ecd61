// Retention that runs on its own: at the desk's start and daily at the quiet hour, with the clock and the
// timers injected so the test moves time instead of waiting for it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StaticKeyStore } from '../store';
import { BINH, eligibleResult, newCheckIn, openTestStore, TEST_KEY, TestClock } from '../dev/testing/check-ins';
import { tempDir } from '../dev/testing/fakes';
import { openCheckInStation } from './checkin-station';
import { nextQuietTime, type Timers } from './retention-schedule';

/** Timers that fire only when the test moves the clock past them. */
class ManualTimers implements Timers {
  private pending: Array<{ id: number; at: number; run: () => void }> = [];
  private nextId = 1;

  constructor(private readonly clock: TestClock) {}

  setTimeout(run: () => void, ms: number): number {
    const id = this.nextId++;
    this.pending.push({ id, at: this.clock.now().getTime() + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }

  get armed(): number {
    return this.pending.length;
  }

  /** Moves the clock to `iso`, running each timer that falls due on the way at its own time. */
  advanceTo(iso: string): void {
    const target = Date.parse(iso);
    for (;;) {
      const due = this.pending.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.pending = this.pending.filter((timer) => timer !== due);
      this.clock.set(new Date(due.at).toISOString());
      due.run();
    }
    this.clock.set(iso);
  }
}

describe('nextQuietTime (Vietnam time, UTC+7)', () => {
  it('is later the same Vietnamese day when the hour is still ahead, else the next day', () => {
    expect(nextQuietTime(new Date('2026-03-14T18:59:00Z'), '02:00').toISOString()).toBe('2026-03-14T19:00:00.000Z');
    expect(nextQuietTime(new Date('2026-03-14T19:00:00Z'), '02:00').toISOString()).toBe('2026-03-15T19:00:00.000Z');
    expect(nextQuietTime(new Date('2026-03-15T01:30:00Z'), '23:45').toISOString()).toBe('2026-03-15T16:45:00.000Z');
  });
});

describe('the retention schedule of a desk', () => {
  it('purges a reported 91-day-old visit at start, keeps an unreported one, then purges daily at the configured hour', async () => {
    const clock = new TestClock('2026-01-01T01:30:00.000Z');
    const dbFile = join(tempDir(), 'desk.db');
    const { store } = openTestStore(clock, dbFile);
    const reported = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    const unreported = store.recordCheckIn(newCheckIn({ patient: BINH }, clock.now()));
    store.completeItem(store.outbox.claimNext(clock.now(), { kinds: ['checkin-report'] })!, clock.now(), '{"maGiaoDich":"1"}');
    store.close();

    clock.advance(91 * 86_400_000); // 2026-04-02T01:30Z, 08:30 in Vietnam
    const timers = new ManualTimers(clock);
    const desk = await openCheckInStation({
      dbFile,
      keyStore: new StaticKeyStore(TEST_KEY),
      clock,
      station: { stationCode: 'A', facilityCode: '01001' },
      gateway: null,
      credential: null,
      retention: { days: () => 90, quietHour: () => '03:30', timers },
    });
    expect(desk.store.visit(reported.visitId)?.holder).toBeNull();
    expect(desk.store.visit(unreported.visitId)?.holder).toEqual({ idNumber: BINH.idNumber, fullName: BINH.fullName });
    expect(desk.store.lastPurge()).toEqual({ at: '2026-04-02T01:30:00.000Z', visits: 1, patients: 1, heldBack: 1 });

    const purges = () => desk.store.audit.latest(1000).filter((entry) => entry.action === 'pii-purge').map((entry) => entry.at);
    timers.advanceTo('2026-04-02T20:29:59.000Z'); // 03:29:59 the next morning in Vietnam
    expect(purges()).toEqual(['2026-04-02T01:30:00.000Z']);
    timers.advanceTo('2026-04-02T20:31:00.000Z');
    expect(purges()).toEqual(['2026-04-02T20:30:00.000Z', '2026-04-02T01:30:00.000Z']);
    timers.advanceTo('2026-04-04T20:31:00.000Z');
    expect(purges()).toEqual(['2026-04-04T20:30:00.000Z', '2026-04-03T20:30:00.000Z', '2026-04-02T20:30:00.000Z', '2026-04-02T01:30:00.000Z']);
    expect(desk.store.lastPurge()).toMatchObject({ at: '2026-04-04T20:30:00.000Z', visits: 0, heldBack: 1 });

    expect(timers.armed).toBe(1);
    await desk.close();
    expect(timers.armed).toBe(0);
  });
});
