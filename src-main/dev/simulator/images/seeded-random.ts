// A small deterministic PRNG (sfc32, PractRand-tested) keyed by SHA-256 of a seed string. Only for
// synthetic test pictures: never for anything secret. Integer arithmetic only, so every machine and
// engine draws the same sequence.
import { createHash } from 'node:crypto';

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [0, count). */
  int(count: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: string): SeededRandom {
  const key = createHash('sha256').update(seed).digest();
  let a = key.readUInt32BE(0);
  let b = key.readUInt32BE(4);
  let c = key.readUInt32BE(8);
  let d = key.readUInt32BE(12);
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs, as the algorithm's author recommends, to mix the key in.
  for (let i = 0; i < 12; i += 1) next32();
  const random: SeededRandom = {
    next: () => next32() / 4294967296,
    range: (min, max) => min + random.next() * (max - min),
    int: (count) => Math.floor(random.next() * count),
    pick: (items) => items[random.int(items.length)]!,
  };
  return random;
}
