// Card-read strategies side by side under one deterministic link model (issue 11): ours, a JMRTD-like and
// an NFCPassportReader-like strategy, each run for real through readChip against the virtual card, and the
// computed lower bound. Time is the link model's, so the figures are the same on every machine.
//
// The peers are modelled generously: they use the same PACE, CA and AA exchanges as ours and read with
// short file identifiers, learning a file's length from its first chunk. The real libraries also SELECT
// each file and read a small header first (JMRTD 8 bytes, NFCPassportReader 4), which would cost them one
// or two more exchanges per file; so the speed-ups reported here understate ours.
import { cryptoRandom } from '../../card/crypto/random';
import { parseDg14, parseSecurityInfos } from '../../card/lds/security-infos';
import { readChip, type ReadStep, type ReadStrategy } from '../../card/read/chip-reader';
import type { ChipImage } from '../simulator/chip-image';
import { defaultLinkModel, LinkModel, type BitRate } from '../simulator/link-model';
import { SimChannel } from '../simulator/sim-channel';
import { VirtualCard } from '../simulator/virtual-card';
import { fromHex } from '../../util/bytes';
import { lowerBound, type CardLimits, type FileToRead, type LowerBound, type ProtocolExchange } from './lower-bound';

export const BIT_RATES = [106, 424, 848] as const satisfies readonly BitRate[];
export type ByBitRate = Record<`${(typeof BIT_RATES)[number]}`, number>;

export interface StrategySpec {
  name: string;
  description: string;
  strategy?: ReadStrategy;
}

export const STRATEGIES: readonly StrategySpec[] = [
  { name: 'ours', description: 'Le 65536 first, length from the TLV header, identity first, DG2 last' },
  { name: 'fixed-223-dg2-first', description: 'JMRTD-like: 223-byte READ BINARY, DG2 before DG13', strategy: { maxLe: 223, order: 'dg2-first' } },
  { name: 'fixed-160', description: 'NFCPassportReader-like: 160-byte READ BINARY, data groups in order (DG2 before DG13)', strategy: { maxLe: 160, order: 'dg2-first' } },
];

/** One exchange as the link saw it. */
export interface ExchangeRecord {
  ins: number;
  p1: number;
  commandBytes: number;
  responseBytes: number;
  protected: boolean;
  /** Modelled ms when the command was sent. */
  atMs: number;
  chipMs: number;
}

export interface ModelledRead {
  apdus: number;
  /** Secure-messaging sessions the read lost and opened again. */
  recoveries: number;
  bytes: number;
  totalMs: number;
  identityMs: number;
  /**
   * Exchanges made before the identity step: the identity point by position, not by time, since the
   * read's progress times are rounded and the next command starts at the same modelled instant.
   */
  identityAfterExchanges: number;
  /** When the first command for DG2 was sent; null when DG2 was not read. */
  dg2StartMs: number | null;
  /** Position of that command among the exchanges; null when DG2 was not read. */
  dg2StartExchange: number | null;
  steps: Array<{ step: ReadStep; atMs: number }>;
  exchanges: ExchangeRecord[];
}

const NOW = new Date('2026-03-01T08:00:00Z');
const READ_BINARY = new Set([0xb0, 0xb1]);
const DG2_SFI = 0x80 | 0x02;

/** READ BINARY and SELECT of an elementary file are file reading; everything else is protocol. */
export function isFileExchange(exchange: Pick<ExchangeRecord, 'ins' | 'p1'>): boolean {
  return READ_BINARY.has(exchange.ins) || (exchange.ins === 0xa4 && exchange.p1 === 0x02);
}

/** One full read of `image` with `strategy`, on a fresh virtual card, timed by the link model. */
export async function modelledRead(image: ChipImage, strategy: ReadStrategy | undefined, bitRate: BitRate): Promise<ModelledRead> {
  if (!image.can) throw new Error(`${image.id}: the read benchmark uses PACE with the CAN`);
  const options = defaultLinkModel(bitRate);
  const link = new LinkModel(options);
  const pure = new LinkModel(options);
  const sim = new SimChannel(new VirtualCard(image, cryptoRandom), { link });
  const exchanges: ExchangeRecord[] = [];
  const channel = {
    transmit: async (apdu: Uint8Array) => {
      const atMs = link.modelledMs;
      const response = await sim.transmit(apdu);
      const isProtected = (apdu[0]! & 0x0c) === 0x0c;
      const linkMs = pure.exchange(apdu.length, response.length, isProtected);
      exchanges.push({ ins: apdu[1]!, p1: apdu[2]!, commandBytes: apdu.length, responseBytes: response.length, protected: isProtected, atMs, chipMs: link.modelledMs - atMs - linkMs });
      return response;
    },
  };
  const steps: ModelledRead['steps'] = [];
  let identityAfterExchanges = -1;
  const read = await readChip(channel, {
    access: { kind: 'can', can: image.can },
    now: NOW,
    random: cryptoRandom,
    strategy,
    elapsed: () => link.modelledMs,
    onProgress: (progress) => {
      steps.push(progress);
      if (progress.step === 'identity') identityAfterExchanges = exchanges.length;
    },
  });
  if (read.holder === null || read.photo === null) throw new Error(`${image.id}: the benchmark read did not get the holder and the photo`);
  const identity = steps.find((step) => step.step === 'identity');
  if (!identity) throw new Error('no identity step');
  const dg2Index = exchanges.findIndex((exchange) => READ_BINARY.has(exchange.ins) && exchange.p1 === DG2_SFI);
  return {
    apdus: exchanges.length,
    recoveries: read.stats.recoveries,
    bytes: exchanges.reduce((sum, exchange) => sum + exchange.commandBytes + exchange.responseBytes, 0),
    totalMs: link.modelledMs,
    identityMs: identity.atMs,
    identityAfterExchanges,
    dg2StartMs: dg2Index >= 0 ? exchanges[dg2Index]!.atMs : null,
    dg2StartExchange: dg2Index >= 0 ? dg2Index : null,
    steps,
    exchanges,
  };
}

const FILE_NAMES: Record<string, string> = {
  '011C': 'EF.CardAccess',
  '011E': 'EF.COM',
  '011D': 'EF.SOD',
  '0101': 'DG1',
  '0102': 'DG2',
  '010D': 'DG13',
  '010E': 'DG14',
  '010F': 'DG15',
};
/** What the identity needs: PACE parameters, the MRZ and the Vietnamese personal data. */
const IDENTITY_FILES = new Set(['011C', '0101', '010D']);
/** DG3 and DG4 need Terminal Authentication, which a clinic never has: no strategy reads them. */
const UNREADABLE = new Set(['0103', '0104']);

/** The files a full read reads, with their sizes. */
export function filesToRead(image: ChipImage): FileToRead[] {
  return Object.entries(image.files)
    .filter(([fid]) => !UNREADABLE.has(fid))
    .map(([fid, hex]) => ({ name: FILE_NAMES[fid] ?? fid, size: hex.length / 2, protected: fid !== '011C', forIdentity: IDENTITY_FILES.has(fid) }));
}

/** 8 if any secure-messaging session of this chip (PACE, CA) is 3DES, else 16 (AES): the smaller pads less. */
export function smBlockSize(image: ChipImage): number {
  const protocols: string[] = [];
  if (image.files['011C']) protocols.push(...parseSecurityInfos(fromHex(image.files['011C'])).pace.map((info) => info.protocol));
  else protocols.push('bac.1');
  if (image.files['010E']) protocols.push(...parseDg14(fromHex(image.files['010E'])).chipAuthentication.map((info) => info.protocol));
  return protocols.some((protocol) => protocol.endsWith('.1')) ? 8 : 16;
}

export function cardLimits(image: ChipImage): CardLimits {
  const { maxReadLength, extendedLength, sendsDo99 } = image.behaviour;
  return { maxReadLength, extendedLength, sendsDo99, blockSize: smBlockSize(image) };
}

/** The protocol exchanges of a read, marked by whether they came before the identity. */
export function protocolExchanges(read: ModelledRead): ProtocolExchange[] {
  return read.exchanges
    .map((exchange, index) => ({ exchange, index }))
    .filter(({ exchange }) => !isFileExchange(exchange))
    .map(({ exchange, index }) => ({
      commandBytes: exchange.commandBytes,
      responseBytes: exchange.responseBytes,
      protected: exchange.protected,
      chipMs: exchange.chipMs,
      forIdentity: index < read.identityAfterExchanges,
    }));
}

/**
 * Link time of file exchanges before the identity that addressed a file the identity does not need. Files
 * are told apart by the SFI in P1 of each file's first READ BINARY; later chunks belong to the same file.
 */
function detourMs(read: ModelledRead, rate: BitRate): number {
  const link = new LinkModel(defaultLinkModel(rate));
  const needed = new Set([...IDENTITY_FILES].map((fid) => 0x80 | (parseInt(fid, 16) & 0x1f)));
  let current: number | null = null;
  for (const exchange of read.exchanges.slice(0, read.identityAfterExchanges)) {
    if (!isFileExchange(exchange)) continue;
    if (exchange.p1 & 0x80) current = exchange.p1;
    if (current !== null && !needed.has(current)) link.exchange(exchange.commandBytes, exchange.responseBytes, exchange.protected);
  }
  return link.modelledMs;
}

const signature = (read: ModelledRead) =>
  read.exchanges
    .filter((exchange) => !isFileExchange(exchange))
    .map((exchange) => `${exchange.ins.toString(16)}:${exchange.commandBytes}/${exchange.responseBytes}`)
    .join(' ');

export interface StrategyResult {
  name: string;
  description: string;
  apdus: number;
  bytes: number;
  modelledMs: ByBitRate;
  identityMs: ByBitRate;
  dg2StartMs: ByBitRate | null;
  /** The identity was shown before the first command for DG2 was sent. */
  identityBeforeDg2: boolean;
  /** Modelled ms spent before the identity on files it does not need (EF.COM, EF.SOD, DG2…). */
  identityDetourMs: ByBitRate;
  /** This strategy over the lower bound: 1.00 is the physical limit. */
  vsLowerBound: { apdus: number; modelledMs: ByBitRate; identityMs: ByBitRate };
}

export interface LowerBoundResult {
  apdus: number;
  bytes: number;
  identityApdus: number;
  modelledMs: ByBitRate;
  identityMs: ByBitRate;
  card: CardLimits;
  files: FileToRead[];
}

export interface PersonaReadResult {
  persona: string;
  strategies: StrategyResult[];
  lowerBound: LowerBoundResult;
  /** Peer time over ours (2.0 = ours takes half the time), per peer. */
  speedUp: Record<string, { modelledMs: ByBitRate; identityMs: ByBitRate }>;
  /** Problems with the comparison itself, e.g. strategies that did not share the protocol exchanges. */
  warnings: string[];
}

const byRate = (value: (rate: BitRate) => number): ByBitRate => Object.fromEntries(BIT_RATES.map((rate) => [String(rate), value(rate)])) as ByBitRate;
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
const ms = (value: number) => Math.round(value * 10) / 10;

export async function benchmarkReads(image: ChipImage): Promise<PersonaReadResult> {
  const warnings: string[] = [];
  const runs = new Map<string, Map<BitRate, ModelledRead>>();
  for (const spec of STRATEGIES) {
    const byBitRate = new Map<BitRate, ModelledRead>();
    for (const rate of BIT_RATES) byBitRate.set(rate, await modelledRead(image, spec.strategy, rate));
    runs.set(spec.name, byBitRate);
  }
  const ours = runs.get('ours')!;
  const reference = signature(ours.get(424)!);
  for (const [name, byBitRate] of runs) {
    for (const [rate, read] of byBitRate) {
      if (signature(read) !== reference) warnings.push(`${name} at ${rate} kbit/s made other protocol exchanges than ours: ${signature(read)}`);
      if (read.apdus !== byBitRate.get(424)!.apdus) warnings.push(`${name}: APDU count differs between bit rates`);
    }
  }

  const files = filesToRead(image);
  const card = cardLimits(image);
  const bounds = new Map<BitRate, LowerBound>();
  for (const rate of BIT_RATES) bounds.set(rate, lowerBound({ files, card, protocol: protocolExchanges(ours.get(rate)!), link: defaultLinkModel(rate) }));
  const bound424 = bounds.get(424)!;

  const strategies: StrategyResult[] = STRATEGIES.map((spec) => {
    const byBitRate = runs.get(spec.name)!;
    const at = (rate: BitRate) => byBitRate.get(rate)!;
    const dg2Start = at(424).dg2StartMs;
    return {
      name: spec.name,
      description: spec.description,
      apdus: at(424).apdus,
      bytes: at(424).bytes,
      modelledMs: byRate((rate) => ms(at(rate).totalMs)),
      identityMs: byRate((rate) => ms(at(rate).identityMs)),
      dg2StartMs: dg2Start === null ? null : byRate((rate) => ms(at(rate).dg2StartMs!)),
      identityBeforeDg2: dg2Start !== null && BIT_RATES.every((rate) => at(rate).identityAfterExchanges <= at(rate).dg2StartExchange!),
      identityDetourMs: byRate((rate) => ms(detourMs(at(rate), rate))),
      vsLowerBound: {
        apdus: ratio(at(424).apdus, bound424.apdus),
        modelledMs: byRate((rate) => ratio(at(rate).totalMs, bounds.get(rate)!.modelledMs)),
        identityMs: byRate((rate) => ratio(at(rate).identityMs, bounds.get(rate)!.identityMs)),
      },
    };
  });

  const speedUp: PersonaReadResult['speedUp'] = {};
  for (const spec of STRATEGIES.filter((candidate) => candidate.name !== 'ours')) {
    const peer = runs.get(spec.name)!;
    speedUp[spec.name] = {
      modelledMs: byRate((rate) => ratio(peer.get(rate)!.totalMs, ours.get(rate)!.totalMs)),
      identityMs: byRate((rate) => ratio(peer.get(rate)!.identityMs, ours.get(rate)!.identityMs)),
    };
  }

  return {
    persona: image.id,
    strategies,
    lowerBound: {
      apdus: bound424.apdus,
      bytes: bound424.bytes,
      identityApdus: bound424.identityApdus,
      modelledMs: byRate((rate) => ms(bounds.get(rate)!.modelledMs)),
      identityMs: byRate((rate) => ms(bounds.get(rate)!.identityMs)),
      card,
      files,
    },
    speedUp,
    warnings,
  };
}
