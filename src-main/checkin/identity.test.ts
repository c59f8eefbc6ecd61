import { describe, expect, it } from 'vitest';
import type { Holder } from '../contract';
import type { Mrz } from '../card/lds/dg1';
import { gatewayBirthDate, identityFromChip, identityFromQr, sexOf, typedIdentity } from './identity';

const NOW = new Date('2026-03-15T01:30:00Z');

const holder = (fields: Partial<Holder>): Holder => ({
  idNumber: '001090012345',
  fullName: 'Nguyễn  Văn An',
  dateOfBirth: '15/03/1990',
  sex: 'Nam',
  nationality: 'Việt Nam',
  ethnicity: null,
  religion: null,
  placeOfOrigin: null,
  placeOfResidence: 'Thanh Xuân, Hà Nội',
  identifyingMarks: null,
  dateOfIssue: null,
  dateOfExpiry: null,
  fatherName: null,
  motherName: null,
  spouseName: null,
  oldIdNumber: null,
  ...fields,
});

const mrz = { documentNumber: 'C1234567', surname: 'UTOPIA', givenNames: 'ANNA MARIA', dateOfBirth: '850722', sex: 'F' } as Mrz;

describe('the identity a check-in records', () => {
  it('from a CCCD chip: DG13, provenance by the verification verdict', () => {
    expect(identityFromChip({ holder: holder({}), mrz }, { verdict: 'authentic' }, NOW)).toEqual({
      idNumber: '001090012345',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '15/03/1990',
      sex: 'male',
      address: 'Thanh Xuân, Hà Nội',
      provenance: 'chip-authentic',
      verdict: 'authentic',
    });
    expect(identityFromChip({ holder: holder({}), mrz }, { verdict: 'issuer-untrusted' }, NOW)).toMatchObject({ provenance: 'chip-unverified', verdict: 'issuer-untrusted' });
  });

  it('from a passport chip: the MRZ, with the century that keeps the birth in the past', () => {
    expect(identityFromChip({ holder: null, mrz }, { verdict: 'authentic' }, NOW)).toMatchObject({
      idNumber: 'C1234567',
      fullName: 'UTOPIA ANNA MARIA',
      dateOfBirth: '22/07/1985',
      sex: 'female',
      address: null,
    });
    expect(identityFromChip({ holder: null, mrz: { ...mrz, dateOfBirth: '240605' } }, { verdict: 'authentic' }, NOW).dateOfBirth).toBe('05/06/2024');
  });

  it('refuses a chip without an ID number or name, naming the missing fields', () => {
    expect(() => identityFromChip({ holder: holder({ idNumber: null, fullName: ' ' }), mrz }, { verdict: 'authentic' }, NOW)).toThrow(
      expect.objectContaining({ code: 'identity-incomplete', fields: ['idNumber', 'fullName'] }),
    );
  });

  it('writes partly known birth dates as the gateway takes them', () => {
    expect(gatewayBirthDate('00/00/1945')).toBe('1945');
    expect(gatewayBirthDate('1945')).toBe('1945');
    expect(gatewayBirthDate('00/07/1985')).toBe('07/1985');
    expect(gatewayBirthDate('31/02/1990')).toBeNull();
    expect(gatewayBirthDate(null)).toBeNull();
  });

  it('reads sex as chips, QR codes and MRZs write it', () => {
    expect(['Nam', 'Nữ', 'M', 'F', '<', null].map(sexOf)).toEqual(['male', 'female', 'male', 'female', 'unknown', 'unknown']);
  });

  it('from the front-side QR alone, and typed', () => {
    const qr = { idNumber: '001090012345', oldIdNumber: null, fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990', sex: 'Nam', address: 'Hà Nội', dateOfIssue: '10/05/2021' };
    expect(identityFromQr(qr)).toMatchObject({ provenance: 'qr-only', verdict: null, sex: 'male', address: 'Hà Nội' });
    expect(typedIdentity({ idNumber: ' 0010 9001 2345 ', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990' }, 'vneid-shown')).toMatchObject({
      idNumber: '001090012345',
      provenance: 'vneid-shown',
      sex: 'unknown',
    });
    expect(() => typedIdentity({ idNumber: '001090012345', fullName: 'An', dateOfBirth: '1990-03-15' })).toThrow(/dateOfBirth/);
  });
});
