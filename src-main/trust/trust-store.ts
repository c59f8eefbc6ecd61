// The CSCA certificates (trust anchors) and CRLs a desk trusts, in memory. Persistence and import live
// beside it; the app ships no real certificates (an administrator imports them).
import type { X509Certificate } from 'node:crypto';
import { crlIssuedBy, type Certificate, type Crl } from './certificates';
import { verifySignature } from './signature';

export class TrustStore {
  private readonly anchors = new Map<string, Certificate>();
  private readonly crls = new Map<string, Crl>();

  addAnchor(certificate: Certificate): boolean {
    if (this.anchors.has(certificate.fingerprint)) return false;
    this.anchors.set(certificate.fingerprint, certificate);
    return true;
  }

  addCrl(crl: Crl): boolean {
    if (this.crls.has(crl.fingerprint)) return false;
    this.crls.set(crl.fingerprint, crl);
    return true;
  }

  get anchorList(): Certificate[] {
    return [...this.anchors.values()];
  }

  get crlList(): Crl[] {
    return [...this.crls.values()];
  }

  /** A copy with one run's extra anchors (`card read --trust`), leaving this store unchanged. */
  with(extra: { anchors: Certificate[]; crls: Crl[] }): TrustStore {
    const copy = new TrustStore();
    for (const anchor of [...this.anchors.values(), ...extra.anchors]) copy.addAnchor(anchor);
    for (const crl of [...this.crls.values(), ...extra.crls]) copy.addCrl(crl);
    return copy;
  }

  /** The anchor whose key signed `certificate`, matched by name and key identifier, proven by signature. */
  issuerOf(certificate: X509Certificate, authorityKeyId: string | null): Certificate | null {
    for (const anchor of this.anchors.values()) {
      if (authorityKeyId && anchor.subjectKeyId && anchor.subjectKeyId !== authorityKeyId) continue;
      if (!certificate.checkIssued(anchor.x509)) continue;
      if (certificate.verify(anchor.x509.publicKey)) return anchor;
    }
    return null;
  }

  /** CRLs signed by `issuer`; a CRL whose signature fails is ignored rather than trusted. */
  crlsOf(issuer: Certificate): Crl[] {
    return [...this.crls.values()].filter(
      (crl) =>
        crlIssuedBy(crl, issuer) &&
        verifySignature(crl.parsed.signatureAlgorithm, null, new Uint8Array(crl.parsed.tbsView), new Uint8Array(crl.parsed.signatureValue.valueBlock.valueHexView), issuer.x509.publicKey),
    );
  }
}
