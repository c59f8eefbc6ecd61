// Public keys from the chip (DG14 CA keys, DG15 AA keys): the curve of an EC key, by OID or by explicit
// parameters (many chips spell the curve out), and Node KeyObjects for signature checks.
import * as asn1js from 'asn1js';
import { bytesToBigInt } from '../../util/bytes';
import { children, oidOf, parseDer } from '../asn1';
import { malformed } from '../errors';
import { curveByName, type CurveName } from './curves';

const CURVE_OIDS: Record<string, CurveName> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};

export const CURVE_OID_BY_NAME: Record<CurveName, string> = Object.fromEntries(
  Object.entries(CURVE_OIDS).map(([oid, name]) => [name, oid]),
) as Record<CurveName, string>;

export interface EcPublicKey {
  curveName: CurveName;
  point: Uint8Array;
}

/** The curve named by EC domain parameters: an OID, or explicit parameters matched by their prime. */
export function curveFromParameters(parameters: asn1js.AsnType | undefined): CurveName {
  if (parameters instanceof asn1js.ObjectIdentifier) {
    const name = CURVE_OIDS[parameters.valueBlock.toString()];
    if (!name) throw malformed(`unknown curve ${parameters.valueBlock.toString()}`);
    return name;
  }
  if (parameters instanceof asn1js.Sequence) {
    // SpecifiedECDomain (RFC 3279 §2.3.5): version, fieldID { prime-field, p }, curve, base, order…
    const fieldId = children(parameters, 'ECParameters')[1];
    const prime = fieldId ? children(fieldId, 'FieldID')[1] : undefined;
    if (!(prime instanceof asn1js.Integer)) throw malformed('explicit curve without a prime');
    const p = bytesToBigInt(new Uint8Array(prime.valueBlock.valueHexView));
    for (const name of Object.values(CURVE_OIDS)) {
      if (curveByName(name).Point.CURVE().p === p) return name;
    }
    throw malformed('explicit curve not supported');
  }
  throw malformed('EC parameters missing');
}

/** An EC key from a SubjectPublicKeyInfo (any algorithm OID: id-ecPublicKey or id-PK-ECDH). */
export function parseEcSpki(spki: Uint8Array): EcPublicKey {
  const [algorithm, key] = children(parseDer(spki, 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo');
  const [, parameters] = children(algorithm!, 'AlgorithmIdentifier');
  if (!(key instanceof asn1js.BitString)) throw malformed('public key is not a BIT STRING');
  return { curveName: curveFromParameters(parameters), point: new Uint8Array(key.valueBlock.valueHexView) };
}

export function spkiAlgorithm(spki: Uint8Array): string {
  const [algorithm] = children(parseDer(spki, 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo');
  return oidOf(children(algorithm!, 'AlgorithmIdentifier')[0], 'AlgorithmIdentifier');
}
