// Thin helpers over asn1js for the DER structures of the LDS (SecurityInfos, DG15, SOD). Every decoding
// failure becomes CardError('malformed-data').
import * as asn1js from 'asn1js';
import { malformed } from './errors';

/** `maxNodes` bounds the work a hostile input can cause; asn1js defaults to 10,000 nodes. */
export function parseDer(bytes: Uint8Array, what: string, maxNodes = asn1js.DEFAULT_MAX_NODES): asn1js.AsnType {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(buffer, { maxNodes });
  } catch (error) {
    // asn1js throws on some invalid contents (dates, for one) instead of reporting them.
    throw malformed(`${what}: ${error instanceof Error ? error.message : 'not DER'}`);
  }
  if (parsed.offset === -1 || parsed.result.error) throw malformed(`${what}: ${parsed.result.error || 'not DER'}`);
  return parsed.result;
}

export function children(block: asn1js.AsnType, what: string): asn1js.AsnType[] {
  if (!(block instanceof asn1js.Sequence || block instanceof asn1js.Set || block instanceof asn1js.Constructed)) {
    throw malformed(`${what}: not constructed`);
  }
  return block.valueBlock.value;
}

export function oidOf(block: asn1js.AsnType | undefined, what: string): string {
  if (!(block instanceof asn1js.ObjectIdentifier)) throw malformed(`${what}: not an OID`);
  return block.valueBlock.toString();
}

export function intOf(block: asn1js.AsnType | undefined, what: string): number {
  if (!(block instanceof asn1js.Integer)) throw malformed(`${what}: not an INTEGER`);
  const value = block.valueBlock.valueDec;
  if (!Number.isSafeInteger(value)) throw malformed(`${what}: INTEGER out of range`);
  return value;
}

export function bytesOf(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

export function toDer(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.toBER(false));
}
