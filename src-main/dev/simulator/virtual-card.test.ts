// The card side, checked against ICAO Doc 9303-11's published worked examples (Appendix D for BAC,
// Appendix G.1 for PACE-GM on brainpoolP256r1) and against the real CCCD's quirks (docs/cccd-chip.md).
import { describe, expect, it } from 'vitest';
import { concat, fromHex, toHex, uintBytes } from '../../util/bytes';
import { encodeCommand } from '../../card/apdu/apdu';
import { bacSession } from '../../card/bac/bac';
import type { RandomSource } from '../../card/crypto/random';
import { OID_PACE_ECDH_GM_AES_128 } from '../../card/oids';
import { SecureMessaging } from '../../card/sm/secure-messaging';
import { defaultBehaviour, type ChipImage } from './chip-image';
import { encodeSecurityInfos } from './lds/encoders';
import { VirtualCard } from './virtual-card';

const queue = (...hex: string[]): RandomSource => {
  const items = hex.map(fromHex);
  return { bytes: (n) => items.shift() ?? new Uint8Array(n) };
};

function image(mrzInformation: string, files: Record<string, string> = {}, behaviour = defaultBehaviour): ChipImage {
  return { id: 'test', atr: '3B80800101', can: '123456', mrzInformation, files, activeAuthentication: null, chipAuthentication: null, behaviour };
}

const send = (card: VirtualCard, hex: string) => toHex(card.transmit(fromHex(hex)));

describe('virtual card: BAC (ICAO 9303-11 Appendix D)', () => {
  it('answers the published terminal cryptogram with the published chip cryptogram', () => {
    const card = new VirtualCard(image('L898902C<369080619406236'), queue('4608F91988702212', '0B4F80323EB3191CB04970CB4052790B'));
    expect(send(card, '00A4040C07A0000002471001')).toBe('9000');
    expect(send(card, '0084000008')).toBe('4608F919887022129000');
    expect(send(card, '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728')).toBe(
      '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000',
    );
  });

  it('refuses a wrong MRZ key with 6300, without throwing', () => {
    const card = new VirtualCard(image('L898902C<369080619406237'), queue('4608F91988702212'));
    send(card, '00A4040C07A0000002471001');
    send(card, '0084000008');
    expect(send(card, '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728')).toBe('6300');
  });
});

describe('virtual card: PACE-GM brainpoolP256r1 (ICAO 9303-11 Appendix G.1)', () => {
  const cardAccess = toHex(encodeSecurityInfos({ pace: { protocol: OID_PACE_ECDH_GM_AES_128, parameterId: 13 } }));
  // Chip randomness: the nonce, then SK_map,IC and SK_IC as published (scalarFrom adds one, so minus one).
  const chipRandom = () =>
    queue(
      '3F00C4D39D153F2B2A214A078D899B22',
      toHex(uintBytes(BigInt('0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560') - 1n, 40)),
      toHex(uintBytes(BigInt('0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A') - 1n, 40)),
    );

  it('sends the published encrypted nonce, mapping key, ephemeral key and token', () => {
    const card = new VirtualCard(image('T22000129364081251010318', { '011C': cardAccess }), chipRandom());
    const pkMapIfd = '047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D';
    const pkMapIc = '04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54';
    const pkIfd = '042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462';
    const pkIc = '049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094';
    expect(send(card, '0022C1A412800A04007F0007020204020283010184010D')).toBe('9000');
    expect(send(card, '10860000027C0000')).toBe('7C12801095A3A016522EE98D01E76CB6B98B42C39000');
    expect(send(card, `10860000457C438141${pkMapIfd}00`)).toBe(`7C438241${pkMapIc}9000`);
    expect(send(card, `10860000457C438341${pkIfd}00`)).toBe(`7C438441${pkIc}9000`);
    expect(send(card, '008600000C7C0A8508C2B0BD78D94BA86600')).toBe('7C0A86083ABB9674BCE93C089000');
  });

  it('refuses a wrong token with 6300 (a wrong password looks like this)', () => {
    const card = new VirtualCard(image('T22000129364081251010318', { '011C': cardAccess }), chipRandom());
    send(card, '0022C1A412800A04007F0007020204020283010184010D');
    send(card, '10860000027C0000');
    send(card, '10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00');
    send(card, '10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200');
    expect(send(card, '008600000C7C0A8508C2B0BD78D94BA86700')).toBe('6300');
  });
});

describe('virtual card: the real CCCD quirks', () => {
  const file = concat(fromHex('6D82FFFF'), new Uint8Array(0xffff));
  const session = bacSession(new Uint8Array(16).fill(1), new Uint8Array(16).fill(2), new Uint8Array(8), new Uint8Array(8));

  it('answers SELECT MF with 6D00 and DG3 with 6982', () => {
    const card = new VirtualCard(image('X'), queue());
    expect(send(card, '00A4000C023F00')).toBe('6D00');
    expect(send(card, '00A4040C07A0000002471001')).toBe('9000');
    expect(send(card, '00A4020C020103')).toBe('6982');
  });

  it('refuses reading before access control with 6982', () => {
    const card = new VirtualCard(image('X', { '011E': '600100' }), queue());
    send(card, '00A4040C07A0000002471001');
    expect(send(card, '00A4020C02011E')).toBe('6982');
  });

  it('rejects a protected command replayed with an old counter (SSC) with 6988', () => {
    const card = new VirtualCard(image('X', { '010D': toHex(file) }), queue());
    (card as unknown as { sm: SecureMessaging; authenticated: boolean; appletSelected: boolean }).sm = new SecureMessaging(session.keys, session.ssc);
    Object.assign(card, { authenticated: true, appletSelected: true });
    const terminal = new SecureMessaging(session.keys, session.ssc);
    const select = encodeCommand(terminal.protect({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('010D') }));
    expect(card.transmit(select).slice(-2)).toEqual(Uint8Array.of(0x90, 0x00));
    expect(toHex(card.transmit(select))).toBe('6988');
  });

  it('reads with odd INS B1 above offset 32767 and ends with 6282 at the end of the file', () => {
    const card = new VirtualCard(image('X', { '010D': toHex(file) }), queue());
    Object.assign(card, { authenticated: true, appletSelected: true });
    expect(send(card, '00A4020C02010D')).toBe('9000');
    expect(send(card, '00B07FF010')).toBe(`${'00'.repeat(16)}9000`);
    expect(send(card, '00B1000005540300800014')).toBe(`5314${'00'.repeat(20)}9000`);
    // 0x10003 bytes in all: asking for 32 at 0xFFF0 gets the last 19 and 6282.
    expect(send(card, '00B1000005540300FFF020')).toBe(`5313${'00'.repeat(19)}6282`);
  });

  it('refuses extended length with 6700 when the chip only takes short APDUs', () => {
    const card = new VirtualCard(image('X', { '011E': '600100' }, { ...defaultBehaviour, extendedLength: false }), queue());
    Object.assign(card, { authenticated: true, appletSelected: true });
    expect(send(card, '00B09E00000000')).toBe('6700');
    expect(send(card, '00B09E0000')).toBe('6001006282');
  });
});
