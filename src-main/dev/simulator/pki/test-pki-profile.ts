// What the simulator's test PKI consists of: three CSCAs, five Document Signers and one CRL, each with a
// fixed key label, name, algorithm and validity. The generator builds from this table; the loader reads
// the signers' algorithms back from it (an RSA key alone cannot say whether it signs PKCS#1 v1.5 or PSS).
import type { EcCurveName, SignatureScheme } from './algorithms';
import type { DistinguishedName } from './certificate-builder';

/** Bump to rotate every key and certificate of the test PKI at once. */
export const TEST_PKI_SEED = 'tiepdon-test-pki-v1';

export type KeySpec = { type: 'ec'; curve: EcCurveName } | { type: 'rsa'; bits: number };

export interface CscaProfile {
  file: string;
  name: DistinguishedName;
  key: KeySpec;
  scheme: SignatureScheme;
}

export type CscaId = 'csca' | 'cscaRsa' | 'untrustedCsca';
export type SignerId = 'ecdsa' | 'rsa' | 'rsaPss' | 'untrusted' | 'revoked';

export interface SignerProfile {
  file: string;
  name: DistinguishedName;
  issuer: CscaId;
  key: KeySpec;
  scheme: SignatureScheme;
}

const ORGANIZATION = 'Tiep Don TEST PKI';

/** Fixed dates: fixtures must not expire under the tests' feet (ICAO 9303-12 §7.1.1 validity). */
export const CSCA_VALIDITY = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2039-12-31T23:59:59Z') };
/** ICAO 9303-12 §5.3: the CSCA key signs for a few years; the certificate outlives its last DS. */
export const CSCA_PRIVATE_KEY_USAGE = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2028-12-31T23:59:59Z') };
export const DS_VALIDITY = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2034-12-31T23:59:59Z') };
export const CRL_DATES = { thisUpdate: new Date('2026-01-01T00:00:00Z'), nextUpdate: new Date('2036-01-01T00:00:00Z') };
/** Before the SOD builder's default signing time (2024-06-01), so a SOD signed by DS-REVOKED is unambiguous. */
export const DS_REVOKED_AT = new Date('2024-03-01T00:00:00Z');

export const CSCAS: Record<CscaId, CscaProfile> = {
  // Like Vietnam's CSCA (brainpoolP512r1, ecdsa-with-SHA512), but with the named-curve OID where the real
  // one spells the curve out as explicit parameters.
  csca: {
    file: 'test-csca',
    name: { country: 'VN', organization: ORGANIZATION, commonName: 'CSCA TEST Tiep Don' },
    key: { type: 'ec', curve: 'brainpoolP512r1' },
    scheme: { kind: 'ecdsa', digest: 'sha512' },
  },
  cscaRsa: {
    file: 'test-csca-rsa',
    name: { country: 'VN', organization: ORGANIZATION, commonName: 'CSCA TEST Tiep Don RSA' },
    key: { type: 'rsa', bits: 3072 },
    scheme: { kind: 'rsa-pkcs1', digest: 'sha256' },
  },
  // Never in any trust store: the "issuer not trusted" case.
  untrustedCsca: {
    file: 'untrusted-csca',
    name: { country: 'VN', organization: 'Untrusted TEST PKI', commonName: 'CSCA UNTRUSTED TEST' },
    key: { type: 'ec', curve: 'brainpoolP256r1' },
    scheme: { kind: 'ecdsa', digest: 'sha256' },
  },
};

export const SIGNERS: Record<SignerId, SignerProfile> = {
  ecdsa: {
    file: 'ds-ecdsa',
    name: { country: 'VN', organization: ORGANIZATION, commonName: 'DS TEST Tiep Don ECDSA' },
    issuer: 'csca',
    key: { type: 'ec', curve: 'brainpoolP256r1' },
    scheme: { kind: 'ecdsa', digest: 'sha256' },
  },
  rsa: {
    file: 'ds-rsa',
    name: { country: 'VN', organization: ORGANIZATION, commonName: 'DS TEST Tiep Don RSA' },
    issuer: 'cscaRsa',
    key: { type: 'rsa', bits: 2048 },
    scheme: { kind: 'rsa-pkcs1', digest: 'sha256' },
  },
  rsaPss: {
    file: 'ds-rsa-pss',
    name: { country: 'VN', organization: ORGANIZATION, commonName: 'DS TEST Tiep Don RSA-PSS' },
    issuer: 'cscaRsa',
    key: { type: 'rsa', bits: 2048 },
    scheme: { kind: 'rsa-pss', digest: 'sha256' },
  },
  untrusted: {
    file: 'ds-untrusted',
    name: { country: 'VN', organization: 'Untrusted TEST PKI', commonName: 'DS UNTRUSTED TEST' },
    issuer: 'untrustedCsca',
    key: { type: 'ec', curve: 'brainpoolP256r1' },
    scheme: { kind: 'ecdsa', digest: 'sha256' },
  },
  // Listed on the test CSCA's CRL.
  revoked: {
    file: 'ds-revoked',
    name: { country: 'VN', organization: ORGANIZATION, commonName: 'DS TEST Tiep Don REVOKED' },
    issuer: 'csca',
    key: { type: 'ec', curve: 'brainpoolP256r1' },
    scheme: { kind: 'ecdsa', digest: 'sha256' },
  },
};

export const CRL_FILE = 'test-csca.crl';

/**
 * The Master List Signer (ICAO 9303-12 §8): signs the test CSCA master list; its certificate is issued by
 * a CSCA of the list. Its key is derived again whenever a list is built, never written.
 */
export const MASTER_LIST_SIGNER = {
  file: 'ml-signer',
  name: { country: 'VN', organization: ORGANIZATION, commonName: 'ML SIGNER TEST Tiep Don' },
  key: { type: 'ec', curve: 'brainpoolP256r1' },
  scheme: { kind: 'ecdsa', digest: 'sha256' },
  validity: { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2035-12-31T23:59:59Z') },
  signedAt: new Date('2026-01-15T00:00:00Z'),
} as const satisfies Omit<SignerProfile, 'issuer'> & { validity: { notBefore: Date; notAfter: Date }; signedAt: Date };

/** CMS-signed CscaMasterList of the test CSCAs (test-csca, test-csca-rsa), signed by MASTER_LIST_SIGNER. */
export const MASTER_LIST_FILE = 'test-master-list.ml';

export function certificateFile(file: string): string {
  return `${file}.pem`;
}

export function privateKeyFile(file: string): string {
  return `${file}.key.pem`;
}
