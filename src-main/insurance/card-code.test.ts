import { describe, expect, it } from 'vitest';
import { cardNumberKind, decodeCardCode, normaliseCardNumber } from './card-code';

describe('what maThe may be (CV 2746)', () => {
  it.each([
    ['001090012345', 'cccd'],
    ['0123456789', 'bhxh'],
    ['DN4010123456789', 'bhyt'],
    ['DN6010123456789', null],
    ['DN401012345678', null],
    ['00109001234', null],
    ['', null],
  ])('%s is %s', (maThe, kind) => {
    expect(cardNumberKind(maThe)).toBe(kind);
  });

  it('reads codes typed from a printed card, spaced and in lower case', () => {
    expect(normaliseCardNumber(' dn 4 01 0123456789 ')).toBe('DN4010123456789');
  });
});

describe('the 15-character BHYT code (docs/bhxh-gateway.md "The BHYT card code")', () => {
  it('DN4010123456789: employees, level 4 → 80 %, province 01, BHXH number 0123456789', () => {
    expect(decodeCardCode('DN4010123456789')).toEqual({
      code: 'DN4010123456789',
      group: 'DN',
      benefitLevel: 4,
      coveragePercent: 80,
      benefitNote: '80%',
      provinceCode: '01',
      bhxhNumber: '0123456789',
      groupMatchesLevel: true,
    });
  });

  it.each([
    ['CC1010101079135', 1, 100],
    ['CK2010101079135', 2, 100],
    ['HT3010101056789', 3, 95],
    ['SV4797902034567', 4, 80],
    ['QN5010103038765', 5, 100],
  ])('%s → level %i, %i %%', (code, level, percent) => {
    expect(decodeCardCode(code)).toMatchObject({ benefitLevel: level, coveragePercent: percent, groupMatchesLevel: true });
  });

  it('flags a group at an unusual level without rejecting it (the gateway decides, 053)', () => {
    expect(decodeCardCode('DN3010123456789')).toMatchObject({ benefitLevel: 3, coveragePercent: 95, groupMatchesLevel: false });
  });

  it('decodes nothing that is not a BHYT code', () => {
    expect(decodeCardCode('001090012345')).toBeNull();
  });
});
