// Passive authentication (ICAO 9303-11 §5.1): the SOD's signature verifies with the Document Signer's key;
// the hash of every data group read matches the SOD; the DS certificate chains to a trusted CSCA, was
// valid when it signed, may sign documents, and is not on a loaded CRL.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { equalBytes } from '../util/bytes';
import { CardError } from '../card/errors';
import { parseSod, type Sod } from '../card/lds/sod';
import { keyUsage, parseCertificate, serialHex, type Certificate } from './certificates';
import { hashName, verifySignature } from './signature';
import type { TrustStore } from './trust-store';

export type PassiveResult = 'passed' | 'failed' | 'issuer-untrusted' | 'not-verifiable';

export interface PassiveOutcome {
  result: PassiveResult;
  /** Short technical English detail for logs and support; the UI words come from the result. */
  detail: string;
  documentSigner: { subject: string; issuer: string } | null;
}

const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

const outcome = (result: PassiveResult, detail: string, ds: Certificate | null = null): PassiveOutcome => ({
  result,
  detail,
  documentSigner: ds ? { subject: ds.x509.subject.replace(/\n/g, ', '), issuer: ds.x509.issuer.replace(/\n/g, ', ') } : null,
});

function attribute(signer: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  return signer.signedAttrs?.attributes.find((candidate) => candidate.type === oid)?.values[0];
}

function signingTimeOf(signer: pkijs.SignerInfo): Date | null {
  const value = attribute(signer, SIGNING_TIME);
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return null;
}

/** Checks the SignerInfo's signature over the LDSSecurityObject with the DS key. */
function signatureValid(sod: Sod, signer: pkijs.SignerInfo, ds: Certificate): string | null {
  const digestOid = signer.digestAlgorithm.algorithmId;
  const hash = hashName(digestOid);
  if (!hash) return `digest algorithm ${digestOid}`;
  let signed: Uint8Array = sod.securityObject;
  if (signer.signedAttrs) {
    const digest = attribute(signer, MESSAGE_DIGEST);
    const expected = new Uint8Array(createHash(hash).update(sod.securityObject).digest());
    if (!(digest instanceof asn1js.OctetString) || !equalBytes(new Uint8Array(digest.valueBlock.valueHexView), expected)) {
      return 'messageDigest does not match the LDSSecurityObject';
    }
    // Signed attributes are signed as a DER SET (tag 31), not with their [0] IMPLICIT tag (RFC 5652 §5.4).
    signed = new Uint8Array(signer.signedAttrs.encodedValue).slice();
    if (signed.length === 0) return 'signed attributes without their encoding';
    signed[0] = 0x31;
  }
  const signature = new Uint8Array(signer.signature.valueBlock.valueHexView);
  return verifySignature(signer.signatureAlgorithm, digestOid, signed, signature, ds.x509.publicKey) ? null : 'SOD signature does not verify';
}

export function passiveAuthentication(dataGroups: Map<number, Uint8Array>, sodBytes: Uint8Array | null, trust: TrustStore, now: Date): PassiveOutcome {
  if (!sodBytes) return outcome('not-verifiable', 'the chip has no EF.SOD');
  let sod: Sod;
  try {
    sod = parseSod(sodBytes);
  } catch (error) {
    return outcome('failed', `EF.SOD unreadable: ${error instanceof CardError ? error.message : 'malformed'}`);
  }

  for (const [number, bytes] of dataGroups) {
    const expected = sod.dataGroupHashes.get(number);
    if (!expected) return outcome('failed', `DG${number} is not listed in EF.SOD`);
    if (!equalBytes(new Uint8Array(createHash(sod.hashAlgorithm).update(bytes).digest()), expected)) {
      return outcome('failed', `DG${number} does not match its hash in EF.SOD`);
    }
  }

  const signer = sod.signedData.signerInfos[0];
  const dsDer = sod.certificates[0];
  if (!signer || !dsDer) return outcome('not-verifiable', 'EF.SOD carries no Document Signer certificate');
  let ds: Certificate;
  try {
    ds = parseCertificate(dsDer);
  } catch {
    return outcome('failed', 'the Document Signer certificate is unreadable');
  }
  const signatureProblem = signatureValid(sod, signer, ds);
  if (signatureProblem) return outcome('failed', signatureProblem, ds);

  const csca = trust.issuerOf(ds.x509, ds.authorityKeyId);
  if (!csca) return outcome('issuer-untrusted', 'the Document Signer does not chain to a trusted CSCA', ds);
  const signedAt = signingTimeOf(signer) ?? now;
  if (signedAt < new Date(ds.x509.validFrom) || signedAt > new Date(ds.x509.validTo)) {
    return outcome('failed', 'the Document Signer certificate was not valid when the SOD was signed', ds);
  }
  const usage = keyUsage(ds);
  if (usage && !usage.has('digitalSignature')) return outcome('failed', 'the Document Signer certificate may not sign', ds);
  for (const crl of trust.crlsOf(csca)) {
    if (crl.revokedSerials.has(serialHex(ds))) return outcome('failed', 'the Document Signer certificate is revoked', ds);
  }
  return outcome('passed', 'signature, data-group hashes and certificate chain verified', ds);
}
