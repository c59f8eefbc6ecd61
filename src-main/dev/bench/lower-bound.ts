// The physical limit of one card read under the link model, computed, not measured: every file in the
// fewest READ BINARY commands the card allows, each asking for exactly what is left (no probe, no SELECT,
// no wasted bytes), plus the protocol exchanges every strategy makes anyway (PACE, SELECT of the applet,
// CA, AA). A strategy can only come near it; the ratio to it is what the benchmark reports.
//
//   T = Σ_protocol [ E + 8·(air(c) + air(r))/R + s·(c + r)·[protected] + chip ]
//     + Σ_files Σ_k  [ E + 8·(air(c_k) + air(r_k))/R + s·(c_k + r_k)·[protected] ]
//
//   E = exchange turnaround (8 ms), R = bit rate (kbit/s = bit/ms), s = SM crypto per byte (0.02 ms),
//   air(n) = n + 5·max(1, ⌈n/251⌉) (ISO 14443-4 I-blocks of 251 payload + 5 framing bytes),
//   chip = the chip's own time for PACE (400 ms), CA (200 ms), AA (150 ms).
//   A file of S bytes takes ⌈S / Lmax⌉ commands; Lmax is the largest L ≤ behaviour.maxReadLength whose
//   answer fits one response APDU (65,536 bytes with extended length, 256 without). Chunk k of L_k bytes:
//   r_k = |DO'87'(01 ‖ pad_b(L_k))| + 4 (DO'99', when the chip sends it) + 10 (DO'8E') + 2 (SW) under
//   secure messaging, L_k + 2 in the clear; pad_b adds 1 to b bytes (ISO/IEC 9797-1 method 2, b = 8 for
//   3DES, 16 for AES); c_k = 4 + Lc + DO'97' + DO'8E' + Le = 19 bytes short, up to 23 extended (5 or 7 in
//   the clear). Reads beyond offset 32,767 need odd INS, whose few extra bytes (DO'54', DO'53') are left
//   out: that only makes the bound lower.
//
// Identity (DG1 and DG13 parsed) needs only EF.CardAccess, the access exchanges, DG1 and DG13, so its bound
// counts those alone: EF.COM and EF.SOD are not needed to show the person.
import { LinkModel, type LinkModelOptions } from '../simulator/link-model';

export interface CardLimits {
  /** behaviour.maxReadLength of the chip image: longest plain answer to one READ BINARY. */
  maxReadLength: number;
  extendedLength: boolean;
  sendsDo99: boolean;
  /** Secure-messaging cipher block: 8 (3DES) or 16 (AES). */
  blockSize: number;
}

export interface FileToRead {
  name: string;
  size: number;
  /** Read under secure messaging (every file but EF.CardAccess). */
  protected: boolean;
  /** Needed before the identity can be shown. */
  forIdentity: boolean;
}

/** One exchange as it went over the link: bytes of the whole command and response APDUs. */
export interface ProtocolExchange {
  commandBytes: number;
  responseBytes: number;
  protected: boolean;
  /** The chip's own time for this exchange (PACE, CA, AA), on top of the link. */
  chipMs: number;
  forIdentity: boolean;
}

export interface LowerBoundInput {
  files: readonly FileToRead[];
  protocol: readonly ProtocolExchange[];
  card: CardLimits;
  link: LinkModelOptions;
}

export interface LowerBound {
  apdus: number;
  /** Command plus response APDU bytes, both directions. */
  bytes: number;
  modelledMs: number;
  identityApdus: number;
  identityMs: number;
}

const SW_BYTES = 2;
const MAC_OBJECT = 10;
const STATUS_OBJECT = 4;
const SHORT_MAX = 256;
const EXTENDED_MAX = 65536;

/** Bytes of a BER-TLV object with a one-byte tag and `valueLength` bytes of value. */
export function tlvBytes(valueLength: number): number {
  const lengthBytes = valueLength < 0x80 ? 1 : valueLength < 0x100 ? 2 : valueLength < 0x10000 ? 3 : 4;
  return 1 + lengthBytes + valueLength;
}

/** The whole response APDU (SW included) that carries `dataLength` plain bytes under secure messaging. */
export function protectedResponseBytes(dataLength: number, card: CardLimits): number {
  const padded = dataLength > 0 ? (Math.floor(dataLength / card.blockSize) + 1) * card.blockSize : 0;
  const dataObject = dataLength > 0 ? tlvBytes(1 + padded) : 0;
  return dataObject + (card.sendsDo99 ? STATUS_OBJECT : 0) + MAC_OBJECT + SW_BYTES;
}

/** The READ BINARY command asking for `chunk` bytes whose answer carries `responseDataBytes`. */
export function readCommandBytes(chunk: number, responseDataBytes: number, isProtected: boolean): number {
  const extended = chunk > SHORT_MAX || responseDataBytes > SHORT_MAX;
  if (!isProtected) return extended ? 7 : 5;
  // Header, Lc, DO'97' (Le of the plain answer), DO'8E', Le of the protected answer.
  return 4 + (extended ? 3 : 1) + (chunk > SHORT_MAX ? 4 : 3) + MAC_OBJECT + (extended ? 2 : 1);
}

/** Largest plain chunk one READ BINARY can return on this card. */
export function largestChunk(card: CardLimits, isProtected: boolean): number {
  const wireMax = card.extendedLength ? EXTENDED_MAX : SHORT_MAX;
  let chunk = Math.min(card.maxReadLength, wireMax);
  if (isProtected) while (chunk > 1 && protectedResponseBytes(chunk, card) - SW_BYTES > wireMax) chunk -= 1;
  return chunk;
}

/** The commands reading one whole file, as (command, response) byte counts. */
export function fileExchanges(file: FileToRead, card: CardLimits): Array<{ commandBytes: number; responseBytes: number }> {
  const chunkMax = largestChunk(card, file.protected);
  const count = Math.max(1, Math.ceil(file.size / chunkMax));
  return Array.from({ length: count }, (_, k) => {
    const chunk = Math.min(chunkMax, file.size - k * chunkMax);
    const responseBytes = file.protected ? protectedResponseBytes(chunk, card) : chunk + SW_BYTES;
    return { commandBytes: readCommandBytes(chunk, responseBytes - SW_BYTES, file.protected), responseBytes };
  });
}

export function lowerBound(input: LowerBoundInput): LowerBound {
  const all = new LinkModel(input.link);
  const identity = new LinkModel(input.link);
  const result: LowerBound = { apdus: 0, bytes: 0, modelledMs: 0, identityApdus: 0, identityMs: 0 };
  let chipMs = 0;
  let identityChipMs = 0;
  const add = (commandBytes: number, responseBytes: number, isProtected: boolean, forIdentity: boolean) => {
    all.exchange(commandBytes, responseBytes, isProtected);
    result.apdus += 1;
    result.bytes += commandBytes + responseBytes;
    if (!forIdentity) return;
    identity.exchange(commandBytes, responseBytes, isProtected);
    result.identityApdus += 1;
  };
  for (const exchange of input.protocol) {
    add(exchange.commandBytes, exchange.responseBytes, exchange.protected, exchange.forIdentity);
    chipMs += exchange.chipMs;
    if (exchange.forIdentity) identityChipMs += exchange.chipMs;
  }
  for (const file of input.files) {
    for (const exchange of fileExchanges(file, input.card)) add(exchange.commandBytes, exchange.responseBytes, file.protected, file.forIdentity);
  }
  result.modelledMs = all.modelledMs + chipMs;
  result.identityMs = identity.modelledMs + identityChipMs;
  return result;
}
