// X.509 certificates and CRLs of the eMRTD PKI (ICAO 9303-12). Signatures are checked by Node's OpenSSL,
// which handles brainpool curves, explicit curve parameters and RSA-PSS; extensions are read with pkijs.
import { createHash, X509Certificate } from 'node:crypto';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toHex } from '../util/bytes';

export class TrustError extends Error {
  constructor(
    readonly code: 'unreadable' | 'not-a-certificate' | 'not-a-master-list',
    message: string,
  ) {
    super(message);
    this.name = 'TrustError';
  }
}

export interface Certificate {
  der: Uint8Array;
  x509: X509Certificate;
  parsed: pkijs.Certificate;
  /** SHA-256 of the DER, upper-case hex: the certificate's identity in the store. */
  fingerprint: string;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
}

export interface Crl {
  der: Uint8Array;
  parsed: pkijs.CertificateRevocationList;
  fingerprint: string;
  revokedSerials: Set<string>;
}

function asBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function extension(parsed: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return parsed.extensions?.find((candidate) => candidate.extnID === oid);
}

export function parseCertificate(der: Uint8Array): Certificate {
  let x509: X509Certificate;
  let parsed: pkijs.Certificate;
  try {
    x509 = new X509Certificate(der);
    parsed = pkijs.Certificate.fromBER(asBuffer(der));
  } catch (error) {
    throw new TrustError('not-a-certificate', `not an X.509 certificate: ${(error as Error).message}`);
  }
  const ski = extension(parsed, '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
  const aki = extension(parsed, '2.5.29.35')?.parsedValue as pkijs.AuthorityKeyIdentifier | undefined;
  return {
    der,
    x509,
    parsed,
    fingerprint: toHex(createHash('sha256').update(der).digest()),
    subjectKeyId: ski ? toHex(new Uint8Array(ski.valueBlock.valueHexView)) : null,
    authorityKeyId: aki?.keyIdentifier ? toHex(new Uint8Array(aki.keyIdentifier.valueBlock.valueHexView)) : null,
  };
}

/** keyUsage bits (RFC 5280 §4.2.1.3) as names; null when the extension is absent. */
export function keyUsage(certificate: Certificate): Set<string> | null {
  const value = extension(certificate.parsed, '2.5.29.15')?.parsedValue as asn1js.BitString | undefined;
  if (!value) return null;
  const names = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];
  const bits = new Uint8Array(value.valueBlock.valueHexView);
  return new Set(names.filter((_, i) => ((bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1));
}

export function serialHex(certificate: Certificate): string {
  return toHex(new Uint8Array(certificate.parsed.serialNumber.valueBlock.valueHexView)).replace(/^(00)+(?=.)/, '');
}

export function parseCrl(der: Uint8Array): Crl {
  let parsed: pkijs.CertificateRevocationList;
  try {
    parsed = pkijs.CertificateRevocationList.fromBER(asBuffer(der));
  } catch (error) {
    throw new TrustError('unreadable', `not a CRL: ${(error as Error).message}`);
  }
  const revokedSerials = new Set(
    (parsed.revokedCertificates ?? []).map((entry) => toHex(new Uint8Array(entry.userCertificate.valueBlock.valueHexView)).replace(/^(00)+(?=.)/, '')),
  );
  return { der, parsed, fingerprint: toHex(createHash('sha256').update(der).digest()), revokedSerials };
}

/** True when `issuer` signed `crl` (checked by OpenSSL over the CRL's TBS bytes). */
export function crlIssuedBy(crl: Crl, issuer: Certificate): boolean {
  return crl.parsed.issuer.isEqual(issuer.parsed.subject);
}
