import { describe, expect, it } from 'vitest';
import type { ReadEvent } from '../contract/reads';
import { fixedClock } from '../util/clock';
import { loadChipImage } from '../dev/simulator/personas/registry';
import { buildDg2 } from '../dev/simulator/lds/dg2-builder';
import { SimReaderPort } from '../dev/simulator/sim-reader-port';
import { jp2Bomb } from '../dev/testing/image-bombs';
import { memoryLogger } from '../dev/testing/fakes';
import { toHex } from '../util/bytes';
import { TrustStore } from '../trust/trust-store';
import { DeskReads } from './desk-reads';

describe('DeskReads', () => {
  it('reads a card whose DG2 holds a decompression bomb to the end, saying the photo is unavailable', async () => {
    const image = loadChipImage('an');
    const bomb = { ...image, files: { ...image.files, '0102': toHex(buildDg2(jp2Bomb(50_000, 50_000), 'image/jp2')) } };
    const readers = new SimReaderPort();
    readers.insert(bomb);
    const events: ReadEvent[] = [];
    const { logger, lines } = await memoryLogger();
    const desk = new DeskReads({ readers, trust: () => new TrustStore(), gateway: () => null, clock: fixedClock('2026-03-15T08:30:00+07:00'), logger, emit: (event) => events.push(event) });
    try {
      const readId = desk.start(readers.readerNames[0]!, { kind: 'can', can: image.can! });
      await expect.poll(() => desk.get(readId)?.done, { timeout: 15_000 }).toBe(true);
      await expect.poll(() => events.map((event) => event.type), { timeout: 15_000 }).toContain('photo-unavailable');
      const types = events.map((event) => event.type);
      expect(types).toContain('identity');
      expect(types).toContain('verification');
      expect(types).toContain('photo-unavailable');
      expect(types).not.toContain('photo');
      expect(types).not.toContain('failed');
      expect(lines.some((line) => line.includes('"code":"too-large"'))).toBe(true);
    } finally {
      await desk.close();
    }
  });
});
