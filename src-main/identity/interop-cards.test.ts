// Chips from other implementations (interop issue): errors in the clear, data past the end of a file
// without a MAC, no SFI, a forgotten application, short APDUs only, a reset mid-read. Each reads
// completely by recovering the lost session at most twice; recovery never lets an unauthenticated answer
// count (the card-soundness rules stay).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cryptoRandom } from '../card/crypto/random';
import { MAX_RECOVERIES, readChip } from '../card/read/chip-reader';
import type { ChipImage } from '../dev/simulator/chip-image';
import { loadChipImage, loadPersonaSources } from '../dev/simulator/personas/registry';
import { VirtualCard } from '../dev/simulator/virtual-card';
import { readTrustPath } from '../trust/trust-material';
import { TrustStore } from '../trust/trust-store';
import { verifyRead } from './verification';

const now = new Date('2026-03-01T08:00:00Z');
const trust = new TrustStore().with(readTrustPath(join(import.meta.dirname, '../../fixtures/pki/test-csca.pem')));
const canOf = (id: string) => ({ kind: 'can', can: loadPersonaSources().find((source) => source.id === id)!.idNumber.slice(6) }) as const;

/** A channel to the card that lets a test change or drop answers; counts CA runs on the card. */
function wired(image: ChipImage, meddle?: (apdu: Uint8Array, index: number, card: VirtualCard) => Uint8Array | null) {
  const card = new VirtualCard(image, cryptoRandom);
  const seen = { apdus: 0, ca: 0 };
  card.onOperation = (operation) => {
    if (operation === 'ca') seen.ca += 1;
  };
  return {
    seen,
    channel: {
      transmit: async (apdu: Uint8Array) => {
        const index = seen.apdus++;
        return meddle?.(apdu, index, card) ?? card.transmit(apdu);
      },
    },
  };
}

async function readFully(image: ChipImage, access: Parameters<typeof readChip>[1]['access'], meddle?: Parameters<typeof wired>[1]) {
  const { seen, channel } = wired(image, meddle);
  const read = await readChip(channel, { access, now });
  return { read, seen, verification: verifyRead(read, trust, now) };
}

describe('cards from other implementations read completely', () => {
  it.each([
    ['plain-status', 1],
    ['unauthenticated-eof', 1],
    ['needs-reselect', 0],
  ] as const)('%s: every group, CA and AA confirmed, authentic, %i recoveries', async (id, recoveries) => {
    const { read, verification } = await readFully(loadChipImage(id), canOf(id));
    expect([...read.dataGroups.keys()].sort((a, b) => a - b)).toEqual([1, 2, 13, 14, 15]);
    expect(read.photo).not.toBeNull();
    expect(read.chipAuthentication.result).toBe('passed');
    expect(read.activeAuthentication.result).toBe('passed');
    expect(read.warnings).toEqual([]);
    expect(read.stats.recoveries).toBe(recoveries);
    expect(verification.verdict).toBe('authentic');
  });

  it('`an` needs no recovery: 17 APDUs', async () => {
    const { read } = await readFully(loadChipImage('an'), canOf('an'));
    expect(read.stats).toMatchObject({ apdus: 17, recoveries: 0 });
  });

  it('a chip that refuses extended APDUs under secure messaging (in the clear): short APDUs after a recovery', async () => {
    const { read, verification } = await readFully(loadChipImage('an'), canOf('an'), (apdu) => {
      // Extended length: Lc in three bytes, 00 first. The chip (or its reader) refuses before SM, as 6700.
      const protectedExtended = (apdu[0]! & 0x0c) === 0x0c && apdu.length > 7 && apdu[4] === 0x00;
      return protectedExtended ? Uint8Array.of(0x67, 0x00) : null;
    });
    expect(read.stats.recoveries).toBe(2);
    expect(read.photo).not.toBeNull();
    expect(read.chipAuthentication.result).toBe('passed');
    expect(verification.verdict).toBe('authentic');
  });

  it('a reader reset mid-read: access opened again, CA run again and confirmed', async () => {
    const { read, seen, verification } = await readFully(loadChipImage('an'), canOf('an'), (apdu, index, card) => {
      if (index === 15) card.reset(); // just before DG2, after CA was confirmed
      return null;
    });
    expect(read.stats.recoveries).toBe(1);
    expect(seen.ca).toBe(2);
    expect(read.chipAuthentication.result).toBe('passed');
    expect(read.photo).not.toBeNull();
    expect(verification.verdict).toBe('authentic');
  });
});

describe('recovery never lets an unauthenticated answer count', () => {
  it('an answer in the clear after confirmed CA costs a recovery and a second confirmation, never data', async () => {
    let dropped = 0;
    const { read, seen } = await readFully(loadChipImage('an'), canOf('an'), (apdu, index) => {
      // The DG2 read: a forger's plain 6A82 instead of the photo, once.
      if (index === 16 && dropped++ === 0) return Uint8Array.of(0x6a, 0x82);
      return null;
    });
    expect(read.stats.recoveries).toBe(1);
    expect(seen.ca).toBe(2);
    expect(read.photo).not.toBeNull();
    expect(read.undelivered).toEqual([]);
  });

  it('answers in the clear that never stop: two recoveries, then CA failed and the rest not delivered', async () => {
    const { read, verification } = await readFully(loadChipImage('an'), canOf('an'), (apdu, index, card) => {
      // Every READ BINARY after CA answered 6A82 in the clear (protected commands have CLA 0C).
      if (index >= 14 && apdu[1] === 0xb0 && (apdu[0]! & 0x0c) === 0x0c) {
        card.transmit(apdu);
        return Uint8Array.of(0x6a, 0x82);
      }
      return null;
    });
    expect(read.stats.recoveries).toBe(MAX_RECOVERIES);
    expect(read.chipAuthentication.result).toBe('failed');
    expect(read.undelivered.map((entry) => entry.group)).toContain(2);
    expect(verification.verdict).toBe('clone-suspected');
  });

  it('clone-after-ca and cloned-chip stay clone-suspected through recovery', async () => {
    for (const id of ['clone-after-ca', 'cloned-chip']) {
      const { read, verification } = await readFully(loadChipImage(id), canOf('an'));
      expect(read.chipAuthentication.result).toBe('failed');
      expect(read.stats.recoveries).toBeLessThanOrEqual(MAX_RECOVERIES);
      expect(verification.verdict).toBe('clone-suspected');
    }
  });
});
