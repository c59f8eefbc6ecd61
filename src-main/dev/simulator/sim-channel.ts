// An in-process connection to a virtual card: the CardChannel the card stack reads through, with the link
// model's clock running and, for demos, real delays of the modelled length.
import type { CardChannel } from '../../card/channel';
import { type LinkModel } from './link-model';
import type { VirtualCard } from './virtual-card';

export interface SimChannelOptions {
  link?: LinkModel;
  /** Sleep for the modelled time of each exchange (demo mode), instead of answering at once. */
  realDelays?: boolean;
}

export class SimChannel implements CardChannel {
  private pendingChipMs = 0;
  private removed = false;

  constructor(
    private readonly card: VirtualCard,
    private readonly options: SimChannelOptions = {},
  ) {
    card.onOperation = (operation) => {
      if (options.link) this.pendingChipMs += options.link.operation(operation);
    };
  }

  /** The card left the field: every later transmit fails like a real reader's. */
  remove(): void {
    this.removed = true;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.removed) throw Object.assign(new Error('card removed from the simulated reader'), { code: 'card-removed' });
    this.pendingChipMs = 0;
    await chipDelay(this.card);
    if (this.removed) throw Object.assign(new Error('card removed from the simulated reader'), { code: 'card-removed' });
    const response = this.card.transmit(apdu);
    const link = this.options.link;
    if (link) {
      // CLA bit 0x0C marks a protected command (ICAO 9303-11 §9.8.1).
      const ms = link.exchange(apdu.length, response.length, (apdu[0]! & 0x0c) === 0x0c) + this.pendingChipMs;
      if (this.options.realDelays) await new Promise((resolve) => setTimeout(resolve, ms));
    }
    return response;
  }
}

/** A stalling chip's time for one answer (behaviour.apduDelayMs); the timer does not keep the process alive. */
export async function chipDelay(card: VirtualCard): Promise<void> {
  const ms = card.image.behaviour.apduDelayMs;
  if (ms) await new Promise((resolve) => setTimeout(resolve, ms).unref());
}
