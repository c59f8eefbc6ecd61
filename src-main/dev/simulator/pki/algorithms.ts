// Algorithm identifiers the test PKI signs with, encoded the way the standards ask, so that the reader's
// verifier meets the encodings real Document Signers use:
// - SHA-2 digests: parameters absent (RFC 5754 §2: "MUST generate ... with absent parameters");
// - ecdsa-with-SHA*: parameters absent (RFC 5758 §3.2);
// - sha256WithRSAEncryption: parameters NULL (RFC 5754 §3.2, RFC 4055 §5);
// - RSASSA-PSS: explicit RSASSA-PSS-params, hash and MGF1 hash SHA-256, salt 32 (RFC 4055 §3.1; ICAO
//   9303-12 §7.1.1 lists RSASSA-PSS among the allowed DS signature algorithms).
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';

export type DigestName = 'sha256' | 'sha384' | 'sha512';

export const DIGEST_OIDS: Record<DigestName, string> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

export const DIGEST_LENGTHS: Record<DigestName, number> = { sha256: 32, sha384: 48, sha512: 64 };

export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_MGF1 = '1.2.840.113549.1.1.8';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
export const OID_SHA384_WITH_RSA = '1.2.840.113549.1.1.12';
export const OID_SHA512_WITH_RSA = '1.2.840.113549.1.1.13';

export const ECDSA_OIDS: Record<DigestName, string> = {
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};

const RSA_PKCS1_OIDS: Record<DigestName, string> = {
  sha256: OID_SHA256_WITH_RSA,
  sha384: OID_SHA384_WITH_RSA,
  sha512: OID_SHA512_WITH_RSA,
};

/** Named curves (RFC 5639 §4.1 for brainpool, RFC 5480 §2.1.1.1 for NIST). */
export const CURVE_OIDS = {
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
  brainpoolP384r1: '1.3.36.3.3.2.8.1.1.11',
  brainpoolP512r1: '1.3.36.3.3.2.8.1.1.13',
  'P-256': '1.2.840.10045.3.1.7',
  'P-384': '1.3.132.0.34',
  'P-521': '1.3.132.0.35',
} as const;

export type EcCurveName = keyof typeof CURVE_OIDS;

export function curveNameOf(oid: string): EcCurveName | undefined {
  return (Object.keys(CURVE_OIDS) as EcCurveName[]).find((name) => CURVE_OIDS[name] === oid);
}

/** How a key signs: the scheme plus the digest it hashes the data with. */
export type SignatureScheme =
  | { kind: 'ecdsa'; digest: DigestName }
  | { kind: 'rsa-pkcs1'; digest: DigestName }
  | { kind: 'rsa-pss'; digest: DigestName };

/** Salt length of the PSS signatures: the digest length, the usual choice (RFC 8017 §9.1 note 4). */
export function pssSaltLength(scheme: SignatureScheme): number {
  return DIGEST_LENGTHS[scheme.digest];
}

export function signatureAlgorithmOid(scheme: SignatureScheme): string {
  switch (scheme.kind) {
    case 'ecdsa':
      return ECDSA_OIDS[scheme.digest];
    case 'rsa-pkcs1':
      return RSA_PKCS1_OIDS[scheme.digest];
    case 'rsa-pss':
      return OID_RSASSA_PSS;
  }
}

export function digestAlgorithmIdentifier(digest: DigestName): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: DIGEST_OIDS[digest] });
}

export function signatureAlgorithmIdentifier(scheme: SignatureScheme): AlgorithmIdentifier {
  const algorithm = signatureAlgorithmOid(scheme);
  switch (scheme.kind) {
    case 'ecdsa':
      return new AlgorithmIdentifier({ algorithm });
    case 'rsa-pkcs1':
      return new AlgorithmIdentifier({ algorithm, parameters: null });
    case 'rsa-pss': {
      const hashAlgorithm = digestAlgorithmIdentifier(scheme.digest);
      const params = new RsaSaPssParams({
        hashAlgorithm,
        maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: OID_MGF1, parameters: AsnConvert.serialize(hashAlgorithm) }),
        saltLength: pssSaltLength(scheme),
      });
      return new AlgorithmIdentifier({ algorithm, parameters: AsnConvert.serialize(params) });
    }
  }
}

/** The scheme a signature-algorithm OID names, with `digest` for PSS (whose OID names no hash). */
export function schemeOfOid(oid: string, digest: DigestName): SignatureScheme | undefined {
  if (oid === OID_RSASSA_PSS) return { kind: 'rsa-pss', digest };
  for (const name of Object.keys(DIGEST_OIDS) as DigestName[]) {
    if (ECDSA_OIDS[name] === oid) return { kind: 'ecdsa', digest: name };
    if (RSA_PKCS1_OIDS[name] === oid) return { kind: 'rsa-pkcs1', digest: name };
  }
  return undefined;
}
