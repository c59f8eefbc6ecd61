// Active Authentication (ICAO 9303-11 §6.1): the chip signs a fresh random challenge with the private
// key behind DG15, which cannot be read out and so cannot be copied to another chip.
import { constants, createPublicKey, publicDecrypt, verify } from 'node:crypto';
import { bytesToBigInt, uintBytes } from '../../util/bytes';
import type { ApduTransport } from '../apdu/transport';
import { SW, swHex } from '../apdu/status';
import type { RandomSource } from '../crypto/random';
import type { Dg15 } from '../lds/dg15';
import type { SecurityInfos } from '../lds/security-infos';
import type { CheckResult } from '../ca/chip-authentication';
import { verifyIso9796 } from './iso9796';

/** ecdsa-with-SHA* (RFC 5758) and the BSI plain-signature OIDs (TR-03111 §5.2.1). */
const ECDSA_HASHES: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
};

export async function performActiveAuthentication(
  transport: ApduTransport,
  dg15: Dg15,
  dg14: SecurityInfos | null,
  random: RandomSource,
): Promise<CheckResult> {
  const challenge = random.bytes(8);
  const response = await transport.send({ cla: 0x00, ins: 0x88, p1: 0, p2: 0, data: challenge, ne: 256 });
  if (response.sw !== SW.OK || response.data.length === 0) {
    return { result: 'failed', reason: `INTERNAL AUTHENTICATE refused (${swHex(response.sw)})` };
  }
  const key = createPublicKey({ key: Buffer.from(dg15.subjectPublicKeyInfo), format: 'der', type: 'spki' });
  if (dg15.keyType === 'rsa') {
    let representative: Uint8Array;
    try {
      representative = new Uint8Array(publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, response.data));
    } catch {
      return { result: 'failed', reason: 'signature does not fit the DG15 key' };
    }
    // ISO 9796-2 allows the chip to send n − s instead of s (§B.6); try both.
    const modulus = bytesToBigInt(new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).n!, 'base64url')));
    const alternative = uintBytes(modulus - bytesToBigInt(representative), representative.length);
    return verifyIso9796(representative, challenge) || verifyIso9796(alternative, challenge)
      ? { result: 'passed', reason: 'RSA signature over a fresh challenge verifies' }
      : { result: 'failed', reason: 'RSA signature over the challenge does not verify' };
  }
  if (dg15.keyType === 'ec') {
    const algorithm = dg14?.activeAuthentication[0]?.signatureAlgorithm;
    const hash = algorithm ? ECDSA_HASHES[algorithm] : undefined;
    if (!hash) return { result: 'not-supported', reason: 'DG14 names no ECDSA hash for active authentication' };
    const valid = verify(hash, challenge, { key, dsaEncoding: 'ieee-p1363' }, response.data);
    return valid
      ? { result: 'passed', reason: 'ECDSA signature over a fresh challenge verifies' }
      : { result: 'failed', reason: 'ECDSA signature over the challenge does not verify' };
  }
  return { result: 'not-supported', reason: 'DG15 key type is not supported' };
}
