// Chip Authentication (ICAO 9303-11 §6.2): ECDH between a fresh terminal key and the chip's static DG14
// key, then secure messaging restarts with keys from the shared secret. Only a chip holding the private
// key can answer under the new keys, so a response whose MAC verifies under them is the proof; a copy
// of the data on another chip cannot produce one.
import { createECDH } from 'node:crypto';
import type { ApduTransport } from '../apdu/transport';
import { SW, swHex } from '../apdu/status';
import { curveByName, fieldLength } from '../crypto/curves';
import type { CipherAlgorithm } from '../crypto/kdf';
import type { RandomSource } from '../crypto/random';
import { parseEcSpki } from '../crypto/public-keys';
import type { SecurityInfos } from '../lds/security-infos';
import { ID_CA } from '../oids';
import { dynamicAuthenticationData, oidContent, sessionKeys } from '../pace/pace';
import { SecureMessaging } from '../sm/secure-messaging';
import { encodeTlv, readTlv } from '../tlv/tlv';

export type CheckResult = { result: 'passed' | 'failed' | 'not-supported'; reason: string };

/**
 * What running the protocol gives: the transport switched to the new keys ('keys-switched', not yet a
 * pass: the reader confirms with `session.verifiedResponses`), or a final result.
 */
export type CaStart = { result: 'keys-switched'; session: SecureMessaging } | CheckResult;

const CIPHERS: Record<string, CipherAlgorithm> = { '1': '3DES', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };
const NODE_CURVES: Record<string, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
  brainpoolP256r1: 'brainpoolP256r1',
  brainpoolP384r1: 'brainpoolP384r1',
  brainpoolP512r1: 'brainpoolP512r1',
};

/** Runs CA and switches the transport to the new keys; the caller confirms (see CaStart). */
export async function performChipAuthentication(transport: ApduTransport, dg14: SecurityInfos, random: RandomSource): Promise<CaStart> {
  const info = dg14.chipAuthentication.find((candidate) => candidate.protocol.startsWith(`${ID_CA}.2.`));
  const keyInfo = dg14.chipAuthenticationPublicKeys.find((key) => info && (info.keyId === null || key.keyId === info.keyId) && key.protocol.endsWith('.2'));
  if (!info || !keyInfo) {
    const dh = dg14.chipAuthentication.some((candidate) => candidate.protocol.startsWith(`${ID_CA}.1.`));
    return { result: 'not-supported', reason: dh ? 'DH chip authentication is not implemented' : 'no chip authentication key in DG14' };
  }
  const cipher = CIPHERS[info.protocol.split('.').pop() ?? ''];
  if (!cipher) return { result: 'not-supported', reason: `chip authentication protocol ${info.protocol}` };
  const chipKey = parseEcSpki(keyInfo.subjectPublicKeyInfo);
  const curve = curveByName(chipKey.curveName);

  const ecdh = createECDH(NODE_CURVES[chipKey.curveName]!);
  const n = curve.Point.Fn.ORDER;
  const scalar = (BigInt(`0x${Buffer.from(random.bytes(curve.Point.Fn.BYTES + 8)).toString('hex')}`) % (n - 1n)) + 1n;
  ecdh.setPrivateKey(Buffer.from(scalar.toString(16).padStart(curve.Point.Fn.BYTES * 2, '0'), 'hex'));
  const terminalPublic = new Uint8Array(ecdh.getPublicKey());

  const mse = await transport.send({
    cla: 0x00,
    ins: 0x22,
    p1: 0x41,
    p2: 0xa4,
    data: Uint8Array.from([...encodeTlv(0x80, oidContent(info.protocol)), ...(info.keyId !== null ? encodeTlv(0x84, Uint8Array.of(info.keyId)) : [])]),
  });
  if (mse.sw !== SW.OK) return { result: 'failed', reason: `MSE:Set AT refused (${swHex(mse.sw)})` };
  const answer = await transport.send({ cla: 0x00, ins: 0x86, p1: 0, p2: 0, data: dynamicAuthenticationData(encodeTlv(0x80, terminalPublic)), ne: 256 });
  if (answer.sw !== SW.OK || (answer.data.length > 0 && readTlv(answer.data).tag !== 0x7c)) {
    return { result: 'failed', reason: `GENERAL AUTHENTICATE refused (${swHex(answer.sw)})` };
  }
  let shared: Uint8Array;
  try {
    shared = new Uint8Array(ecdh.computeSecret(Buffer.from(chipKey.point)));
  } catch {
    return { result: 'failed', reason: 'the DG14 key is not a valid point' };
  }
  if (shared.length !== fieldLength(curve)) return { result: 'failed', reason: 'shared secret length' };
  const session = new SecureMessaging(sessionKeys(cipher, shared), 0n);
  transport.sm = session;
  return { result: 'keys-switched', session };
}
