// Record and replay of a card session as JSON Lines: every APDU with its answer, and every byte of
// terminal randomness in the order it was drawn. Replaying feeds the same randomness back, so the terminal
// sends byte-identical commands and any change in the code or the transcript shows as a divergence.
// A transcript of a real card holds that person's data: treat it as patient data, never commit one.
import { z } from 'zod';
import { fromHex, toHex } from '../util/bytes';
import type { CardChannel } from './channel';
import type { RandomSource } from './crypto/random';
import { CardError } from './errors';

const Hex = z.string().regex(/^[0-9A-F]*$/);
const Entry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), version: z.literal(1), source: z.string(), note: z.string().optional() }),
  z.object({ type: z.literal('random'), hex: Hex }),
  z.object({ type: z.literal('apdu'), command: Hex, response: Hex }),
]);
type Entry = z.infer<typeof Entry>;

export class TranscriptRecorder {
  private readonly entries: Entry[];

  constructor(source: string) {
    this.entries = [{ type: 'header', version: 1, source, note: 'May hold personal data when recorded from a real card.' }];
  }

  channel(inner: CardChannel): CardChannel {
    return {
      transmit: async (apdu) => {
        const response = await inner.transmit(apdu);
        this.entries.push({ type: 'apdu', command: toHex(apdu), response: toHex(response) });
        return response;
      },
    };
  }

  random(inner: RandomSource): RandomSource {
    return {
      bytes: (length) => {
        const bytes = inner.bytes(length);
        this.entries.push({ type: 'random', hex: toHex(bytes) });
        return bytes;
      },
    };
  }

  toJsonl(): string {
    return this.entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
  }
}

export class TranscriptReplay {
  private readonly entries: Entry[];
  private position = 0;

  constructor(jsonl: string) {
    this.entries = jsonl
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, index) => {
        const parsed = Entry.safeParse(safeJson(line));
        if (!parsed.success) throw new CardError('replay-divergence', `transcript line ${index + 1} is not a transcript entry`);
        return parsed.data;
      });
    if (this.entries[0]?.type !== 'header') throw new CardError('replay-divergence', 'transcript has no header');
    this.position = 1;
  }

  readonly channel: CardChannel = {
    transmit: async (apdu) => {
      const entry = this.next('apdu');
      const sent = toHex(apdu);
      if (entry.command !== sent) {
        throw new CardError('replay-divergence', `line ${this.position}: expected command ${entry.command.slice(0, 40)}…, got ${sent.slice(0, 40)}…`);
      }
      return fromHex(entry.response);
    },
  };

  readonly random: RandomSource = {
    bytes: (length) => {
      const entry = this.next('random');
      if (entry.hex.length !== length * 2) throw new CardError('replay-divergence', `line ${this.position}: recorded ${entry.hex.length / 2} random bytes, asked for ${length}`);
      return fromHex(entry.hex);
    },
  };

  /** Fails when the session ended before the transcript did. */
  assertComplete(): void {
    if (this.position < this.entries.length) throw new CardError('replay-divergence', `${this.entries.length - this.position} transcript entries were not replayed`);
  }

  private next<T extends Entry['type']>(type: T): Extract<Entry, { type: T }> {
    const entry = this.entries[this.position];
    this.position += 1;
    if (!entry) throw new CardError('replay-divergence', `transcript ended; the terminal asked for more (${type})`);
    if (entry.type !== type) throw new CardError('replay-divergence', `line ${this.position}: transcript has ${entry.type}, the terminal asked for ${type}`);
    return entry as Extract<Entry, { type: T }>;
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
