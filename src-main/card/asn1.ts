// Thin helpers over asn1js for the DER structures of the LDS (SecurityInfos, DG15, SOD). Every decoding
// failure becomes CardError('malformed-data').
import * as asn1js from 'asn1js';
import { malformed } from './errors';

export function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const parsed = asn1js.fromBER(buffer);
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
