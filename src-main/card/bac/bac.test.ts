// ICAO Doc 9303-11, Appendix D (worked example: BAC and secure messaging), values as published.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../util/bytes';
import { decodeResponse, encodeCommand } from '../apdu/apdu';
import { ApduTransport } from '../apdu/transport';
import type { RandomSource } from '../crypto/random';
import { sha } from '../crypto/kdf';
import { SecureMessaging } from '../sm/secure-messaging';
import { bacKeys, bacSession, openBac, sealBac } from './bac';
import { performBac } from './bac-terminal';

const mrzInformation = 'L898902C<369080619406236';
const rndIc = fromHex('4608F91988702212');
const rndIfd = fromHex('781723860C06C226');
const kIfd = fromHex('0B795240CB7049B01C19B33E32804F0B');
const kIc = fromHex('0B4F80323EB3191CB04970CB4052790B');

describe('BAC (ICAO 9303-11 Appendix D)', () => {
  it('derives K_seed, K_enc and K_mac from the MRZ information', () => {
    expect(toHex(sha('sha1', new TextEncoder().encode(mrzInformation)).subarray(0, 16))).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    const keys = bacKeys(mrzInformation);
    expect(toHex(keys.kEnc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(toHex(keys.kMac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('builds the terminal cryptogram E_IFD ‖ M_IFD', () => {
    const sealed = sealBac(bacKeys(mrzInformation), Uint8Array.from([...rndIfd, ...rndIc, ...kIfd]));
    expect(toHex(sealed)).toBe('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7');
  });

  it("opens the chip's answer and derives the session keys and SSC", () => {
    const answer = fromHex('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449');
    const plain = openBac(bacKeys(mrzInformation), answer);
    expect(toHex(plain)).toBe('4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B');
    const session = bacSession(kIfd, kIc, rndIc, rndIfd);
    expect(toHex(session.keys.kEnc)).toBe('979EC13B1CBFE9DCD01AB0FED307EAE5');
    expect(toHex(session.keys.kMac)).toBe('F1CB1F1FB5ADF208806B89DC579DC1F8');
    expect(toHex(session.ssc)).toBe('887022120C06C226');
  });

  it('rejects an answer sealed with another key as a wrong access key', () => {
    const answer = fromHex('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449');
    expect(() => openBac(bacKeys('L898902C<369080619406237'), answer)).toThrow(expect.objectContaining({ code: 'wrong-access-key' }));
  });

  it('runs the whole exchange against the recorded chip answers', async () => {
    const sent: string[] = [];
    const answers = ['4608F919887022129000', '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000'];
    const transport = new ApduTransport({
      transmit: async (apdu) => {
        sent.push(toHex(apdu));
        return fromHex(answers.shift()!);
      },
    });
    const queue = [rndIfd, kIfd];
    const random: RandomSource = { bytes: () => queue.shift()! };
    const sm = await performBac(transport, bacKeys(mrzInformation), random);
    expect(sent).toEqual([
      '0084000008',
      '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728',
    ]);
    expect(toHex(sm.sscBytes())).toBe('887022120C06C226');
  });
});

describe('secure messaging with 3DES (ICAO 9303-11 Appendix D.4)', () => {
  const session = bacSession(kIfd, kIc, rndIc, rndIfd);

  it('protects SELECT EF.COM and checks its answer', () => {
    const sm = new SecureMessaging(session.keys, session.ssc);
    const command = sm.protect({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    expect(toHex(encodeCommand(command))).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    const response = sm.unprotect(decodeResponse(fromHex('990290008E08FA855A5D4C50A8ED9000')));
    expect(response).toEqual({ data: new Uint8Array(0), sw: 0x9000 });
  });

  it('protects READ BINARY of four bytes and decrypts the answer', () => {
    const sm = new SecureMessaging(session.keys, fromHex('887022120C06C228'));
    const command = sm.protect({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, ne: 4 });
    expect(toHex(encodeCommand(command))).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    const response = sm.unprotect(decodeResponse(fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000')));
    expect(toHex(response.data)).toBe('60145F01');
    expect(response.sw).toBe(0x9000);
    expect(sm.verifiedResponses).toBe(1);
  });

  it('refuses a response whose MAC does not verify', () => {
    const sm = new SecureMessaging(session.keys, session.ssc);
    sm.protect({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    expect(() => sm.unprotect(decodeResponse(fromHex('990290008E08FA855A5D4C50A8EE9000')))).toThrow(
      expect.objectContaining({ code: 'secure-messaging', failure: 'mac-mismatch' }),
    );
    expect(sm.verifiedResponses).toBe(0);
  });

  it.each([
    [0x6a82, 'unprotected-status'],
    [0x9000, 'unprotected-status'],
    [0x6987, 'session-ended'],
    [0x6988, 'session-ended'],
  ] as const)('a status %s in the clear is a secure-messaging failure (%s), never an answer', (sw, failure) => {
    const sm = new SecureMessaging(session.keys, session.ssc);
    sm.protect({ cla: 0x00, ins: 0xb0, p1: 0, p2: 0, ne: 4 });
    expect(() => sm.unprotect({ data: new Uint8Array(0), sw })).toThrow(expect.objectContaining({ code: 'secure-messaging', failure, sw }));
    expect(sm.verifiedResponses).toBe(0);
  });

  it('data without a MAC is refused, whatever the status', () => {
    const sm = new SecureMessaging(session.keys, session.ssc);
    sm.protect({ cla: 0x00, ins: 0xb0, p1: 0, p2: 0, ne: 4 });
    expect(() => sm.unprotect({ data: fromHex('60145F01'), sw: 0x6282 })).toThrow(expect.objectContaining({ failure: 'unauthenticated-data' }));
    expect(() => sm.unprotect({ data: fromHex('8709019FF0EC34F9922651'), sw: 0x9000 })).toThrow(expect.objectContaining({ failure: 'unauthenticated-data' }));
  });

  it('card side opens what the terminal protected and the terminal opens what the card answered', () => {
    const terminal = new SecureMessaging(session.keys, session.ssc);
    const card = new SecureMessaging(session.keys, session.ssc);
    const plain = card.unprotectCommand(terminal.protect({ cla: 0x00, ins: 0xb0, p1: 0x01, p2: 0x02, ne: 65536 }));
    expect(plain).toEqual({ cla: 0, ins: 0xb0, p1: 1, p2: 2, ne: 65536 });
    const answer = card.protectResponse({ data: fromHex('0102030405'), sw: 0x6282 }, 0xb0);
    expect(terminal.unprotect(answer)).toEqual({ data: fromHex('0102030405'), sw: 0x6282 });
  });
});
