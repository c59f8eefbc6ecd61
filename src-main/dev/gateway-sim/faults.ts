// Faults the simulator can inject, set at start or at run time through `POST /__sim/faults`. Random ones
// draw from a seeded generator so a failing test can be replayed.
import { z } from 'zod';

export const SIM_ROUTES = ['login', 'card-check', 'history', 'check-in'] as const;
export type SimRoute = (typeof SIM_ROUTES)[number];

export const Faults = z.object({
  /** Delay before every answer. */
  latencyMs: z.number().int().min(0).max(600_000),
  /** Share of requests answered HTTP 500 with an HTML error page (as IIS does). */
  failRate: z.number().min(0).max(1),
  /** Share of requests never answered (the connection is held until the client gives up). */
  timeoutRate: z.number().min(0).max(1),
  /** Share of requests answered with JSON cut in half. */
  malformedRate: z.number().min(0).max(1),
  /** Full outage: every API connection is reset before any answer. */
  down: z.boolean(),
  /** Which API routes the faults apply to; null for all. */
  routes: z.array(z.enum(SIM_ROUTES)).nullable(),
});
export type Faults = z.infer<typeof Faults>;

export const FaultsPatch = Faults.partial().strict();
export type FaultsPatch = z.infer<typeof FaultsPatch>;

export const NO_FAULTS: Faults = { latencyMs: 0, failRate: 0, timeoutRate: 0, malformedRate: 0, down: false, routes: null };

/** mulberry32: small, fast, good enough to decide which request fails. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
