// ICAO Doc 9303-11 Appendix G.1: PACE ECDH Generic Mapping on brainpoolP256r1 with AES-128, MRZ password.
import { describe, expect, it } from 'vitest';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import { fromHex, toHex, uintBytes } from '../../util/bytes';
import { ApduTransport } from '../apdu/transport';
import { decodePoint, encodePoint, xCoordinate } from '../crypto/curves';
import { OID_PACE_ECDH_GM_AES_128 } from '../oids';
import { authenticationToken, mapGenerator, nonceCipher, passwordKey, sessionKeys } from './pace';
import { performPace } from './pace-terminal';

const password = { kind: 'mrz', mrzInformation: 'T22000129364081251010318' } as const;
const v = {
  kPi: '89DED1B26624EC1E634C1989302849DD',
  z: '95A3A016522EE98D01E76CB6B98B42C3',
  s: '3F00C4D39D153F2B2A214A078D899B22',
  skMapIfd: '7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99',
  pkMapIfd: '047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D',
  pkMapIc: '04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54',
  h: '0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD50840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181',
  mappedG: '048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522',
  skIfd: 'A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595',
  pkIfd: '042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462',
  pkIc: '049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094',
  k: '28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925',
  ksEnc: 'F5F0E35C0D7161EE6724EE513A0D9A7F',
  ksMac: 'FE251C7858B356B24514B3BD5F4297D1',
  tIfd: 'C2B0BD78D94BA866',
  tIc: '3ABB9674BCE93C08',
};
const curve = brainpoolP256r1;

describe('PACE-GM ECDH brainpoolP256r1 (ICAO 9303-11 Appendix G.1)', () => {
  it('derives K_π and decrypts the nonce', () => {
    const kPi = passwordKey(password, 'AES-128');
    expect(toHex(kPi)).toBe(v.kPi);
    expect(toHex(nonceCipher('AES-128', kPi, fromHex(v.z), false))).toBe(v.s);
  });

  it('maps the generator and agrees on the session keys', () => {
    const skMap = BigInt(`0x${v.skMapIfd}`);
    expect(toHex(encodePoint(curve.Point.BASE.multiply(skMap) as never))).toBe(v.pkMapIfd);
    const h = decodePoint(curve, fromHex(v.pkMapIc)).multiply(skMap);
    expect(toHex(encodePoint(h))).toBe(v.h);
    const g = mapGenerator(curve, fromHex(v.s), h);
    expect(toHex(encodePoint(g))).toBe(v.mappedG);
    expect(toHex(encodePoint(g.multiply(BigInt(`0x${v.skIfd}`))))).toBe(v.pkIfd);
    const k = xCoordinate(curve, decodePoint(curve, fromHex(v.pkIc)).multiply(BigInt(`0x${v.skIfd}`)));
    expect(toHex(k)).toBe(v.k);
    const keys = sessionKeys('AES-128', k);
    expect(toHex(keys.kEnc)).toBe(v.ksEnc);
    expect(toHex(keys.kMac)).toBe(v.ksMac);
    expect(toHex(authenticationToken(keys, OID_PACE_ECDH_GM_AES_128, decodePoint(curve, fromHex(v.pkIc))))).toBe(v.tIfd);
    expect(toHex(authenticationToken(keys, OID_PACE_ECDH_GM_AES_128, decodePoint(curve, fromHex(v.pkIfd))))).toBe(v.tIc);
  });

  it('runs the whole exchange against the published chip answers', async () => {
    const sent: string[] = [];
    const answers = [
      '9000',
      `7C128010${v.z}9000`,
      `7C438241${v.pkMapIc}9000`,
      `7C438441${v.pkIc}9000`,
      `7C0A8608${v.tIc}9000`,
    ];
    const transport = new ApduTransport({
      transmit: async (apdu) => {
        sent.push(toHex(apdu));
        return fromHex(answers.shift()!);
      },
    });
    // scalarFrom(r) = r mod (n-1) + 1, so feed each published private key minus one.
    const scalars = [v.skMapIfd, v.skIfd].map((hex) => uintBytes(BigInt(`0x${hex}`) - 1n, 40));
    const sm = await performPace(transport, { protocol: OID_PACE_ECDH_GM_AES_128, version: 2, parameterId: 13 }, password, {
      bytes: () => scalars.shift()!,
    });
    expect(sent[0]).toBe('0022C1A412800A04007F0007020204020283010184010D');
    expect(sent[1]).toBe('10860000027C0000');
    expect(sent[2]).toBe(`10860000457C438141${v.pkMapIfd}00`);
    expect(sent[3]).toBe(`10860000457C438341${v.pkIfd}00`);
    expect(sent[4]).toBe(`008600000C7C0A8508${v.tIfd}00`);
    expect(sm.algorithm).toBe('AES');
    expect(toHex(sm.sscBytes())).toBe('00'.repeat(16));
  });

  it('reports a wrong password as a wrong access key', async () => {
    const answers = ['9000', `7C128010${v.z}9000`, `7C438241${v.pkMapIc}9000`, `7C438441${v.pkIc}9000`, '6300'];
    const transport = new ApduTransport({ transmit: async () => fromHex(answers.shift()!) });
    const random = { bytes: (n: number) => new Uint8Array(n).fill(7) };
    await expect(
      performPace(transport, { protocol: OID_PACE_ECDH_GM_AES_128, version: 2, parameterId: 13 }, { kind: 'can', can: '000000' }, random),
    ).rejects.toMatchObject({ code: 'wrong-access-key', sw: 0x6300 });
  });
});
