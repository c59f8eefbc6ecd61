// The CSCA certificates (trust anchors) and CRLs a desk trusts, in memory, each with where it came from:
// the shipped default list (default-trust.ts), an administrator's import, or the demo's test PKI.
// Persistence and import live beside it.
import type { X509Certificate } from 'node:crypto';
import { crlIssuedBy, type Certificate, type Crl } from './certificates';
import { verifySignature } from './signature';

export type TrustSource = 'default' | 'imported' | 'demo';

export class TrustStore {
  private readonly anchors = new Map<string, { certificate: Certificate; source: TrustSource }>();
  private readonly crls = new Map<string, { crl: Crl; source: TrustSource }>();

  /** The first source an anchor was added from wins: a default certificate imported again stays "default". */
  addAnchor(certificate: Certificate, source: TrustSource = 'imported'): boolean {
    if (this.anchors.has(certificate.fingerprint)) return false;
    this.anchors.set(certificate.fingerprint, { certificate, source });
    return true;
  }

  addCrl(crl: Crl, source: TrustSource = 'imported'): boolean {
    if (this.crls.has(crl.fingerprint)) return false;
    this.crls.set(crl.fingerprint, { crl, source });
    return true;
  }

  get anchorList(): Certificate[] {
    return [...this.anchors.values()].map((entry) => entry.certificate);
  }

  get crlList(): Crl[] {
    return [...this.crls.values()].map((entry) => entry.crl);
  }

  sourceOf(fingerprint: string): TrustSource | null {
    return this.anchors.get(fingerprint)?.source ?? this.crls.get(fingerprint)?.source ?? null;
  }

  /** A copy with extra anchors and CRLs (the demo's, or one run's `card read --trust`), leaving this store unchanged. */
  with(extra: { anchors: Certificate[]; crls: Crl[] }, source: TrustSource = 'imported'): TrustStore {
    const copy = new TrustStore();
    for (const { certificate, source: was } of this.anchors.values()) copy.addAnchor(certificate, was);
    for (const { crl, source: was } of this.crls.values()) copy.addCrl(crl, was);
    for (const anchor of extra.anchors) copy.addAnchor(anchor, source);
    for (const crl of extra.crls) copy.addCrl(crl, source);
    return copy;
  }

  /** The anchor whose key signed `certificate`, matched by name and key identifier, proven by signature. */
  issuerOf(certificate: X509Certificate, authorityKeyId: string | null): Certificate | null {
    for (const { certificate: anchor } of this.anchors.values()) {
      if (authorityKeyId && anchor.subjectKeyId && anchor.subjectKeyId !== authorityKeyId) continue;
      if (!certificate.checkIssued(anchor.x509)) continue;
      if (certificate.verify(anchor.x509.publicKey)) return anchor;
    }
    return null;
  }

  /** CRLs signed by `issuer`; a CRL whose signature fails is ignored rather than trusted. */
  crlsOf(issuer: Certificate): Crl[] {
    return this.crlList.filter(
      (crl) =>
        crlIssuedBy(crl, issuer) &&
        verifySignature(crl.parsed.signatureAlgorithm, null, new Uint8Array(crl.parsed.tbsView), new Uint8Array(crl.parsed.signatureValue.valueBlock.valueHexView), issuer.x509.publicKey),
    );
  }
}
