// The QR code on the front of the 2021 CCCD (docs/cccd-chip.md): `ID12|oldID|name|ddMMyyyy|sex|address|ddMMyyyy`,
// UTF-8, 7 fields; a 6-field variant without the old ID exists. Scanners type it like a keyboard, so
// stray whitespace and a trailing Enter are tolerated.
import { CardError } from '../errors';

export interface CccdQr {
  idNumber: string;
  oldIdNumber: string | null;
  fullName: string;
  /** dd/mm/yyyy */
  dateOfBirth: string;
  sex: string;
  address: string;
  /** dd/mm/yyyy */
  dateOfIssue: string;
}

function date(compact: string): string {
  if (!/^\d{8}$/.test(compact)) throw new CardError('no-access-key', 'QR date is not ddMMyyyy');
  return `${compact.slice(0, 2)}/${compact.slice(2, 4)}/${compact.slice(4)}`;
}

export function parseCccdQr(raw: string): CccdQr {
  const fields = raw.replace(/[\r\n]+$/, '').split('|').map((field) => field.trim());
  if (fields.length !== 6 && fields.length !== 7) throw new CardError('no-access-key', `QR has ${fields.length} fields, expected 6 or 7`);
  const [idNumber, ...rest] = fields;
  const oldIdNumber = fields.length === 7 ? rest.shift() || null : null;
  const [fullName, birth, sex, address, issue] = rest as [string, string, string, string, string];
  if (!/^\d{12}$/.test(idNumber!)) throw new CardError('no-access-key', 'QR ID number is not 12 digits');
  return { idNumber: idNumber!, oldIdNumber, fullName, dateOfBirth: date(birth), sex, address, dateOfIssue: date(issue) };
}
