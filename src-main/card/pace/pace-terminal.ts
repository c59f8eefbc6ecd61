// The terminal's PACE run (ICAO 9303-11 §4.4.4): MSE:Set AT, then four GENERAL AUTHENTICATE steps.
import { equalBytes } from '../../util/bytes';
import type { ApduTransport } from '../apdu/transport';
import { SW } from '../apdu/status';
import { decodePoint, encodePoint, scalarFrom, xCoordinate } from '../crypto/curves';
import type { RandomSource } from '../crypto/random';
import { CardError, malformed } from '../errors';
import type { PaceInfo } from '../lds/security-infos';
import { SecureMessaging } from '../sm/secure-messaging';
import { encodeTlv, findTlv, parseTlvs, readTlv } from '../tlv/tlv';
import {
  authenticationToken,
  dynamicAuthenticationData,
  mapGenerator,
  nonceCipher,
  oidContent,
  paceSuite,
  passwordKey,
  passwordReference,
  sessionKeys,
  type PacePassword,
} from './pace';

async function generalAuthenticate(transport: ApduTransport, tag: number, value: Uint8Array, last: boolean): Promise<Uint8Array> {
  const data = tag === 0 ? dynamicAuthenticationData() : dynamicAuthenticationData(encodeTlv(tag, value));
  const response = await transport.send({ cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0, p2: 0, data, ne: 256 });
  // A wrong password surfaces at the token step as 6300 (or 6982/6988 on some cards).
  if (response.sw !== SW.OK) throw new CardError('wrong-access-key', 'GENERAL AUTHENTICATE refused', response.sw);
  const outer = readTlv(response.data);
  if (outer.tag !== 0x7c) throw malformed('dynamic authentication data');
  const expected = tag === 0 ? 0x80 : tag + 1;
  const inner = findTlv(parseTlvs(outer.value), expected);
  if (!inner) throw malformed(`GENERAL AUTHENTICATE without tag 0x${expected.toString(16)}`);
  return inner.value;
}

export async function performPace(transport: ApduTransport, info: PaceInfo, password: PacePassword, random: RandomSource): Promise<SecureMessaging> {
  const suite = paceSuite(info);
  const { curve } = suite;
  transport.sm = null;

  const mse = await transport.send({
    cla: 0x00,
    ins: 0x22,
    p1: 0xc1,
    p2: 0xa4,
    data: Uint8Array.from([
      ...encodeTlv(0x80, oidContent(suite.protocol)),
      ...encodeTlv(0x83, Uint8Array.of(passwordReference(password))),
      ...encodeTlv(0x84, Uint8Array.of(suite.parameterId)),
    ]),
  });
  if (mse.sw !== SW.OK) throw new CardError('unsupported-card', 'MSE:Set AT for PACE refused', mse.sw);

  const encryptedNonce = await generalAuthenticate(transport, 0, new Uint8Array(0), false);
  const nonce = nonceCipher(suite.cipher, passwordKey(password, suite.cipher), encryptedNonce, false);

  const mappingKey = scalarFrom(curve, random.bytes(curve.Point.Fn.BYTES + 8));
  const chipMappingPoint = decodePoint(curve, await generalAuthenticate(transport, 0x81, encodePoint(curve.Point.BASE.multiply(mappingKey)), false));
  const generator = mapGenerator(curve, nonce, chipMappingPoint.multiply(mappingKey));

  const ephemeralKey = scalarFrom(curve, random.bytes(curve.Point.Fn.BYTES + 8));
  const terminalPublic = generator.multiply(ephemeralKey);
  const chipPublic = decodePoint(curve, await generalAuthenticate(transport, 0x83, encodePoint(terminalPublic), false));
  if (chipPublic.equals(terminalPublic as never)) throw new CardError('secure-messaging', 'chip echoed the terminal key');
  const keys = sessionKeys(suite.cipher, xCoordinate(curve, chipPublic.multiply(ephemeralKey)));

  const chipToken = await generalAuthenticate(transport, 0x85, authenticationToken(keys, suite.protocol, chipPublic), true);
  if (!equalBytes(chipToken, authenticationToken(keys, suite.protocol, terminalPublic))) {
    throw new CardError('secure-messaging', 'chip authentication token does not verify');
  }
  const sm = new SecureMessaging(keys, 0n);
  transport.sm = sm;
  return sm;
}
