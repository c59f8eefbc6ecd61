// Command and response APDUs (ISO 7816-4 §5.1): short and extended length, chosen by size.
import { concat } from '../../util/bytes';
import { malformed } from '../errors';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length: 1..65536; absent when no data is expected. 256 = short Le 00. */
  ne?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export function isExtended(command: CommandApdu): boolean {
  return (command.data?.length ?? 0) > 255 || (command.ne ?? 0) > 256;
}

export function encodeCommand(command: CommandApdu): Uint8Array {
  const data = command.data ?? new Uint8Array(0);
  const ne = command.ne ?? 0;
  if (data.length > 65535 || ne > 65536 || ne < 0) throw new RangeError('APDU too long');
  const extended = isExtended(command);
  const lc = data.length === 0 ? [] : extended ? [0x00, data.length >> 8, data.length & 0xff] : [data.length];
  const le16 = ne === 65536 ? 0 : ne;
  const le = ne === 0 ? [] : extended ? [...(data.length === 0 ? [0x00] : []), le16 >> 8, le16 & 0xff] : [ne === 256 ? 0 : ne];
  return concat(Uint8Array.of(command.cla, command.ins, command.p1, command.p2), Uint8Array.from(lc), data, Uint8Array.from(le));
}

/** Parses a command APDU (the card side of encodeCommand). */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw malformed('command APDU shorter than 4 bytes');
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2 };
  if (body.length === 1) return { cla, ins, p1, p2, ne: body[0] === 0 ? 256 : body[0]! };
  if (body[0] !== 0) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { cla, ins, p1, p2, data: body.slice(1) };
    if (body.length === 2 + lc) return { cla, ins, p1, p2, data: body.slice(1, 1 + lc), ne: body[1 + lc] === 0 ? 256 : body[1 + lc]! };
    throw malformed('short APDU length mismatch');
  }
  // Extended: body starts with 00.
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { cla, ins, p1, p2, ne: le === 0 ? 65536 : le };
  }
  if (body.length < 3) throw malformed('extended APDU truncated');
  const lc = (body[1]! << 8) | body[2]!;
  if (lc === 0) throw malformed('extended Lc of zero');
  const data = body.slice(3, 3 + lc);
  if (data.length !== lc) throw malformed('extended APDU length mismatch');
  const rest = body.length - 3 - lc;
  if (rest === 0) return { cla, ins, p1, p2, data };
  if (rest === 2) {
    const le = (body[3 + lc]! << 8) | body[4 + lc]!;
    return { cla, ins, p1, p2, data, ne: le === 0 ? 65536 : le };
  }
  throw malformed('extended APDU length mismatch');
}

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw malformed('response APDU shorter than 2 bytes');
  return { data: bytes.slice(0, -2), sw: (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]! };
}

export function encodeResponse(response: ResponseApdu): Uint8Array {
  const out = new Uint8Array(response.data.length + 2);
  out.set(response.data);
  out[out.length - 2] = response.sw >> 8;
  out[out.length - 1] = response.sw & 0xff;
  return out;
}
