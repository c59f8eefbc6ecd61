// Simulated readers implementing the reader port: tests and demo mode put a persona's card on a reader and
// take it off again, and the rest of the app cannot tell it from PC/SC.
import type { ReaderEvent, ReaderList } from '../../contract';
import { toHex } from '../../util/bytes';
import { cryptoRandom, type RandomSource } from '../../card/crypto/random';
import { ReaderError, type CardConnection, type ReaderPort } from '../../reader/port';
import type { ChipImage } from './chip-image';
import { LinkModel, defaultLinkModel } from './link-model';
import { SimChannel } from './sim-channel';
import { VirtualCard } from './virtual-card';

export const SIM_READER = 'Tiếp đón Simulated Reader 0';

interface Slot {
  card: VirtualCard | null;
  channels: SimChannel[];
}

export interface SimReaderOptions {
  readers?: string[];
  random?: RandomSource;
  /** Real delays from each card's link model (demo mode), or answers at once (tests). */
  realDelays?: boolean;
}

export class SimReaderPort implements ReaderPort {
  private readonly slots = new Map<string, Slot>();
  private readonly listeners = new Set<(event: ReaderEvent) => void>();

  constructor(private readonly options: SimReaderOptions = {}) {
    for (const name of options.readers ?? [SIM_READER]) this.slots.set(name, { card: null, channels: [] });
  }

  get readerNames(): string[] {
    return [...this.slots.keys()];
  }

  insert(image: ChipImage, reader = this.readerNames[0]!): void {
    const slot = this.slot(reader);
    if (slot.card) this.remove(reader);
    slot.card = new VirtualCard(image, this.options.random ?? cryptoRandom);
    this.emit({ type: 'card-inserted', reader, atr: image.atr });
  }

  remove(reader = this.readerNames[0]!): void {
    const slot = this.slot(reader);
    if (!slot.card) return;
    slot.card = null;
    for (const channel of slot.channels) channel.remove();
    slot.channels = [];
    this.emit({ type: 'card-removed', reader });
  }

  async list(): Promise<ReaderList> {
    return {
      service: 'ok',
      readers: [...this.slots.entries()].map(([name, slot]) => ({ name, cardPresent: slot.card !== null, atr: slot.card ? toHex(slot.card.atr) : null })),
    };
  }

  watch(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async connect(reader: string): Promise<CardConnection> {
    const slot = this.slot(reader);
    const card = slot.card;
    if (!card) throw new ReaderError('no-card', `no card on ${reader}`);
    card.reset();
    const bitRate = card.image.behaviour.bitRate;
    const channel = new SimChannel(card, { link: new LinkModel(defaultLinkModel(bitRate)), realDelays: this.options.realDelays ?? false });
    slot.channels.push(channel);
    return {
      reader,
      atr: toHex(card.atr),
      transmit: (apdu) => channel.transmit(apdu),
      close: async () => {
        slot.channels = slot.channels.filter((open) => open !== channel);
      },
    };
  }

  private slot(reader: string): Slot {
    const slot = this.slots.get(reader);
    if (!slot) throw new ReaderError('no-reader', `no reader named ${reader}`);
    return slot;
  }

  private emit(event: ReaderEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
