// What recovering a lost secure-messaging session costs (interop issue): chips that answer errors in the
// clear or data past the end without a MAC are read through our reader, which recovers and reads the rest
// conservatively; the figures compare that read with the same chip without its quirk and with the lower
// bound of that chip, under the one link model.
import { lowerBound } from './lower-bound';
import { BIT_RATES, cardLimits, filesToRead, modelledRead, protocolExchanges, type ByBitRate } from './read-strategies';
import type { ChipImage } from '../simulator/chip-image';
import { defaultLinkModel, type BitRate } from '../simulator/link-model';

export interface RecoveryCost {
  persona: string;
  quirks: string[];
  recoveries: number;
  apdus: number;
  modelledMs: ByBitRate;
  /** The same chip without its quirks, read the usual way. */
  withoutQuirks: { apdus: number; modelledMs: ByBitRate };
  lowerBound: { apdus: number; modelledMs: ByBitRate };
  /** Recovering read over the lower bound (1.00 is the physical limit), and over the quirk-free read. */
  vsLowerBound: ByBitRate;
  vsWithoutQuirks: ByBitRate;
}

const byRate = (value: (rate: BitRate) => number): ByBitRate => Object.fromEntries(BIT_RATES.map((rate) => [String(rate), value(rate)])) as ByBitRate;
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
const ms = (value: number) => Math.round(value * 10) / 10;

export async function measureRecoveryCost(image: ChipImage): Promise<RecoveryCost> {
  const clean: ChipImage = { ...image, behaviour: { ...image.behaviour, quirks: [] } };
  const reads = new Map<BitRate, Awaited<ReturnType<typeof modelledRead>>>();
  const cleanReads = new Map<BitRate, Awaited<ReturnType<typeof modelledRead>>>();
  for (const rate of BIT_RATES) {
    reads.set(rate, await modelledRead(image, undefined, rate));
    cleanReads.set(rate, await modelledRead(clean, undefined, rate));
  }
  // The bound is the chip's, with the protocol exchanges of a read that needed no recovery.
  const bound = (rate: BitRate) => lowerBound({ files: filesToRead(clean), card: cardLimits(clean), protocol: protocolExchanges(cleanReads.get(rate)!), link: defaultLinkModel(rate) });
  const at424 = reads.get(424)!;
  return {
    persona: image.id,
    quirks: image.behaviour.quirks ?? [],
    recoveries: at424.recoveries,
    apdus: at424.apdus,
    modelledMs: byRate((rate) => ms(reads.get(rate)!.totalMs)),
    withoutQuirks: { apdus: cleanReads.get(424)!.apdus, modelledMs: byRate((rate) => ms(cleanReads.get(rate)!.totalMs)) },
    lowerBound: { apdus: bound(424).apdus, modelledMs: byRate((rate) => ms(bound(rate).modelledMs)) },
    vsLowerBound: byRate((rate) => ratio(reads.get(rate)!.totalMs, bound(rate).modelledMs)),
    vsWithoutQuirks: byRate((rate) => ratio(reads.get(rate)!.totalMs, cleanReads.get(rate)!.totalMs)),
  };
}
