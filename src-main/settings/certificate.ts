// The facility's signing certificate as setup takes it: a PKCS#12 that opens with its password, holds an
// RSA key (check-in reports are signed RSA-SHA256) with its certificate, and is valid now.
import { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../contract';
import { GatewayError, loadFacilityCredential, type FacilityCredential } from '../insurance';
import { SettingsError } from './settings-store';

const DAY_MS = 86_400_000;

/** From this many days before expiry the desk warns that the certificate must be renewed. */
export const CERTIFICATE_WARNING_DAYS = 30;

export function certificateInfo(credential: FacilityCredential, now: Date): CertificateInfo {
  const x509 = new X509Certificate(credential.certificatePem);
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    notBefore: credential.notBefore.toISOString(),
    notAfter: credential.notAfter.toISOString(),
    daysLeft: Math.floor((credential.notAfter.getTime() - now.getTime()) / DAY_MS),
    fingerprint: credential.fingerprintSha256.replace(/:/g, ''),
  };
}

/** Opens and checks a PKCS#12 for setup; every refusal says what to do, next to the certificate field. */
export function readSigningCertificate(p12: Uint8Array, password: string, now: Date): { credential: FacilityCredential; info: CertificateInfo } {
  let credential: FacilityCredential;
  try {
    credential = loadFacilityCredential(p12, password);
  } catch (error) {
    throw new SettingsError('invalid', error instanceof GatewayError ? error.message : 'not a PKCS#12 file', 'certificate');
  }
  const x509 = new X509Certificate(credential.certificatePem);
  if (x509.publicKey.asymmetricKeyType !== 'rsa') throw new SettingsError('invalid', 'the certificate’s key is not RSA: check-in reports are signed with RSA-SHA256', 'certificate');
  if (credential.notAfter.getTime() < now.getTime()) throw new SettingsError('invalid', `the certificate expired on ${credential.notAfter.toISOString().slice(0, 10)}`, 'certificate');
  if (credential.notBefore.getTime() > now.getTime()) throw new SettingsError('invalid', `the certificate is valid only from ${credential.notBefore.toISOString().slice(0, 10)}`, 'certificate');
  return { credential, info: certificateInfo(credential, now) };
}
