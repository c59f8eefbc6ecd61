// The fixture's BHYT records are written for one year (cards valid this year, one ended last year, one
// renewed into next year…). The simulator moves every date of a card and of the history by whole years
// to its clock's year, so each record keeps its meaning in any year the demo or a test runs in. Birth
// dates stay as they are (they are on the chip too), except for a record that is about an age.
import type { SimCard, SimPerson } from './records';

/** The year `fixtures/bhyt/records.json` is written for. */
export const RECORDS_YEAR = 2026;

function shiftDayMonthYear(text: string, years: number): string {
  const [day, month, year] = text.split('/');
  const shifted = Number(year) + years;
  // 29/02 has no twin in a common year: the card ends a day earlier rather than on 01/03.
  const leap = (shifted % 4 === 0 && shifted % 100 !== 0) || shifted % 400 === 0;
  const safeDay = day === '29' && month === '02' && !leap ? '28' : day;
  return `${safeDay}/${month}/${shifted}`;
}

/** Birth dates may be dd/MM/yyyy, MM/yyyy or yyyy: the year is always last. */
function shiftBirth(text: string, years: number): string {
  const parts = text.split('/');
  const year = Number(parts.pop()) + years;
  return parts.length === 2 ? shiftDayMonthYear(`${parts.join('/')}/${year - years}`, years) : [...parts, String(year)].join('/');
}

function shiftStamp(stamp: string, years: number): string {
  return `${Number(stamp.slice(0, 4)) + years}${stamp.slice(4)}`;
}

function shiftCard(card: SimCard, years: number): SimCard {
  return {
    ...card,
    gtTheTu: shiftDayMonthYear(card.gtTheTu, years),
    gtTheDen: shiftDayMonthYear(card.gtTheDen, years),
    ngayDu5Nam: card.ngayDu5Nam === null ? null : shiftDayMonthYear(card.ngayDu5Nam, years),
  };
}

/** The records as the ledger holds them in `year`. */
export function peopleInYear(people: readonly SimPerson[], year: number): SimPerson[] {
  const years = year - RECORDS_YEAR;
  if (years === 0) return [...people];
  return people.map((person) => ({
    ...person,
    ngaySinh: person.birthFollowsLedgerYear ? shiftBirth(person.ngaySinh, years) : person.ngaySinh,
    cards: person.cards.map((card) => shiftCard(card, years)),
    history: person.history.map((visit) => ({ ...visit, ngayVao: shiftStamp(visit.ngayVao, years), ngayRa: shiftStamp(visit.ngayRa, years) })),
  }));
}
