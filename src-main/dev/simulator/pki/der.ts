// Glue between @peculiar/asn1-schema (ArrayBuffer) and the rest of the code base (Uint8Array), plus PEM
// (RFC 7468) for the fixture files.
import { AsnConvert } from '@peculiar/asn1-schema';
import { TestPkiError } from './errors';

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

export function serialize(value: unknown): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(value));
}

/** RFC 7468 §2: base64 lines of 64 characters between BEGIN/END lines. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function fromPem(text: string, label: string): Uint8Array {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(text);
  if (!match) throw new TestPkiError('malformed-pem', `no PEM block labelled ${label}`);
  return new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
}
