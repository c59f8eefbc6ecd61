// EF.SOD as an issuer writes it (ICAO 9303-10 §4.6.2): tag 0x77 around a CMS ContentInfo(SignedData)
// (RFC 5652 §5) whose eContent is the LDSSecurityObject, a hash per data group. The simulator's personas
// are signed with this and the test PKI's Document Signers; the reader's passive authentication checks it.
import * as asn1js from 'asn1js';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { Certificate } from '@peculiar/asn1-x509';
import { encodeTlv, parseTlvs, readTlv } from '../../../card/tlv/tlv';
import { DIGEST_OIDS, schemeOfOid, signatureAlgorithmIdentifier, type DigestName } from '../pki/algorithms';
import { serialize, toArrayBuffer } from '../pki/der';
import { digest } from '../pki/signing-key';
import type { DocumentSigner } from '../pki/test-pki';

export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

const TAG_SOD = 0x77;
const DEFAULT_SIGNING_TIME = new Date('2024-06-01T00:00:00Z');

export type SodBuildErrorCode = 'no-data-groups' | 'bad-data-group-number' | 'unknown-signature-algorithm' | 'not-a-sod';

export class SodBuildError extends Error {
  override readonly name = 'SodBuildError';
  readonly code: SodBuildErrorCode;

  constructor(code: SodBuildErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
  }
}

export interface SodOptions {
  /** DG number → the whole data-group file as stored on the chip, outer tag included (what is hashed). */
  dataGroups: Map<number, Uint8Array>;
  signer: DocumentSigner;
  /** LDSSecurityObject.hashAlgorithm, the hash of the data groups (default sha256). */
  hashAlgorithm?: DigestName;
  /** signingTime signed attribute (default 2024-06-01, inside every test DS certificate's validity). */
  signingTime?: Date;
}

function der(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.toBER(false));
}

/**
 * LDSSecurityObject ::= SEQUENCE { version (0), hashAlgorithm, dataGroupHashValues SEQUENCE OF
 * DataGroupHash { dataGroupNumber, dataGroupHashValue } } — ICAO 9303-10 §4.6.2.3, version 0 (no
 * ldsVersionInfo), data groups in ascending order. SHA-2 parameters absent (RFC 5754 §2).
 */
export function buildLdsSecurityObject(dataGroups: Map<number, Uint8Array>, hashAlgorithm: DigestName): Uint8Array {
  const numbers = [...dataGroups.keys()].sort((a, b) => a - b);
  if (numbers.length === 0) throw new SodBuildError('no-data-groups', 'an LDSSecurityObject hashes at least one data group');
  const hashes = numbers.map((number) => {
    if (!Number.isInteger(number) || number < 1 || number > 16) throw new SodBuildError('bad-data-group-number', String(number));
    return new asn1js.Sequence({
      value: [new asn1js.Integer({ value: number }), new asn1js.OctetString({ valueHex: toArrayBuffer(digest(hashAlgorithm, dataGroups.get(number)!)) })],
    });
  });
  return der(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 0 }),
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: DIGEST_OIDS[hashAlgorithm] })] }),
        new asn1js.Sequence({ value: hashes }),
      ],
    }),
  );
}

/** X.690 §11.6: DER orders SET OF elements by their encodings, shorter ones padded with zeros. */
export function compareDer(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function signerAlgorithm(signer: DocumentSigner): SignatureAlgorithmIdentifier {
  if (signer.signatureAlgorithmIdentifier) {
    return AsnConvert.parse(toArrayBuffer(signer.signatureAlgorithmIdentifier), SignatureAlgorithmIdentifier);
  }
  const scheme = schemeOfOid(signer.signatureAlgorithm, signer.digestAlgorithm);
  if (!scheme) throw new SodBuildError('unknown-signature-algorithm', signer.signatureAlgorithm);
  return new SignatureAlgorithmIdentifier(signatureAlgorithmIdentifier(scheme));
}

function attribute(attrType: string, value: asn1js.AsnType): Attribute {
  return new Attribute({ attrType, attrValues: [toArrayBuffer(der(value))] });
}

export interface SignedContentOptions {
  /** eContentType: id-icao-ldsSecurityObject for a SOD, id-icao-cscaMasterList for a master list. */
  contentType: string;
  content: Uint8Array;
  signer: DocumentSigner;
  signingTime: Date;
}

/** ContentInfo(SignedData) over `content`, with the signer's certificate and one SignerInfo (RFC 5652 §5). */
export function buildSignedContent({ contentType, content, signer, signingTime }: SignedContentOptions): Uint8Array {
  const certificate = AsnConvert.parse(toArrayBuffer(signer.certificate.der), Certificate);

  // RFC 5652 §5.3/§11: contentType and messageDigest are required once signed attributes exist; ICAO 9303-10
  // §4.6.2.2 adds signingTime as optional. UTCTime for dates 1950–2049 (RFC 5652 §11.3).
  const signedAttributes = [
    attribute(OID_CONTENT_TYPE, new asn1js.ObjectIdentifier({ value: contentType })),
    attribute(OID_MESSAGE_DIGEST, new asn1js.OctetString({ valueHex: toArrayBuffer(digest(signer.digestAlgorithm, content)) })),
    attribute(OID_SIGNING_TIME, new asn1js.UTCTime({ valueDate: signingTime })),
  ]
    .map((value) => ({ value, encoded: serialize(value) }))
    .sort((a, b) => compareDer(a.encoded, b.encoded));
  // RFC 5652 §5.4: the signature covers the DER of the attributes as SET OF (tag 0x31), not the [0] IMPLICIT
  // form they travel in; sorting first makes both carry the same bytes after the tag.
  const signature = signer.sign(encodeTlv(0x31, ...signedAttributes.map((entry) => entry.encoded)));

  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: certificate.tbsCertificate.issuer,
        serialNumber: certificate.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: DIGEST_OIDS[signer.digestAlgorithm] }),
    signedAttrs: signedAttributes.map((entry) => entry.value),
    signatureAlgorithm: signerAlgorithm(signer),
    signature: new OctetString(signature),
  });
  const signedData = new SignedData({
    // RFC 5652 §5.1: version 3 because eContentType is not id-data.
    version: CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new DigestAlgorithmIdentifier({ algorithm: DIGEST_OIDS[signer.digestAlgorithm] })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: contentType,
      eContent: new EncapsulatedContent({ single: new OctetString(content) }),
    }),
    // ICAO 9303-10 §4.6.2.2 and 9303-12 §8: the signer's certificate travels in the SignedData.
    certificates: new CertificateSet([new CertificateChoices({ certificate })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return serialize(new ContentInfo({ contentType: OID_SIGNED_DATA, content: AsnConvert.serialize(signedData) }));
}

export function buildSod(options: SodOptions): Uint8Array {
  const securityObject = buildLdsSecurityObject(options.dataGroups, options.hashAlgorithm ?? 'sha256');
  const contentInfo = buildSignedContent({
    contentType: OID_LDS_SECURITY_OBJECT,
    content: securityObject,
    signer: options.signer,
    signingTime: options.signingTime ?? DEFAULT_SIGNING_TIME,
  });
  return encodeTlv(TAG_SOD, contentInfo);
}

/** The signature OCTET STRING of the (first) SignerInfo, as a view into `sod`. */
function signatureValue(sod: Uint8Array): Uint8Array {
  try {
    const outer = readTlv(sod);
    if (outer.tag !== TAG_SOD) throw new Error('tag');
    const [, explicitContent] = parseTlvs(readTlv(outer.value).value);
    const signedData = parseTlvs(readTlv(explicitContent!.value).value);
    const signerInfos = signedData[signedData.length - 1]!;
    const signerInfo = parseTlvs(readTlv(signerInfos.value).value);
    const signature = signerInfo.find((tlv) => tlv.tag === 0x04);
    if (!signature || signature.value.length === 0) throw new Error('no signature');
    return signature.value;
  } catch (error) {
    throw new SodBuildError('not-a-sod', error instanceof Error ? error.message : 'unreadable');
  }
}

/**
 * A copy of `sod` with one bit of the signature flipped (the last byte's low bit: an ECDSA signature stays
 * well-formed DER, an RSA one the right length), so only the cryptographic check can catch it.
 */
export function tamperSodSignature(sod: Uint8Array): Uint8Array {
  const copy = sod.slice();
  const signature = signatureValue(copy);
  const last = signature.length - 1;
  signature[last] = signature[last]! ^ 0x01;
  return copy;
}
