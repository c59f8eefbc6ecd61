// The terminal side against a hostile card (interop issue): a genuine or cloned chip whose answers are
// replaced, garbled, cut, stripped of their MAC, repeated, dropped or never sent, at any step of a read.
// Every session must end in a read or a typed CardError within its bounds; data groups that count must be
// the chip's own bytes; a clone must never be `authentic`, nor the genuine chip `data-altered`. Deterministic for a seed (shared by the test and
// `npm run fuzz`).
import { CardError, cardErrorWords, type CardErrorCode } from '../../card/errors';
import type { RandomSource } from '../../card/crypto/random';
import type { ChipImage } from '../simulator/chip-image';
import { seededRandom, type SeededRandom } from '../simulator/images/seeded-random';
import { VirtualCard } from '../simulator/virtual-card';
import type { Verification } from '../../contract';
import { verifyRead } from '../../identity/verification';
import type { TrustStore } from '../../trust/trust-store';
import { toHex } from '../../util/bytes';
import { parseMrzKey } from '../../card/keys/mrz-key';
import { MAX_RECOVERIES, readChip, type ReadOptions } from '../../card/read/chip-reader';

export interface FuzzCard {
  name: string;
  image: ChipImage;
  access: ReadOptions['access'];
  /** Whether the chip is the original: a clone must never be authentic. */
  genuine: boolean;
}

export type Mutation = 'random' | 'flip' | 'truncate' | 'plain-status' | 'strip-mac' | 'extend' | 'repeat' | 'drop' | 'stall';
const MUTATIONS: readonly Mutation[] = ['random', 'flip', 'truncate', 'plain-status', 'strip-mac', 'extend', 'repeat', 'drop', 'stall'];
const STATUSES = [0x9000, 0x6282, 0x6a82, 0x6982, 0x6987, 0x6988, 0x6700, 0x6b00, 0x6d00, 0x6300, 0x6c10, 0x61ff, 0x6f00];

export interface SessionOutcome {
  card: string;
  mutations: { at: number; kind: Mutation }[];
  outcome: { read: Verification['verdict']; recoveries: number } | { error: CardErrorCode };
  apdus: number;
  bytesReceived: number;
  ms: number;
}

/** The cards of the fuzz: `an` over BAC (cheap key agreement, so most sessions), `an` over PACE, and their clones. */
export function fuzzCards(load: (id: string) => ChipImage): FuzzCard[] {
  const bac = { kind: 'mrz', key: parseMrzKey('090012345:900315:500315') } as const;
  const clone = load('cloned-chip');
  const bacClone: ChipImage = { ...clone, files: Object.fromEntries(Object.entries(clone.files).filter(([fid]) => fid !== '011C')) };
  const genuineBac: FuzzCard = { name: 'an-bac', image: load('an-bac'), access: bac, genuine: true };
  const cloneBac: FuzzCard = { name: 'clone-bac', image: bacClone, access: bac, genuine: false };
  // PACE costs three times what BAC does (its curve arithmetic runs in JavaScript on both sides): one
  // session in eight, so that the budget goes to the steps after the key agreement.
  return [
    genuineBac,
    genuineBac,
    genuineBac,
    genuineBac,
    cloneBac,
    cloneBac,
    { name: 'an', image: load('an'), access: { kind: 'can', can: '012345' }, genuine: true },
    { name: 'cloned-chip', image: clone, access: { kind: 'can', can: '012345' }, genuine: false },
  ];
}

function randomSource(random: SeededRandom): RandomSource {
  return { bytes: (length) => Uint8Array.from({ length }, () => random.int(256)) };
}

function mutate(kind: Mutation, answer: Uint8Array, previous: Uint8Array | null, random: SeededRandom): Uint8Array | 'drop' | 'stall' {
  const status = () => {
    const sw = random.pick(STATUSES);
    return [sw >> 8, sw & 0xff];
  };
  const body = answer.subarray(0, Math.max(0, answer.length - 2));
  switch (kind) {
    case 'random':
      return Uint8Array.from([...Array.from({ length: random.int(80) }, () => random.int(256)), ...status()]);
    case 'flip': {
      const out = answer.slice();
      const at = random.int(out.length);
      out[at] = out[at]! ^ (1 << random.int(8));
      return out;
    }
    case 'truncate':
      return answer.slice(0, random.int(answer.length));
    case 'plain-status':
      return Uint8Array.from(status());
    case 'strip-mac':
      // Drops DO'8E' (8E 08 + 8 bytes) and keeps the rest: data that no MAC vouches for.
      return body.length >= 10 ? Uint8Array.from([...body.subarray(0, body.length - 10), ...answer.subarray(-2)]) : answer;
    case 'extend':
      return Uint8Array.from([...body, ...Array.from({ length: 1 + random.int(40) }, () => random.int(256)), ...answer.subarray(-2)]);
    case 'repeat':
      return previous ?? answer;
    case 'drop':
    case 'stall':
      return kind;
  }
}

/** One read of a hostile card. Throws only when the terminal breaks a rule (an untyped error, a bound). */
export async function fuzzSession(seed: number, cards: FuzzCard[], trust: TrustStore, now: Date): Promise<SessionOutcome> {
  const random = seededRandom(`hostile-card:${seed}`);
  const card = random.pick(cards);
  const virtual = new VirtualCard(card.image, randomSource(seededRandom(`card:${seed}`)));
  const mutations = Array.from({ length: 1 + random.int(3) }, () => ({ at: random.int(40), kind: random.pick(MUTATIONS) }));
  let apdus = 0;
  let bytesReceived = 0;
  let previous: Uint8Array | null = null;
  const channel = {
    transmit: async (apdu: Uint8Array): Promise<Uint8Array> => {
      const index = apdus++;
      let answer = virtual.transmit(apdu);
      for (const mutation of mutations.filter((candidate) => candidate.at === index)) {
        const changed = mutate(mutation.kind, answer, previous, random);
        if (changed === 'drop') throw new Error('fuzz: frame lost');
        if (changed === 'stall') return new Promise<Uint8Array>(() => undefined);
        answer = changed;
      }
      previous = answer;
      bytesReceived += answer.length;
      return answer;
    },
  };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`session ${seed} hung`)), 10_000)));
  let outcome: SessionOutcome['outcome'];
  try {
    const options: ReadOptions = {
      access: card.access,
      now,
      random: randomSource(seededRandom(`terminal:${seed}`)),
      // Half the sessions read the photo: the longest file, and the most commands to garble.
      photo: random.int(2) === 0,
      timeouts: { apduMs: 10, readMs: 3_000 },
    };
    const read = await Promise.race([readChip(channel, options), hang]);
    for (const [group, bytes] of read.dataGroups) {
      const own = card.image.files[(0x0100 + group).toString(16).toUpperCase().padStart(4, '0')];
      if (!own || toHex(bytes) !== own) throw new Error(`session ${seed}: DG${group} counted with bytes the chip did not send`);
    }
    if (read.sod && toHex(read.sod) !== card.image.files['011D']) throw new Error(`session ${seed}: EF.SOD counted with bytes the chip did not send`);
    if (read.stats.recoveries > MAX_RECOVERIES) throw new Error(`session ${seed}: ${read.stats.recoveries} recoveries`);
    const verification = verifyRead(read, trust, now);
    if (!card.genuine && verification.verdict === 'authentic') throw new Error(`session ${seed}: a clone was found authentic`);
    // What a genuine chip sends is signed and MAC-verified: garbling can cost the read, never its data.
    if (card.genuine && verification.verdict === 'data-altered') throw new Error(`session ${seed}: a genuine chip was found data-altered (${verification.passive.detail})`);
    outcome = { read: verification.verdict, recoveries: read.stats.recoveries };
  } catch (error) {
    if (!(error instanceof CardError) || !(error.code in cardErrorWords)) throw error;
    outcome = { error: error.code };
  } finally {
    clearTimeout(timer);
  }
  return { card: card.name, mutations, outcome, apdus, bytesReceived, ms: performance.now() - started };
}
