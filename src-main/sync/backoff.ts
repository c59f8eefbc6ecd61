// How long an item waits before its next attempt: exponential, capped, with "equal jitter" (half fixed,
// half random). The jitter keeps desks that lost the network together from coming back in lockstep and
// hitting the gateway at the same instant; the fixed half keeps a retry from following at once.
// BHXH restricts accounts that hammer it (docs/bhxh-gateway.md "Card check"), so nothing here ever retries in a tight loop.

export interface BackoffPolicy {
  /** The delay before the second attempt (before jitter). */
  baseMs: number;
  /** No delay grows beyond this. */
  maxMs: number;
}

/** For an item the gateway refused for a reason that may pass (500, a malformed answer). */
export const ITEM_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 15 * 60_000 };

/** For the whole queue while the gateway cannot be reached: probe again soon, but not too often. */
export const UNREACHABLE_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 60_000 };

/** The wait after `failures` consecutive failures (1 → about baseMs). `random` gives [0, 1). */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
