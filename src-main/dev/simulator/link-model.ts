// A deterministic model of the contactless link, so that read strategies can be compared by modelled time
// rather than by this machine's speed: a fixed turnaround per APDU exchange, ISO 14443-4 I-block framing
// at the chosen bit rate, chip time for the public-key steps and per-byte cost of secure messaging.
import type { ChipOperation } from './virtual-card';

export type BitRate = 106 | 212 | 424 | 848;

export interface LinkModelOptions {
  bitRate: BitRate;
  /** Reader + card turnaround per exchange. */
  exchangeMs: number;
  /** ISO 14443-4 I-block payload and framing bytes. */
  blockPayload: number;
  blockFraming: number;
  chipMs: Record<ChipOperation, number>;
  /** Card-side secure-messaging crypto per byte carried. */
  smMsPerByte: number;
}

/** The defaults of the benchmarks issue: fixed so nobody tunes them to flatter a strategy. */
export function defaultLinkModel(bitRate: BitRate): LinkModelOptions {
  return { bitRate, exchangeMs: 8, blockPayload: 251, blockFraming: 5, chipMs: { pace: 400, bac: 0, ca: 200, aa: 150 }, smMsPerByte: 0.02 };
}

export class LinkModel {
  private total = 0;

  constructor(readonly options: LinkModelOptions) {}

  get modelledMs(): number {
    return this.total;
  }

  /** Time for one exchange of `commandBytes` and `responseBytes`; `protectedExchange` adds SM crypto. */
  exchange(commandBytes: number, responseBytes: number, protectedExchange: boolean): number {
    const { bitRate, exchangeMs, blockPayload, blockFraming, smMsPerByte } = this.options;
    const onAir = (bytes: number) => bytes + Math.max(1, Math.ceil(bytes / blockPayload)) * blockFraming;
    const bits = (onAir(commandBytes) + onAir(responseBytes)) * 8;
    const ms = exchangeMs + bits / bitRate + (protectedExchange ? (commandBytes + responseBytes) * smMsPerByte : 0);
    this.total += ms;
    return ms;
  }

  operation(operation: ChipOperation): number {
    const ms = this.options.chipMs[operation];
    this.total += ms;
    return ms;
  }
}
