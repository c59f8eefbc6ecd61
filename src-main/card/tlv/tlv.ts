// BER-TLV as ISO 7816-4 and ICAO 9303-10 use it: multi-byte tags, definite lengths up to 4 bytes.
// Secure-messaging objects and LDS headers go through here; full ASN.1 (SOD, DG14) goes through asn1js.
import { malformed } from '../errors';
import { concat } from '../../util/bytes';

export interface Tlv {
  tag: number;
  /** Header bytes (tag + length). */
  headerLength: number;
  length: number;
  value: Uint8Array;
  /** Offset just after this object in the buffer it was read from. */
  end: number;
}

export interface TlvHeader {
  tag: number;
  headerLength: number;
  length: number;
}

/** Reads a header; null when `bytes` ends before the header does (read more first). */
export function readTlvHeader(bytes: Uint8Array, offset = 0): TlvHeader | null {
  let p = offset;
  if (p >= bytes.length) return null;
  let tag = bytes[p++]!;
  if ((tag & 0x1f) === 0x1f) {
    let more = true;
    let tagBytes = 1;
    while (more) {
      if (p >= bytes.length) return null;
      const next = bytes[p++]!;
      tag = tag * 256 + next;
      more = (next & 0x80) !== 0;
      if (++tagBytes > 3) throw malformed('tag longer than 3 bytes');
    }
  }
  if (p >= bytes.length) return null;
  const first = bytes[p++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw malformed(`length form 0x${first.toString(16)}`);
    if (p + count > bytes.length) return null;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + bytes[p++]!;
  }
  return { tag, headerLength: p - offset, length };
}

export function readTlv(bytes: Uint8Array, offset = 0): Tlv {
  const header = readTlvHeader(bytes, offset);
  if (!header) throw malformed('truncated TLV header');
  const start = offset + header.headerLength;
  const end = start + header.length;
  if (end > bytes.length) throw malformed(`TLV 0x${header.tag.toString(16)} runs past the end`);
  return { ...header, value: bytes.subarray(start, end), end };
}

/** All objects at one level. */
export function parseTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    // Padding bytes between objects (00 or FF) are allowed by ISO 7816-4 §5.2.2.
    if (bytes[offset] === 0x00 || bytes[offset] === 0xff) {
      offset += 1;
      continue;
    }
    const tlv = readTlv(bytes, offset);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

export function findTlv(list: Tlv[], tag: number): Tlv | undefined {
  return list.find((tlv) => tlv.tag === tag);
}

export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  if (length <= 0xffffff) return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
  throw new RangeError('TLV length too large');
}

function encodeTag(tag: number): Uint8Array {
  if (tag <= 0xff) return Uint8Array.of(tag);
  if (tag <= 0xffff) return Uint8Array.of(tag >> 8, tag & 0xff);
  return Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff);
}

export function encodeTlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const value = concat(...values);
  return concat(encodeTag(tag), encodeLength(value.length), value);
}
