// The simulator's BHYT database: synthetic people from fixtures/bhyt/records.json, checked on load so a
// typo in the fixture fails loudly instead of turning into a confusing result code.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseBirthDate, parseGatewayDate } from '../../insurance/dates';
import { fixturePaths } from './fixture-paths';

const gatewayDate = z.string().refine((text) => parseGatewayDate(text) !== null, 'not dd/MM/yyyy');

export const SimCard = z.object({
  maThe: z.string().regex(/^[A-Z]{2}[1-5]\d{12}$/),
  maDKBD: z.string().regex(/^[0-9A-Z]{5}$/),
  tenDKBD: z.string(),
  cqBHXH: z.string(),
  gtTheTu: gatewayDate,
  gtTheDen: gatewayDate,
  maKV: z.string(),
  ngayDu5Nam: gatewayDate.nullable(),
});
export type SimCard = z.infer<typeof SimCard>;

export const REDUCED_CODES = ['120', '121', '122', '123', '124'] as const;

export const SimPerson = z
  .object({
    persona: z.string().regex(/^[a-z][a-z0-9-]*$/),
    aliases: z.array(z.string()).default([]),
    /** The maKetQua of a correct check by idNumber on the fixture date (documentation and tests). */
    expect: z.string().regex(/^\d{3}$/),
    note: z.string().optional(),
    idNumber: z.string().regex(/^\d{12}$/),
    maSoBHXH: z.string().regex(/^\d{10}$/).nullable(),
    hoTen: z.string().min(1),
    ngaySinh: z.string().refine((text) => parseBirthDate(text) !== null, 'not dd/MM/yyyy, MM/yyyy or yyyy'),
    /** A record defined by age (a child under six): its birth date moves with the ledger's year too. */
    birthFollowsLedgerYear: z.boolean().default(false),
    gioiTinh: z.enum(['Nam', 'Nữ']),
    diaChi: z.string(),
    /** Cards of the armed forces are kept by their own BHXH (001 / 002). */
    managedBy: z.enum(['BQP', 'BCA']).optional(),
    status: z.enum(['active', 'revoked', ...REDUCED_CODES.map((code) => `reduced-${code}` as const)]).default('active'),
    /** The gateway's back end fails for this person with this code. */
    backendError: z.enum(['100', '101', '500']).optional(),
    /** The card held, then (optionally) the new card issued to replace it. */
    cards: z.array(SimCard).max(2),
    history: z
      .array(
        z.object({
          maHoSo: z.string(),
          maCSKCB: z.string(),
          ngayVao: z.string().regex(/^\d{12}$/),
          ngayRa: z.string().regex(/^\d{12}$/),
          tenBenh: z.string(),
          tinhTrang: z.string(),
          kqDieuTri: z.string(),
          lyDoVV: z.string(),
        }),
      )
      .default([]),
  })
  .refine((person) => person.cards.every((card) => person.maSoBHXH !== null && card.maThe.slice(5) === person.maSoBHXH), {
    message: 'every card code ends with the person’s maSoBHXH',
  });
export type SimPerson = z.infer<typeof SimPerson>;

export function loadPeople(file = fixturePaths.records): SimPerson[] {
  const data = z.object({ people: z.array(SimPerson) }).parse(JSON.parse(readFileSync(file, 'utf8')));
  const ids = new Set<string>();
  for (const person of data.people) {
    for (const key of [person.persona, person.idNumber, ...person.cards.map((card) => card.maThe)]) {
      if (ids.has(key)) throw new Error(`fixtures/bhyt/records.json: ${key} appears twice`);
      ids.add(key);
    }
  }
  return data.people;
}

export function personaRecord(people: readonly SimPerson[], persona: string): SimPerson | undefined {
  return people.find((person) => person.persona === persona || person.aliases.includes(persona));
}
