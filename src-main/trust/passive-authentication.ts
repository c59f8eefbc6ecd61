// Passive authentication (ICAO 9303-11 §5.1): the SOD's signature verifies with the Document Signer's key;
// the hash of every data group read matches the SOD; the DS certificate chains to a trusted CSCA, was
// valid when it signed, may sign documents, and is not on a loaded CRL.
import { createHash } from 'node:crypto';
import { equalBytes } from '../util/bytes';
import { CardError } from '../card/errors';
import { parseSod, type Sod } from '../card/lds/sod';
import { crlNextUpdate, keyUsage, parseCertificate, serialHex, type Certificate } from './certificates';
import { signerInfoProblem, signingTimeOf } from './cms-signer';
import type { TrustStore } from './trust-store';

export type PassiveResult = 'passed' | 'failed' | 'issuer-untrusted' | 'not-verifiable';

export interface PassiveOutcome {
  result: PassiveResult;
  /** Short technical English detail for logs and support; the UI words come from the result. */
  detail: string;
  documentSigner: { subject: string; issuer: string } | null;
}

const outcome = (result: PassiveResult, detail: string, ds: Certificate | null = null): PassiveOutcome => ({
  result,
  detail,
  documentSigner: ds ? { subject: ds.x509.subject.replace(/\n/g, ', '), issuer: ds.x509.issuer.replace(/\n/g, ', ') } : null,
});

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
    void ds.parsed;
  } catch {
    return outcome('failed', 'the Document Signer certificate is unreadable');
  }
  const signatureProblem = signerInfoProblem(signer, sod.securityObject, ds.x509.publicKey, 'LDSSecurityObject');
  if (signatureProblem) return outcome('failed', signatureProblem, ds);

  const csca = trust.issuerOf(ds.x509, ds.authorityKeyId);
  if (!csca) return outcome('issuer-untrusted', 'the Document Signer does not chain to a trusted CSCA', ds);
  const signedAt = signingTimeOf(signer) ?? now;
  if (signedAt < new Date(ds.x509.validFrom) || signedAt > new Date(ds.x509.validTo)) {
    return outcome('failed', 'the Document Signer certificate was not valid when the SOD was signed', ds);
  }
  const usage = keyUsage(ds);
  if (usage && !usage.has('digitalSignature')) return outcome('failed', 'the Document Signer certificate may not sign', ds);
  const crls = trust.crlsOf(csca);
  for (const crl of crls) {
    if (crl.revokedSerials.has(serialHex(ds))) return outcome('failed', 'the Document Signer certificate is revoked', ds);
  }
  // Policy (README, "Trust list"): a stale CRL still counts, with a warning; refusing every card of a
  // state whose CRL is late would stop the desk for something the patient cannot change.
  const stale = crls.map(crlNextUpdate).filter((next): next is Date => next !== null && next < now);
  const warning = stale.length > 0 ? `; warning: the CRL of this CSCA is stale (nextUpdate ${stale[0]!.toISOString()} has passed), revocations since then are unknown` : '';
  return outcome('passed', `signature, data-group hashes and certificate chain verified${warning}`, ds);
}
