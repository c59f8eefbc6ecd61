// The signature of a CMS-signed CSCA master list (ICAO 9303-12 §8, RFC 5652 §5): the SignerInfo verifies
// over the CscaMasterList with the Master List Signer's certificate carried in the SignedData, and that
// certificate was issued by a CSCA found in the list itself or in the desk's trust store.
import * as pkijs from 'pkijs';
import type { TrustListSigner } from '../contract';
import { toHex } from '../util/bytes';
import { TrustError, parseCertificate, type Certificate } from './certificates';
import { signedContentType, signerInfoProblem, signingTimeOf } from './cms-signer';
import { ID_ICAO_CSCA_MASTER_LIST, type SignedMasterList, type TrustMaterial } from './trust-material';
import { TrustStore } from './trust-store';

const subjectOf = (certificate: Certificate) => certificate.x509.subject.replace(/\n/g, ', ');

/** SignerIdentifier (RFC 5652 §5.3): issuerAndSerialNumber, or [0] subjectKeyIdentifier. */
function identifies(sid: unknown, candidate: Certificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return candidate.parsed.issuer.isEqual(sid.issuer) && candidate.parsed.serialNumber.isEqual(sid.serialNumber);
  }
  const keyId = (sid as { valueBlock?: { valueHexView?: Uint8Array } } | null)?.valueBlock?.valueHexView;
  return !!keyId && keyId.length > 0 && candidate.subjectKeyId === toHex(new Uint8Array(keyId));
}

function signerCertificate(signed: SignedMasterList, signer: pkijs.SignerInfo): Certificate {
  for (const item of signed.signedData.certificates ?? []) {
    if (!(item instanceof pkijs.Certificate)) continue;
    const candidate = parseCertificate(new Uint8Array(item.toSchema().toBER(false)));
    if (identifies(signer.sid, candidate)) return candidate;
  }
  throw new TrustError('bad-signature', 'the master list carries no certificate for its signer');
}

/** Who signed the list, or a TrustError('bad-signature' | 'signer-untrusted') saying why it is refused. */
export function verifyMasterListSignature(signed: SignedMasterList, list: TrustMaterial, store: TrustStore, now: Date): TrustListSigner {
  const signers = signed.signedData.signerInfos;
  if (signers.length !== 1) throw new TrustError('bad-signature', `a master list has one signer; this one has ${signers.length}`);
  const signer = signers[0]!;
  const contentType = signedContentType(signer);
  if (signer.signedAttrs && contentType !== ID_ICAO_CSCA_MASTER_LIST) throw new TrustError('bad-signature', 'the signed content type is not a CSCA master list');
  const certificate = signerCertificate(signed, signer);
  const problem = signerInfoProblem(signer, signed.content, certificate.x509.publicKey, 'CscaMasterList');
  if (problem) throw new TrustError('bad-signature', `the master list's signature is invalid: ${problem}`);
  const signedAt = signingTimeOf(signer) ?? now;
  if (signedAt < new Date(certificate.x509.validFrom) || signedAt > new Date(certificate.x509.validTo)) {
    throw new TrustError('bad-signature', "the master list signer's certificate was not valid when it signed");
  }
  const fromStore = store.issuerOf(certificate.x509, certificate.authorityKeyId);
  const fromList = fromStore ? null : new TrustStore().with(list).issuerOf(certificate.x509, certificate.authorityKeyId);
  const csca = fromStore ?? fromList;
  if (!csca) throw new TrustError('signer-untrusted', `the master list is signed by ${subjectOf(certificate)}, which does not chain to a CSCA in the list or the trust store`);
  return {
    subject: subjectOf(certificate),
    fingerprint: certificate.fingerprint,
    chainsTo: { subject: subjectOf(csca), fingerprint: csca.fingerprint, foundIn: fromStore ? 'trust-store' : 'list' },
  };
}
