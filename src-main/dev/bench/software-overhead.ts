// Wall-clock cost of our own stack per APDU: full reads of a persona against the in-process virtual card
// with no link delays, the card's own time measured around each transmit and taken out. What remains is
// the terminal side: APDU encoding, secure messaging (AES, CMAC), the public-key work of PACE, CA and AA,
// TLV and LDS parsing (DG2 included), and the promise hops between readChip and the channel.
import { cryptoRandom } from '../../card/crypto/random';
import { readChip } from '../../card/read/chip-reader';
import type { ChipImage } from '../simulator/chip-image';
import { VirtualCard } from '../simulator/virtual-card';
import { median, round } from './stats';

export interface SoftwareOverhead {
  /** Median over runs of (read time − card time) / APDUs. */
  overheadUsPerApdu: number;
  /**
   * The same without the host time of the access (PACE), CA and AA steps: what every other command costs.
   * Their APDUs stay in the divisor, so this is the overhead spread over the read, public-key work aside.
   */
  withoutPublicKeyUsPerApdu: number;
  /** The same with the card's time left in. */
  totalUsPerApdu: number;
  /** The simulated card's own time per APDU (its crypto), which a real chip spends on its side. */
  cardUsPerApdu: number;
  /**
   * Median host time between a response and the next READ BINARY: the per-command cost of the file
   * reading path (secure messaging, parsing the previous file) without the public-key steps.
   */
  readBinaryGapUs: number;
  /** Median host time (card taken out) of the steps that do public-key work on our side, per read. */
  publicKeyMs: { pace: number; ca: number; aa: number };
  apdusPerRead: number;
  readMs: number;
  runs: number;
  persona: string;
  includes: string;
}

interface Timing {
  wallMs: number;
  cardMs: number;
  apdus: number;
  readGapsMs: number[];
  steps: Map<string, number>;
}

async function timedRead(image: ChipImage): Promise<Timing> {
  const card = new VirtualCard(image, cryptoRandom);
  let cardMs = 0;
  let apdus = 0;
  let lastReturn = 0;
  const readGapsMs: number[] = [];
  const channel = {
    transmit: async (apdu: Uint8Array) => {
      const sent = performance.now();
      if (apdus > 0 && (apdu[1] === 0xb0 || apdu[1] === 0xb1)) readGapsMs.push(sent - lastReturn);
      const response = card.transmit(apdu);
      lastReturn = performance.now();
      cardMs += lastReturn - sent;
      apdus += 1;
      return response;
    },
  };
  // Host time of each step: its wall time less the card's answers within it.
  const steps = new Map<string, number>();
  const started = performance.now();
  let previous = { at: started, cardMs: 0 };
  await readChip(channel, {
    access: { kind: 'can', can: image.can! },
    now: new Date('2026-03-01T08:00:00Z'),
    onProgress: ({ step }) => {
      const at = performance.now();
      steps.set(step, at - previous.at - (cardMs - previous.cardMs));
      previous = { at, cardMs };
    },
  });
  return { wallMs: performance.now() - started, cardMs, apdus, readGapsMs, steps };
}

const PUBLIC_KEY_STEPS = ['access', 'ca', 'aa'];

export async function measureSoftwareOverhead(image: ChipImage, runs = 60, warmup = 10): Promise<SoftwareOverhead> {
  if (!image.can) throw new Error(`${image.id}: the overhead benchmark uses PACE with the CAN`);
  for (let i = 0; i < warmup; i += 1) await timedRead(image);
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i += 1) timings.push(await timedRead(image));
  const perApdu = (pick: (timing: Timing) => number) => round(median(timings.map((timing) => (pick(timing) / timing.apdus) * 1000)), 1);
  const step = (name: string) => round(median(timings.map((timing) => timing.steps.get(name) ?? 0)), 2);
  return {
    overheadUsPerApdu: perApdu((timing) => timing.wallMs - timing.cardMs),
    withoutPublicKeyUsPerApdu: perApdu((timing) => timing.wallMs - timing.cardMs - PUBLIC_KEY_STEPS.reduce((sum, name) => sum + (timing.steps.get(name) ?? 0), 0)),
    totalUsPerApdu: perApdu((timing) => timing.wallMs),
    cardUsPerApdu: perApdu((timing) => timing.cardMs),
    readBinaryGapUs: round(median(timings.flatMap((timing) => timing.readGapsMs)) * 1000, 1),
    publicKeyMs: { pace: step('access'), ca: step('ca'), aa: step('aa') },
    apdusPerRead: timings[0]!.apdus,
    readMs: round(median(timings.map((timing) => timing.wallMs)), 2),
    runs,
    persona: image.id,
    includes:
      'terminal side of readChip: APDU encoding, secure messaging, PACE/CA/AA public-key work, TLV/LDS parsing incl. DG2, async hops; ' +
      'excludes the virtual card (timed around each transmit), link delays, passive authentication and UI events',
  };
}
