import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../util/clock';
import { DEMO_ACCOUNT, DEMO_CREDENTIALS } from './accounts';
import { answerCardCheck } from './card-check';
import { loadPeople, personaRecord } from './records';
import { peopleInYear, RECORDS_YEAR } from './record-years';
import { startGatewaySim } from './server';
import { GatewayClient } from '../../insurance/client';

const people = loadPeople();
const staff = { hoTenCb: DEMO_CREDENTIALS.staff.fullName, cccdCb: DEMO_CREDENTIALS.staff.idNumber };

function check(today: string, persona: string) {
  const ledger = peopleInYear(people, Number(today.slice(0, 4)));
  const person = personaRecord(ledger, persona)!;
  return answerCardCheck({ maThe: person.idNumber, hoTen: person.hoTen, ngaySinh: person.ngaySinh, ...staff }, { people: ledger, account: DEMO_ACCOUNT, today });
}

describe('the BHYT records move to the clock’s year', () => {
  // The fixture's codes are written for 15 March; the same day of later years, and both sides of a year end.
  it.each(['2026-03-15', '2027-03-15', '2031-03-15', '2040-03-15'])('every record keeps its code on %s', (today) => {
    for (const person of people) expect(check(today, person.persona).maKetQua, `${person.persona} on ${today}`).toBe(person.expect);
  });

  it.each([
    ['2026-12-31', '31/12/2026'],
    ['2027-01-01', '31/12/2027'],
    ['2030-12-31', '31/12/2030'],
    ['2031-01-01', '31/12/2031'],
  ])('an is covered on %s (card until %s)', (today, until) => {
    expect(check(today, 'an')).toMatchObject({ maKetQua: '000', gtTheDen: until });
  });

  it('a card that ended last year is still "ended last year", not valid again', () => {
    expect(check('2031-06-01', 'hung-het-han')).toMatchObject({ maKetQua: '010', gtTheDen: '31/12/2030' });
  });

  it('the child without a card stays under six; history and five-year dates move too', () => {
    const ledger = peopleInYear(people, 2031);
    expect(personaRecord(ledger, 'tam-tre-em-chua-the')!.ngaySinh).toBe('05/06/2029');
    const an = personaRecord(ledger, 'an')!;
    const original = personaRecord(people, 'an')!;
    expect(an.ngaySinh).toBe(original.ngaySinh);
    expect(an.cards[0]!.ngayDu5Nam).toBe('01/01/2026');
    expect(an.history[0]!.ngayVao.slice(0, 4)).toBe(String(Number(original.history[0]!.ngayVao.slice(0, 4)) + 2031 - RECORDS_YEAR));
  });

  it('29 February becomes 28 February in a common year', () => {
    const person = { ...personaRecord(people, 'an')!, cards: [{ ...personaRecord(people, 'an')!.cards[0]!, gtTheDen: '29/02/2028' }] };
    expect(peopleInYear([person], 2027)[0]!.cards[0]!.gtTheDen).toBe('28/02/2029');
    expect(peopleInYear([person], 2030)[0]!.cards[0]!.gtTheDen).toBe('29/02/2032');
  });

  it('the running simulator answers by its own clock: just before and just after midnight of 1 January in Vietnam', async () => {
    // 2027-01-01T00:00 in Vietnam is 2026-12-31T17:00Z: the year changes at Vietnamese midnight, not UTC's.
    const sim = await startGatewaySim({ clock: fixedClock('2026-12-31T16:59:59Z') });
    const client = new GatewayClient({ baseUrl: sim.url, account: DEMO_CREDENTIALS, clock: sim.clock, lookupLimits: false });
    try {
      const an = { maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990' };
      const who = { fullName: staff.hoTenCb, idNumber: staff.cccdCb };
      expect((await client.lookupCard(an, who)).raw).toMatchObject({ maKetQua: '000', gtTheDen: '31/12/2026' });
      sim.clock.set(new Date('2026-12-31T17:00:00Z'));
      expect((await client.lookupCard(an, who)).raw).toMatchObject({ maKetQua: '000', gtTheDen: '31/12/2027' });
    } finally {
      client.close();
      await sim.close();
    }
  });
});
