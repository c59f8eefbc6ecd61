// The terminal against a hostile card, in `npm test`: 10^4 sessions with a fixed seed (about three minutes
// on the CI machine); `npm run fuzz` runs 10^5. See dev/testing/hostile-card-fuzz.ts for the rules each session keeps.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChipImage } from '../../dev/simulator/personas/registry';
import { readTrustPath } from '../../trust/trust-material';
import { TrustStore } from '../../trust/trust-store';
import { fuzzCards, fuzzSession, type SessionOutcome } from '../../dev/testing/hostile-card-fuzz';

const SESSIONS = Number(process.env.FUZZ_SESSIONS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 15_18);
const now = new Date('2026-03-01T08:00:00Z');
const trust = new TrustStore().with(readTrustPath(join(import.meta.dirname, '../../../fixtures/pki/test-csca.pem')));

describe('reading a hostile card', () => {
  it(
    `${SESSIONS} sessions from seed ${SEED}: a read or a typed error, within bounds, never a clone found authentic`,
    async () => {
      const cards = fuzzCards(loadChipImage);
      const counts = new Map<string, number>();
      let heapPeak = 0;
      let worst: SessionOutcome | null = null;
      const started = performance.now();
      for (let i = 0; i < SESSIONS; i += 1) {
        const session = await fuzzSession(SEED + i, cards, trust, now);
        const key = `${session.card} → ${'read' in session.outcome ? `${session.outcome.read}${session.outcome.recoveries ? ` (${session.outcome.recoveries} recoveries)` : ''}` : session.outcome.error}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        expect(session.apdus, `session ${SEED + i}`).toBeLessThan(300);
        expect(session.bytesReceived, `session ${SEED + i}`).toBeLessThan(2 * 1024 * 1024);
        if (!worst || session.ms > worst.ms) worst = session;
        if (i % 500 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `hostile-card fuzz: ${SESSIONS} sessions in ${seconds.toFixed(0)} s, heap peak ${(heapPeak / 2 ** 20).toFixed(0)} MiB, slowest ${worst!.ms.toFixed(0)} ms\n` +
          [...counts].sort().map(([key, n]) => `  ${key}: ${n}`).join('\n'),
      );
      expect(heapPeak).toBeLessThan(1024 * 2 ** 20);
      // The fuzz reaches both ends: genuine reads that recover, and typed failures.
      expect([...counts.keys()].some((key) => key.includes('recoveries'))).toBe(true);
      expect([...counts.keys()].some((key) => key.startsWith('an-bac → authentic'))).toBe(true);
      expect([...counts.keys()].some((key) => key.startsWith('clone-bac → clone-suspected'))).toBe(true);
    },
    SESSIONS * 100 + 60_000,
  );
});
