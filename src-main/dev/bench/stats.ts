// Summaries of repeated measurements. Nearest-rank percentiles: every reported figure is a value that was
// actually measured, never an interpolation between two runs.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('no values');
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Rounds for display and JSON: benchmark noise makes more digits meaningless. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
