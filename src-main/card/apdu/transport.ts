// Sends command APDUs over a CardChannel: secure messaging when a session is open, GET RESPONSE chaining
// on 61xx, re-issue on 6Cxx (ISO 7816-4 §5.3.4), and counters for the read statistics. Channel failures
// become CardErrors: 'card-removed' when the reader says so, 'transport' otherwise.
import type { CardChannel } from '../channel';
import { CardError } from '../errors';
import type { SecureMessaging } from '../sm/secure-messaging';
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from './apdu';
import { SW, swHex } from './status';

export interface TransportStats {
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
}

const MAX_CHAINED = 64;

export class ApduTransport {
  sm: SecureMessaging | null = null;
  readonly stats: TransportStats = { apdus: 0, bytesSent: 0, bytesReceived: 0 };

  constructor(private readonly channel: CardChannel) {}

  async send(command: CommandApdu): Promise<ResponseApdu> {
    const sm = this.sm;
    const wire = sm ? sm.protect(command) : command;
    let response = await this.exchange(wire);
    if ((response.sw & 0xff00) === 0x6c00 && !sm) {
      response = await this.exchange({ ...wire, ne: response.sw & 0xff || 256 });
    }
    if (!sm) return response;
    const opened = sm.unprotect(response);
    // 6987/6988 in the clear: the chip dropped the secure channel (wrong keys, broken counter).
    if (opened.sw === SW.SM_OBJECTS_MISSING || opened.sw === SW.SM_OBJECTS_INCORRECT) {
      this.sm = null;
      throw new CardError('secure-messaging', `chip answered ${swHex(opened.sw)}`, opened.sw);
    }
    return opened;
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
      answer = await this.channel.transmit(bytes);
    } catch (error) {
      if (error instanceof CardError) throw error;
      const code = (error as { code?: unknown } | null)?.code;
      throw new CardError(code === 'card-removed' ? 'card-removed' : 'transport', error instanceof Error ? error.message : undefined);
    }
    this.stats.apdus += 1;
    this.stats.bytesSent += bytes.length;
    this.stats.bytesReceived += answer.length;
    return decodeResponse(answer);
  }
}
