// The BAC / PACE-MRZ key is built from three MRZ fields with their ICAO 7-3-1 check digits
// (ICAO 9303-3 §4.9, 9303-11 §9.7.2).
import { CardError } from '../errors';

export interface MrzKey {
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD, or `<<<<<<` where the document has no expiry. */
  dateOfExpiry: string;
}

const WEIGHTS = [7, 3, 1];

function characterValue(char: string): number {
  if (char === '<') return 0;
  if (char >= '0' && char <= '9') return char.charCodeAt(0) - 48;
  if (char >= 'A' && char <= 'Z') return char.charCodeAt(0) - 55;
  throw new CardError('no-access-key', `character "${char}" cannot appear in an MRZ`);
}

export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i += 1) sum += characterValue(field[i]!) * WEIGHTS[i % 3]!;
  return String(sum % 10);
}

/** The MRZ information the key is derived from; short document numbers are padded with `<` to 9. */
export function mrzInformation(key: MrzKey): string {
  const documentNumber = key.documentNumber.toUpperCase().padEnd(9, '<');
  return [documentNumber, key.dateOfBirth, key.dateOfExpiry].map((field) => field + checkDigit(field)).join('');
}

/** Parses `DOC:YYMMDD:YYMMDD` as support staff type it. */
export function parseMrzKey(text: string): MrzKey {
  const match = /^([A-Za-z0-9<]{1,20}):(\d{6}):(\d{6}|<{6})$/.exec(text.trim());
  if (!match) throw new CardError('no-access-key', 'MRZ key must look like DOCUMENT:YYMMDD:YYMMDD');
  return { documentNumber: match[1]!.toUpperCase(), dateOfBirth: match[2]!, dateOfExpiry: match[3]! };
}

export function formatMrzKey(key: MrzKey): string {
  return `${key.documentNumber}:${key.dateOfBirth}:${key.dateOfExpiry}`;
}
