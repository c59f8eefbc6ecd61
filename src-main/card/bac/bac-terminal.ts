// The terminal's BAC run: GET CHALLENGE, MUTUAL AUTHENTICATE, session keys (ICAO 9303-11 §4.3.1).
import { concat, equalBytes } from '../../util/bytes';
import type { ApduTransport } from '../apdu/transport';
import { SW } from '../apdu/status';
import type { RandomSource } from '../crypto/random';
import { CardError } from '../errors';
import { SecureMessaging } from '../sm/secure-messaging';
import { bacSession, openBac, sealBac, type BacKeys } from './bac';

export async function performBac(transport: ApduTransport, keys: BacKeys, random: RandomSource): Promise<SecureMessaging> {
  transport.sm = null;
  const challenge = await transport.send({ cla: 0x00, ins: 0x84, p1: 0, p2: 0, ne: 8 });
  if (challenge.sw !== SW.OK || challenge.data.length !== 8) throw new CardError('unsupported-card', 'GET CHALLENGE refused', challenge.sw);
  const rndIc = challenge.data;
  const rndIfd = random.bytes(8);
  const kIfd = random.bytes(16);
  const answer = await transport.send({ cla: 0x00, ins: 0x82, p1: 0, p2: 0, data: sealBac(keys, concat(rndIfd, rndIc, kIfd)), ne: 40 });
  // 6300 / 6982 / 6988 are how cards refuse a wrong MRZ key.
  if (answer.sw !== SW.OK) throw new CardError('wrong-access-key', 'MUTUAL AUTHENTICATE refused', answer.sw);
  const plain = openBac(keys, answer.data);
  if (!equalBytes(plain.subarray(0, 8), rndIc) || !equalBytes(plain.subarray(8, 16), rndIfd)) {
    throw new CardError('wrong-access-key', 'BAC nonces do not match');
  }
  const session = bacSession(kIfd, plain.subarray(16, 32), rndIc, rndIfd);
  const sm = new SecureMessaging(session.keys, session.ssc);
  transport.sm = sm;
  return sm;
}
