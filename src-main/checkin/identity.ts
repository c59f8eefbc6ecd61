// Who is checking in, from whichever source the desk had: the chip (authenticated or not), the front-side
// QR, a VNeID/VssID screen shown to staff, or typing. The result is what the store keeps and what the
// gateway is asked about: ID number, name, date of birth in the gateway's format, sex, address.
import type { ChipRead } from '../card/read/chip-reader';
import type { CccdQr } from '../card/keys/qr';
import type { Verdict, Verification } from '../contract';
import { parseBirthDate } from '../insurance/dates';
import type { PatientIdentity, Provenance, Sex } from '../store';
import { CheckInError } from './errors';

export interface IdentityInput extends PatientIdentity {
  provenance: Provenance;
  /** The chip's verification verdict; null when no chip was read. */
  verdict: Verdict | null;
}

/** "Nam"/"Nữ" (DG13, QR), "M"/"F" (MRZ). */
export function sexOf(text: string | null | undefined): Sex {
  const value = (text ?? '').normalize('NFC').trim().toLowerCase();
  if (value === 'nam' || value === 'm' || value === 'male') return 'male';
  if (value === 'nữ' || value === 'nu' || value === 'f' || value === 'female') return 'female';
  return 'unknown';
}

/**
 * A date of birth as the gateway takes it. Papers of people born before birth registration was usual
 * carry only the year or month; chips write those as 00/00/yyyy or 00/mm/yyyy.
 */
export function gatewayBirthDate(text: string | null | undefined): string | null {
  const value = (text ?? '').trim();
  const yearOnly = /^(?:00\/00\/|0{4})?(\d{4})$/.exec(value) ?? /^00\/00\/(\d{4})$/.exec(value);
  if (yearOnly) return parseBirthDate(yearOnly[1]!) ? yearOnly[1]! : null;
  const monthOnly = /^00\/(\d{2}\/\d{4})$/.exec(value);
  if (monthOnly) return parseBirthDate(monthOnly[1]!) ? monthOnly[1]! : null;
  return parseBirthDate(value) ? value : null;
}

/** YYMMDD of an MRZ; the century is the one that does not put the birth in the future. */
function mrzBirthDate(yymmdd: string, now: Date): string | null {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!match) return null;
  const yy = Number(match[1]);
  const year = yy + (2000 + yy > now.getUTCFullYear() ? 1900 : 2000);
  return gatewayBirthDate(`${match[3]}/${match[2]}/${year}`);
}

function complete(identity: Omit<IdentityInput, 'idNumber' | 'fullName' | 'dateOfBirth'> & { idNumber: string | null; fullName: string | null; dateOfBirth: string | null }): IdentityInput {
  const missing = (['idNumber', 'fullName', 'dateOfBirth'] as const).filter((field) => !identity[field]);
  if (missing.length > 0) throw new CheckInError('identity-incomplete', `missing ${missing.join(', ')}`, missing);
  return identity as IdentityInput;
}

/** From a chip read and its verification: DG13 for a CCCD, the MRZ for a passport. */
export function identityFromChip(read: Pick<ChipRead, 'holder' | 'mrz'>, verification: Pick<Verification, 'verdict'>, now: Date): IdentityInput {
  const provenance: Provenance = verification.verdict === 'authentic' ? 'chip-authentic' : 'chip-unverified';
  const { holder, mrz } = read;
  if (holder) {
    return complete({
      idNumber: holder.idNumber,
      fullName: holder.fullName?.normalize('NFC').replace(/\s+/g, ' ').trim() || null,
      dateOfBirth: gatewayBirthDate(holder.dateOfBirth),
      sex: sexOf(holder.sex),
      address: holder.placeOfResidence,
      provenance,
      verdict: verification.verdict,
    });
  }
  return complete({
    idNumber: mrz.documentNumber || null,
    fullName: `${mrz.surname} ${mrz.givenNames}`.trim() || null,
    dateOfBirth: mrzBirthDate(mrz.dateOfBirth, now),
    sex: sexOf(mrz.sex),
    address: null,
    provenance,
    verdict: verification.verdict,
  });
}

/** From the CCCD's front-side QR alone (no chip read). */
export function identityFromQr(qr: CccdQr): IdentityInput {
  return complete({
    idNumber: qr.idNumber,
    fullName: qr.fullName.normalize('NFC').replace(/\s+/g, ' ').trim(),
    dateOfBirth: gatewayBirthDate(qr.dateOfBirth),
    sex: sexOf(qr.sex),
    address: qr.address || null,
    provenance: 'qr-only',
    verdict: null,
  });
}

/** Typed by staff, or read off a VNeID/VssID screen. */
export function typedIdentity(
  fields: { idNumber: string; fullName: string; dateOfBirth: string; sex?: string | null; address?: string | null },
  provenance: Extract<Provenance, 'typed' | 'vneid-shown' | 'vssid-shown' | 'qr-only'> = 'typed',
): IdentityInput {
  return complete({
    idNumber: fields.idNumber.replace(/\s+/g, '').toUpperCase() || null,
    fullName: fields.fullName.normalize('NFC').replace(/\s+/g, ' ').trim() || null,
    dateOfBirth: gatewayBirthDate(fields.dateOfBirth),
    sex: sexOf(fields.sex),
    address: fields.address?.trim() || null,
    provenance,
    verdict: null,
  });
}
