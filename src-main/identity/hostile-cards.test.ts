// Cards that try to fool the verdict or stall the desk (card-soundness issue): only answers whose MAC
// verifies count, EF.SOD says which groups must be there, and every read ends within its bounds.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { toHex } from '../util/bytes';
import { cryptoRandom } from '../card/crypto/random';
import { DEFAULT_READ_DEADLINE_MS, readChip, type ReadOptions } from '../card/read/chip-reader';
import type { ChipImage } from '../dev/simulator/chip-image';
import { encodeCom } from '../dev/simulator/lds/encoders';
import { loadChipImage } from '../dev/simulator/personas/registry';
import { SimChannel } from '../dev/simulator/sim-channel';
import { VirtualCard } from '../dev/simulator/virtual-card';
import { readTrustPath } from '../trust/trust-material';
import { TrustStore } from '../trust/trust-store';
import { verifyRead } from './verification';

const now = new Date('2026-03-01T08:00:00Z');
const trust = new TrustStore().with(readTrustPath(join(import.meta.dirname, '../../fixtures/pki/test-csca.pem')));
const AN = { kind: 'can', can: '012345' } as const;

function counted(image: ChipImage) {
  const card = new VirtualCard(image, cryptoRandom);
  const stats = { apdus: 0, bytesReceived: 0 };
  return {
    stats,
    channel: {
      transmit: async (apdu: Uint8Array) => {
        const answer = card.transmit(apdu);
        stats.apdus += 1;
        stats.bytesReceived += answer.length;
        return answer;
      },
    },
  };
}

async function verdictOf(image: ChipImage, options: Partial<ReadOptions> = {}) {
  const read = await readChip(counted(image).channel, { access: AN, now, ...options });
  return { read, verification: verifyRead(read, trust, now) };
}

/** `an`'s chip with some files taken away or changed, the signed EF.SOD left as it is. */
function anWith(change: (files: ChipImage['files']) => void): ChipImage {
  const image = loadChipImage('an');
  change(image.files);
  return image;
}

describe('only authenticated answers count', () => {
  it('clone-after-ca: plain 6A82 after Chip Authentication is no confirmation and no "file missing" → clone-suspected', async () => {
    const { read, verification } = await verdictOf(loadChipImage('clone-after-ca'));
    expect(read.chipAuthentication).toMatchObject({ result: 'failed', reason: expect.stringMatching(/MAC-verified.*unprotected-status/) });
    expect(read.stats.recoveries).toBe(1);
    expect(read.activeAuthentication).toMatchObject({ result: 'failed', reason: expect.stringMatching(/^DG15 is listed in EF.SOD/) });
    expect(read.undelivered.map((entry) => entry.group)).toEqual([15, 2]);
    expect(verification.passive.result).toBe('passed');
    expect(verification.verdict).toBe('clone-suspected');
  });

  it('a chip that answers chip authentication itself in the clear fails CA → clone-suspected', async () => {
    const card = new VirtualCard(loadChipImage('an'), cryptoRandom);
    let caStarted = false;
    const channel = {
      transmit: async (apdu: Uint8Array) => {
        // The header of a protected command stays in the clear: MSE:Set AT for CA is xC 22 41 A4.
        if (apdu[1] === 0x22 && apdu[2] === 0x41) caStarted = true;
        return caStarted && apdu[1] === 0x86 ? Uint8Array.of(0x90, 0x00) : card.transmit(apdu);
      },
    };
    const read = await readChip(channel, { access: AN, now });
    expect(read.chipAuthentication).toMatchObject({ result: 'failed', reason: expect.stringMatching(/unprotected-status/) });
    expect(verifyRead(read, trust, now).verdict).toBe('clone-suspected');
  });

  it('`an` confirms CA by the first answer MAC-verified under the CA keys, with and without the photo', async () => {
    for (const photo of [true, false]) {
      const { read, verification } = await verdictOf(loadChipImage('an'), { photo });
      expect(read.chipAuthentication).toEqual({ result: 'passed', reason: 'a response MAC-verified under the chip-authentication keys' });
      expect(verification.verdict).toBe('authentic');
      expect(read.stats.apdus).toBe(photo ? 17 : 16);
    }
  });
});

describe('EF.SOD says what must be there', () => {
  it('clone-hidden-groups: DG14 and DG15 listed in EF.SOD but hidden → CA and AA failed, naming the group', async () => {
    const { read, verification } = await verdictOf(loadChipImage('clone-hidden-groups'));
    expect(verification.chip).toMatchObject({ result: 'failed', detail: 'DG14 is listed in EF.SOD but missing or empty' });
    expect(verification.active).toMatchObject({ result: 'failed', detail: 'DG15 is listed in EF.SOD but missing or empty' });
    expect(read.holder?.fullName).toBe('Nguyễn Văn An');
    expect(verification.verdict).toBe('clone-suspected');
  });

  it('DG13 listed but withheld fails passive authentication → data-altered, naming DG13', async () => {
    const { verification } = await verdictOf(anWith((files) => delete files['010D']));
    expect(verification.passive).toMatchObject({ result: 'failed', detail: 'DG13 is listed in EF.SOD but missing or empty' });
    expect(verification.verdict).toBe('data-altered');
  });

  it('DG2 listed, asked for and withheld → not-verifiable, saying why; not asked for (no photo) → authentic', async () => {
    const image = anWith((files) => delete files['0102']);
    const asked = await verdictOf(image);
    expect(asked.verification.verdict).toBe('not-verifiable');
    expect(asked.verification.reason.en).toMatch(/withheld the portrait \(DG2\)/);
    const notAsked = await verdictOf(image, { photo: false });
    expect(notAsked.read.undelivered).toEqual([]);
    expect(notAsked.verification.verdict).toBe('authentic');
  });

  it('EF.COM is only a hint: a COM that lists DG1 alone still gets DG13, DG14, DG15 and DG2 read and checked', async () => {
    const { read, verification } = await verdictOf(anWith((files) => (files['011E'] = toHex(encodeCom([1])))));
    expect([...read.dataGroups.keys()].sort((a, b) => a - b)).toEqual([1, 2, 13, 14, 15]);
    expect(read.holder?.fullName).toBe('Nguyễn Văn An');
    expect(verification.verdict).toBe('authentic');
  });
});

describe('hostile cards end within their bounds', () => {
  it('endless-6c: a card-error within 100 APDUs', async () => {
    const { stats, channel } = counted(loadChipImage('endless-6c'));
    await expect(readChip(channel, { access: { kind: 'can', can: '003333' }, now })).rejects.toMatchObject({ code: 'card-error' });
    expect(stats.apdus).toBeLessThanOrEqual(100);
  });

  it('giant-file: malformed-data from DG2 header alone, before reading the 2^31 bytes it announces', async () => {
    const { stats, channel } = counted(loadChipImage('giant-file'));
    await expect(readChip(channel, { access: { kind: 'can', can: '004444' }, now })).rejects.toMatchObject({ code: 'malformed-data', message: expect.stringMatching(/DG2 announces 2147483654 bytes/) });
    expect(stats.bytesReceived).toBeLessThan(200_000);
  });

  it('size caps are configurable: `an` with a 1000-byte cap on DG2 is malformed-data', async () => {
    await expect(verdictOf(loadChipImage('an'), { sizeCaps: { DG2: 1000 } })).rejects.toMatchObject({ code: 'malformed-data' });
  });

  it('slow-chip: card-timeout at the APDU limit', async () => {
    const started = performance.now();
    await expect(readChip(new SimChannel(new VirtualCard(loadChipImage('slow-chip'), cryptoRandom)), { access: { kind: 'can', can: '005555' }, now, timeouts: { apduMs: 100 } })).rejects.toMatchObject({
      code: 'card-timeout',
      message: expect.stringMatching(/no answer within 100 ms/),
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('the whole read has a deadline, 20 s by default, the photo included', async () => {
    vi.useFakeTimers();
    try {
      // Every answer takes 1.5 s: under the APDU limit, but 17 of them run past 20 s.
      const card = new VirtualCard(loadChipImage('an'), cryptoRandom);
      const channel = { transmit: (apdu: Uint8Array) => new Promise<Uint8Array>((resolve) => setTimeout(() => resolve(card.transmit(apdu)), 1_500)) };
      let failedAt = -1;
      const outcome = readChip(channel, { access: AN, now, elapsed: () => Date.now() }).catch((error: { code: string; message: string }) => {
        failedAt = Date.now();
        return error;
      });
      const started = Date.now();
      await vi.advanceTimersByTimeAsync(DEFAULT_READ_DEADLINE_MS + 2_000);
      expect(await outcome).toMatchObject({ code: 'card-timeout', message: expect.stringMatching(/deadline/) });
      expect(failedAt - started).toBe(DEFAULT_READ_DEADLINE_MS);
    } finally {
      vi.useRealTimers();
    }
  });
});
