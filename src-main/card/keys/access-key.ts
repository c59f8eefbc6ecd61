// What staff have at the desk, turned into the keys a chip accepts (docs/cccd-chip.md "Access control"):
// a CAN, the 12-digit ID with the date of birth, an MRZ key, or the front-side QR code.
import { CardError } from '../errors';
import type { PacePassword } from '../pace/pace';
import { mrzInformation, type MrzKey } from './mrz-key';
import { parseCccdQr } from './qr';

export type AccessInput =
  | { kind: 'can'; can: string }
  | { kind: 'id-dob'; idNumber: string; dateOfBirth: string; dateOfIssue?: string }
  | { kind: 'mrz'; key: MrzKey }
  | { kind: 'qr'; text: string };

export interface AccessCandidates {
  can: string | null;
  /** BAC / PACE-MRZ keys to try in order; the most likely expiry first. */
  mrz: MrzKey[];
}

/** A CCCD expires on the birthday in the year the holder turns 25, 40 or 60; issued at 58+ it never does. */
const EXPIRY_AGES = [25, 40, 60];
/** How the MRZ writes "no expiry" is unconfirmed on CCCD: these are tried last, in this order. */
const NO_EXPIRY_CANDIDATES = ['<<<<<<', '991231'];

function parseDate(text: string): { day: string; month: string; year: number } {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  if (!match) throw new CardError('no-access-key', 'date must be dd/mm/yyyy');
  return { day: match[1]!, month: match[2]!, year: Number(match[3]) };
}

const yymmdd = (year: number, month: string, day: string) => `${String(year % 100).padStart(2, '0')}${month}${day}`;

export function candidatesFromIdAndBirth(idNumber: string, dateOfBirth: string, now: Date, dateOfIssue?: string): AccessCandidates {
  if (!/^\d{12}$/.test(idNumber)) throw new CardError('no-access-key', 'the ID number has 12 digits');
  const birth = parseDate(dateOfBirth);
  const expiries = EXPIRY_AGES.map((age) => birth.year + age);
  // With an issue date the card's expiry is the first threshold after it; otherwise the first one not yet
  // passed is the likeliest (an expired card is rarely presented), then the others.
  const pivot = dateOfIssue ? parseDate(dateOfIssue).year : now.getUTCFullYear();
  const future = expiries.filter((year) => year >= pivot);
  const past = expiries.filter((year) => year < pivot).reverse();
  const documentNumber = idNumber.slice(3);
  const dob = yymmdd(birth.year, birth.month, birth.day);
  return {
    can: idNumber.slice(6),
    mrz: [...future.map((year) => yymmdd(year, birth.month, birth.day)), ...NO_EXPIRY_CANDIDATES, ...past.map((year) => yymmdd(year, birth.month, birth.day))].map(
      (dateOfExpiry) => ({ documentNumber, dateOfBirth: dob, dateOfExpiry }),
    ),
  };
}

export function accessCandidates(input: AccessInput, now: Date): AccessCandidates {
  switch (input.kind) {
    case 'can':
      if (!/^\d{6}$/.test(input.can)) throw new CardError('no-access-key', 'the CAN has 6 digits');
      return { can: input.can, mrz: [] };
    case 'mrz':
      return { can: null, mrz: [input.key] };
    case 'id-dob':
      return candidatesFromIdAndBirth(input.idNumber, input.dateOfBirth, now, input.dateOfIssue);
    case 'qr': {
      const qr = parseCccdQr(input.text);
      return candidatesFromIdAndBirth(qr.idNumber, qr.dateOfBirth, now, qr.dateOfIssue);
    }
  }
}

/** PACE passwords in the order to try: the CAN (what CCCD readers use), then the MRZ keys. */
export function pacePasswords(candidates: AccessCandidates): PacePassword[] {
  return [
    ...(candidates.can ? [{ kind: 'can' as const, can: candidates.can }] : []),
    ...candidates.mrz.map((key) => ({ kind: 'mrz' as const, mrzInformation: mrzInformation(key) })),
  ];
}
