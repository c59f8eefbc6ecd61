// Signature checks for CMS signer infos and CRLs by algorithm OID, through Node's OpenSSL (brainpool,
// explicit curve parameters and RSA-PSS included).
import { constants, verify, type KeyObject } from 'node:crypto';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

const RSASSA_PSS = '1.2.840.113549.1.1.10';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

export function hashName(oid: string): string | undefined {
  return HASH_BY_OID[oid];
}

/**
 * Verifies `signature` over `data`. `digestOid` is used when the signature OID names no hash (CMS signers
 * may give plain rsaEncryption or id-ecPublicKey with a separate digest algorithm).
 */
export function verifySignature(algorithm: pkijs.AlgorithmIdentifier, digestOid: string | null, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  const oid = algorithm.algorithmId;
  try {
    if (oid === RSASSA_PSS) {
      const params = new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams as asn1js.Sequence });
      const hash = HASH_BY_OID[params.hashAlgorithm.algorithmId] ?? 'sha1';
      return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
    }
    const hash = SIGNATURE_HASH[oid] ?? ((oid === RSA_ENCRYPTION || oid === EC_PUBLIC_KEY) && digestOid ? HASH_BY_OID[digestOid] : undefined);
    if (!hash) return false;
    return verify(hash, data, key, signature);
  } catch {
    return false;
  }
}
