// X.509 v3 certificates and v2 CRLs (RFC 5280) shaped by the ICAO 9303-12 §7.1 profiles (CSCA, Document
// Signer, CRL), signed with a SigningKey. Everything is DER from explicit inputs: no clock, no randomness.
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificateList,
  CRLNumber,
  CRLReason,
  type CRLReasons,
  Extension,
  Extensions,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
  id_ce_keyUsage,
  id_ce_privateKeyUsagePeriod,
  id_ce_subjectKeyIdentifier,
  KeyIdentifier,
  KeyUsage,
  type KeyUsageFlags,
  Name,
  PrivateKeyUsagePeriod,
  RelativeDistinguishedName,
  RevokedCertificate,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  TBSCertList,
  Time,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { signatureAlgorithmIdentifier } from './algorithms';
import { serialize, toArrayBuffer } from './der';
import type { SigningKey } from './signing-key';

export interface DistinguishedName {
  /** ISO 3166-1 alpha-2; ICAO 9303-12 §7.1.1 requires countryName in CSCA and DS names. */
  country: string;
  organization?: string;
  commonName: string;
}

export interface CertificateSpec {
  serialNumber: Uint8Array;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKeyInfo: Uint8Array;
  extensions: Extension[];
}

export interface RevocationEntry {
  serialNumber: Uint8Array;
  revocationDate: Date;
  reason: CRLReasons;
}

export interface CrlSpec {
  issuer: DistinguishedName;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: RevocationEntry[];
  extensions: Extension[];
}

const OID_COUNTRY = '2.5.4.6';
const OID_ORGANIZATION = '2.5.4.10';
const OID_COMMON_NAME = '2.5.4.3';

/** C as PrintableString (RFC 5280 appendix A), the others as UTF8String (RFC 5280 §4.1.2.6). */
export function encodeName(name: DistinguishedName): Name {
  const rdn = (type: string, value: AttributeValue) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  const rdns = [rdn(OID_COUNTRY, new AttributeValue({ printableString: name.country }))];
  if (name.organization) rdns.push(rdn(OID_ORGANIZATION, new AttributeValue({ utf8String: name.organization })));
  rdns.push(rdn(OID_COMMON_NAME, new AttributeValue({ utf8String: name.commonName })));
  return new Name(rdns);
}

/** A positive 16-byte serial number from a label (RFC 5280 §4.1.2.2: ≤ 20 octets, positive). */
export function serialNumberFrom(label: string): Uint8Array {
  const bytes = new Uint8Array(createHash('sha256').update(`serial:${label}`).digest().subarray(0, 16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes;
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifierOf(subjectPublicKeyInfo: Uint8Array): Uint8Array {
  const spki = AsnConvert.parse(toArrayBuffer(subjectPublicKeyInfo), SubjectPublicKeyInfo);
  return new Uint8Array(createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest());
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

export const extensions = {
  basicConstraints: (cA: boolean, pathLenConstraint?: number) =>
    extension(id_ce_basicConstraints, true, new BasicConstraints(pathLenConstraint === undefined ? { cA } : { cA, pathLenConstraint })),
  keyUsage: (flags: KeyUsageFlags) => extension(id_ce_keyUsage, true, new KeyUsage(flags)),
  subjectKeyIdentifier: (keyId: Uint8Array) => extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId)),
  authorityKeyIdentifier: (keyId: Uint8Array) =>
    extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyId) })),
  privateKeyUsagePeriod: (notBefore: Date, notAfter: Date) =>
    extension(id_ce_privateKeyUsagePeriod, false, new PrivateKeyUsagePeriod({ notBefore, notAfter })),
  crlNumber: (value: number) => extension(id_ce_cRLNumber, false, new CRLNumber(value)),
};

export function buildCertificate(spec: CertificateSpec, issuerKey: SigningKey): Uint8Array {
  const signature = signatureAlgorithmIdentifier(issuerKey.scheme);
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(spec.serialNumber),
    signature,
    issuer: encodeName(spec.issuer),
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: encodeName(spec.subject),
    subjectPublicKeyInfo: AsnConvert.parse(toArrayBuffer(spec.subjectPublicKeyInfo), SubjectPublicKeyInfo),
    extensions: new Extensions(spec.extensions),
  });
  const signatureValue = issuerKey.sign(serialize(tbsCertificate));
  return serialize(new Certificate({ tbsCertificate, signatureAlgorithm: signature, signatureValue: toArrayBuffer(signatureValue) }));
}

export function buildCrl(spec: CrlSpec, issuerKey: SigningKey): Uint8Array {
  const signature = signatureAlgorithmIdentifier(issuerKey.scheme);
  const tbsCertList = new TBSCertList({
    // v2 because the CRL carries extensions (RFC 5280 §5.1.2.1); ICAO 9303-12 §7.1.4 requires AKI and cRLNumber.
    version: Version.v2,
    signature,
    issuer: encodeName(spec.issuer),
    thisUpdate: new Time(spec.thisUpdate),
    nextUpdate: new Time(spec.nextUpdate),
    ...(spec.revoked.length > 0
      ? {
          revokedCertificates: spec.revoked.map(
            (entry) =>
              new RevokedCertificate({
                userCertificate: toArrayBuffer(entry.serialNumber),
                revocationDate: new Time(entry.revocationDate),
                crlEntryExtensions: [extension(id_ce_cRLReasons, false, new CRLReason(entry.reason))],
              }),
          ),
        }
      : {}),
    crlExtensions: spec.extensions,
  });
  const signatureValue = issuerKey.sign(serialize(tbsCertList));
  return serialize(new CertificateList({ tbsCertList, signatureAlgorithm: signature, signature: toArrayBuffer(signatureValue) }));
}
