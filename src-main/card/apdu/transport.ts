// Sends command APDUs over a CardChannel: secure messaging when a session is open, GET RESPONSE chaining
// on 61xx, one re-issue on 6Cxx (ISO 7816-4 §5.3.4), a time limit on every exchange and on the whole read,
// and counters for the read statistics. Channel failures become CardErrors: 'card-removed' when the
// reader says so, 'transport' otherwise, 'card-timeout' when the chip or the read takes too long.
import type { CardChannel } from '../channel';
import { CardError } from '../errors';
import { SecureMessagingError, type SecureMessaging } from '../sm/secure-messaging';
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from './apdu';
import { swHex } from './status';

export interface TransportStats {
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface TransportLimits {
  /** Longest wait for one answer from the chip (default 5 s). */
  apduTimeoutMs?: number;
  /** Milliseconds left for the whole read, asked before every exchange; none when absent. */
  remainingMs?: () => number;
}

export const DEFAULT_APDU_TIMEOUT_MS = 5_000;
const MAX_CHAINED = 64;

export class ApduTransport {
  sm: SecureMessaging | null = null;
  readonly stats: TransportStats = { apdus: 0, bytesSent: 0, bytesReceived: 0 };

  constructor(
    private readonly channel: CardChannel,
    private readonly limits: TransportLimits = {},
  ) {}

  /**
   * One command, protected when a session is open. Under secure messaging only a response whose MAC
   * verifies is returned; anything else ends the session (`sm` is cleared) with a SecureMessagingError.
   */
  async send(command: CommandApdu): Promise<ResponseApdu> {
    const response = await this.sendOnce(command);
    if ((response.sw & 0xff00) !== 0x6c00) return response;
    // 6Cxx: "ask again with Le = xx". Once: a chip that changes its mind again is not answering.
    const again = await this.sendOnce({ ...command, ne: response.sw & 0xff || 256 });
    if ((again.sw & 0xff00) === 0x6c00) {
      throw new CardError('card-error', `asked for another length twice (${swHex(response.sw)}, ${swHex(again.sw)})`, again.sw, { endsRead: true });
    }
    return again;
  }

  private async sendOnce(command: CommandApdu): Promise<ResponseApdu> {
    const sm = this.sm;
    const response = await this.exchange(sm ? sm.protect(command) : command);
    if (!sm) return response;
    try {
      return sm.unprotect(response);
    } catch (error) {
      if (error instanceof SecureMessagingError) this.sm = null;
      throw error;
    }
  }

  /** One command on the wire, with 61xx chaining. */
  private async exchange(command: CommandApdu): Promise<ResponseApdu> {
    let response = await this.raw(encodeCommand(command));
    const parts = [response.data];
    for (let i = 0; (response.sw & 0xff00) === 0x6100 && i < MAX_CHAINED; i += 1) {
      response = await this.raw(encodeCommand({ cla: command.cla & 0x03, ins: 0xc0, p1: 0, p2: 0, ne: response.sw & 0xff || 256 }));
      parts.push(response.data);
    }
    if (parts.length === 1) return response;
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const data = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
    return { data, sw: response.sw };
  }

  private async raw(bytes: Uint8Array): Promise<ResponseApdu> {
    let answer: Uint8Array;
    try {
      answer = await this.withinLimits(() => this.channel.transmit(bytes));
    } catch (error) {
      if (error instanceof CardError) throw error;
      const code = (error as { code?: unknown } | null)?.code;
      throw new CardError(code === 'card-removed' ? 'card-removed' : 'transport', error instanceof Error ? error.message : undefined);
    }
    this.stats.apdus += 1;
    this.stats.bytesSent += bytes.length;
    this.stats.bytesReceived += answer.length;
    // No status word: the answer was lost on the way, like a failed transmit (and under secure messaging
    // the chip's counter has moved on), not a file the chip garbled.
    if (answer.length < 2) throw new CardError('transport', `answer of ${answer.length} bytes`);
    return decodeResponse(answer);
  }

  /** The answer, or card-timeout when the chip's time or the read's runs out first. */
  private async withinLimits(start: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const apduMs = this.limits.apduTimeoutMs ?? DEFAULT_APDU_TIMEOUT_MS;
    const readMs = this.limits.remainingMs?.() ?? Infinity;
    if (readMs <= 0) throw new CardError('card-timeout', 'the read deadline passed');
    const transmit = start();
    const [limitMs, detail] = readMs < apduMs ? [readMs, 'the read deadline passed'] : [apduMs, `no answer within ${apduMs} ms`];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CardError('card-timeout', detail)), limitMs);
    });
    try {
      return await Promise.race([transmit, timeout]);
    } finally {
      clearTimeout(timer);
      // A late answer or failure of an abandoned exchange has nobody to go to.
      transmit.catch(() => undefined);
    }
  }
}
