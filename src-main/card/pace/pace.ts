// PACE with Generic Mapping over ECDH (ICAO 9303-11 §4.4, BSI TR-03110-3 §A.3), shared by the terminal
// (pace-terminal.ts) and the simulated card: cipher choice from the protocol OID, the password key K_π,
// the nonce, the mapped generator and the authentication tokens.
import * as asn1js from 'asn1js';
import { concat } from '../../util/bytes';
import { aesCbc, aesCmac8, des3Cbc, retailMac } from '../crypto/cipher';
import { curveByName, encodePoint, type Curve, type Point } from '../crypto/curves';
import { kdf, KDF_ENC, KDF_MAC, KDF_PACE, sha, type CipherAlgorithm } from '../crypto/kdf';
import { pad } from '../crypto/padding';
import { CardError } from '../errors';
import { ID_PACE, STANDARD_CURVES } from '../oids';
import type { SessionKeys } from '../sm/secure-messaging';
import { encodeTlv } from '../tlv/tlv';
import type { PaceInfo } from '../lds/security-infos';

export type PacePassword = { kind: 'can'; can: string } | { kind: 'mrz'; mrzInformation: string };

export interface PaceSuite {
  protocol: string;
  cipher: CipherAlgorithm;
  curve: Curve;
  curveName: string;
  parameterId: number;
}

const CIPHER_BY_ARC: Record<string, CipherAlgorithm> = { '1': '3DES', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

/** The suite a PACEInfo describes; only ECDH Generic Mapping with a standardized curve is supported. */
export function paceSuite(info: PaceInfo): PaceSuite {
  const arcs = info.protocol.slice(ID_PACE.length + 1).split('.');
  const cipher = CIPHER_BY_ARC[arcs[1] ?? ''];
  if (arcs[0] !== '2' || !cipher) throw new CardError('unsupported-card', `PACE protocol ${info.protocol}`);
  const curveName = info.parameterId === null ? undefined : STANDARD_CURVES[info.parameterId];
  if (!curveName) throw new CardError('unsupported-card', `PACE parameter ${info.parameterId}`);
  return { protocol: info.protocol, cipher, curve: curveByName(curveName), curveName, parameterId: info.parameterId! };
}

export function passwordReference(password: PacePassword): number {
  return password.kind === 'mrz' ? 0x01 : 0x02;
}

/** K_π = KDF(f(π), 3): f is the CAN itself, or SHA-1 of the MRZ information (§9.7.3). */
export function passwordKey(password: PacePassword, cipher: CipherAlgorithm): Uint8Array {
  const encoder = new TextEncoder();
  const secret = password.kind === 'can' ? encoder.encode(password.can) : sha('sha1', encoder.encode(password.mrzInformation));
  return kdf(secret, KDF_PACE, cipher);
}

export function nonceCipher(cipher: CipherAlgorithm, key: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array {
  return cipher === '3DES' ? des3Cbc(key, data, encrypt) : aesCbc(key, data, encrypt);
}

/** Generic Mapping: G~ = s·G + H, with H the ECDH result of the mapping keys (§4.4.3.3.1). */
export function mapGenerator(curve: Curve, nonce: Uint8Array, sharedMappingPoint: Point): Point {
  const s = BigInt(`0x${Buffer.from(nonce).toString('hex')}`) % curve.Point.Fn.ORDER;
  return curve.Point.BASE.multiply(s).add(sharedMappingPoint as never) as Point;
}

export function sessionKeys(cipher: CipherAlgorithm, sharedSecret: Uint8Array): SessionKeys {
  return {
    algorithm: cipher === '3DES' ? '3DES' : 'AES',
    kEnc: kdf(sharedSecret, KDF_ENC, cipher),
    kMac: kdf(sharedSecret, KDF_MAC, cipher),
  };
}

export function oidContent(oid: string): Uint8Array {
  const der = new Uint8Array(new asn1js.ObjectIdentifier({ value: oid }).toBER(false));
  return der.subarray(2);
}

/** T = MAC(KS_mac, 7F49 { 06 OID, 86 public point }) over the other side's ephemeral key (§4.4.3.4). */
export function authenticationToken(keys: SessionKeys, protocol: string, otherPublicKey: Point): Uint8Array {
  const input = encodeTlv(0x7f49, encodeTlv(0x06, oidContent(protocol)), encodeTlv(0x86, encodePoint(otherPublicKey)));
  return keys.algorithm === 'AES' ? aesCmac8(keys.kMac, input) : retailMac(keys.kMac, pad(input, 8));
}

export function dynamicAuthenticationData(...objects: Uint8Array[]): Uint8Array {
  return encodeTlv(0x7c, concat(...objects));
}
