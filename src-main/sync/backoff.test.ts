import { describe, expect, it } from 'vitest';
import { backoffDelay, ITEM_BACKOFF } from './backoff';

describe('backoff with equal jitter', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles per failure, between half and all of the ceiling', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0.999_999))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never grows beyond the cap, however many failures', () => {
    expect(backoffDelay(7, policy, () => 0.999_999)).toBe(60_000);
    expect(backoffDelay(10_000, policy, () => 0)).toBe(30_000);
  });

  it('spreads desks that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, ITEM_BACKOFF)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
