import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT } from './accounts';
import { answerCardCheck, answerHistory, nameKey, staffVerdict } from './card-check';
import { loadPeople, personaRecord } from './records';

const people = loadPeople();
const context = { people, account: DEMO_ACCOUNT, today: '2026-03-15' };
const staff = { hoTenCb: 'Phạm Thị Hoa', cccdCb: '001190000001' };

describe('the fixture BHYT records', () => {
  it.each(people.map((person) => [person.persona, person.expect, person] as const))('%s checks %s by CCCD on 2026-03-15', (_persona, expected, person) => {
    expect(answerCardCheck({ maThe: person.idNumber, hoTen: person.hoTen, ngaySinh: person.ngaySinh, ...staff }, context).maKetQua).toBe(expected);
  });

  it('an, an-bac and cloned-chip are one person: DN4010123456789, BHXH 0123456789, registered at 01001, valid in 2026', () => {
    expect(personaRecord(people, 'an-bac')).toBe(personaRecord(people, 'an'));
    expect(personaRecord(people, 'cloned-chip')).toBe(personaRecord(people, 'an'));
    const reply = answerCardCheck({ maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990', ...staff }, context);
    expect(reply).toMatchObject({ maKetQua: '000', maThe: 'DN4010123456789', maSoBHXH: '0123456789', maDKBD: '01001', gtTheTu: '01/01/2026', gtTheDen: '31/12/2026' });
  });

  it('every chip persona with a CCCD has a record with the same name and date of birth (a tapped card finds its BHYT)', () => {
    const sources = fileURLToPath(new URL('../../../fixtures/personas/sources', import.meta.url));
    if (!existsSync(sources)) return;
    const chips = readdirSync(sources)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(`${sources}/${name}`, 'utf8')) as { id: string; idNumber: string; fullName: string; dateOfBirth: string })
      .filter((chip) => /^\d{12}$/.test(chip.idNumber));
    expect(chips.length).toBeGreaterThan(0);
    for (const chip of chips) {
      const record = people.find((person) => person.idNumber === chip.idNumber);
      expect(record, chip.id).toBeDefined();
      expect({ hoTen: record!.hoTen, ngaySinh: record!.ngaySinh }, chip.id).toEqual({ hoTen: chip.fullName, ngaySinh: chip.dateOfBirth });
    }
  });

  it('the same card answers 010 once it has expired', () => {
    expect(answerCardCheck({ maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990', ...staff }, { ...context, today: '2027-01-01' }).maKetQua).toBe('010');
  });
});

describe('how the simulated gateway answers a card check', () => {
  const an = { maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990', ...staff };

  it.each([
    ['a missing name', { hoTen: '' }, '205'],
    ['a date in another format', { ngaySinh: '1990-03-15' }, '205'],
    ['a staff ID that is not 12 digits', { cccdCb: '123' }, '205'],
    ['an unregistered staff member', { cccdCb: '001190000009' }, '054'],
    ['a staff name that does not match the ID', { hoTenCb: 'Phạm Thị Hòa' }, '055'],
    ['an unknown CCCD', { maThe: '001099099999' }, '050'],
    ['a maThe of no known shape', { maThe: '12345' }, '051'],
    ['a wrong name, first letter too', { hoTen: 'Trần Văn An' }, '060'],
    ['a wrong name, first letter right', { hoTen: 'Nguyễn Văn Ân' }, '061'],
    ['a name in decomposed Unicode (NFD)', { hoTen: 'Nguyễn Văn An'.normalize('NFD') }, '000'],
    ['a wrong date', { ngaySinh: '15/03/1991' }, '070'],
    ['a date with less precision than the ledger', { ngaySinh: '1990' }, '070'],
  ])('%s → %s', (_what, change, code) => {
    expect(answerCardCheck({ ...an, ...change }, context).maKetQua).toBe(code);
  });

  it('070 carries the ledger’s own date of birth', () => {
    expect(answerCardCheck({ ...an, ngaySinh: '15/03/1991' }, context).ngaySinh).toBe('15/03/1990');
  });

  it('003 names the new card and its dates', () => {
    const reply = answerCardCheck({ maThe: 'SV4797902034567', hoTen: 'Lê Văn Cường', ngaySinh: '09/11/1995', ...staff }, context);
    expect(reply).toMatchObject({ maKetQua: '003', maTheMoi: 'DN4797902034567', gtTheTuMoi: '01/01/2026', gtTheDenMoi: '31/12/2026', maDKBDMoi: '01001' });
  });

  it('a child under six without a card is 130; the same record past six would be 050', () => {
    const tam = { maThe: '001224003579', hoTen: 'Nguyễn Minh Tâm', ngaySinh: '05/06/2024', ...staff };
    expect(answerCardCheck(tam, context).maKetQua).toBe('130');
    expect(answerCardCheck(tam, { ...context, today: '2030-06-05' }).maKetQua).toBe('050');
  });

  it('names compare without case or spacing, every diacritic counting', () => {
    expect(nameKey('  nguyễn   văn an ')).toBe(nameKey('NGUYỄN VĂN AN'));
    expect(nameKey('Nguyễn Văn Ân')).not.toBe(nameKey('Nguyễn Văn An'));
    expect(staffVerdict(DEMO_ACCOUNT, 'PHẠM THỊ HOA', '001190000001')).toBe('ok');
  });

  it('history lists the visits of a known card, nothing otherwise', () => {
    expect(answerHistory(an, context).dsLichSuKCB2025).toHaveLength(2);
    expect(answerHistory({ ...an, maThe: '001099099999' }, context)).toEqual({ maKetQua: '050', ghiChu: 'Không có thông tin thẻ BHYT', dsLichSuKCB2025: null });
  });
});
