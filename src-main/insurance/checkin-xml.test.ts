import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePaths } from '../dev/gateway-sim/fixture-paths';
import { verifyCheckInFile } from '../dev/gateway-sim/checkin-verify';
import { CHECKIN_FIELDS, CHECKIN_FIELD_NAMES, checkInFieldProblems, type CheckInFieldValues } from './checkin-fields';
import { buildCheckInXml, checkInRecordOf, encodeCheckInFile, fieldValuesOf, signCheckInXml, signedCheckInXml, type CheckInRecord, type CheckInVisit } from './checkin-xml';
import { GatewayError } from './errors';
import { loadFacilityCredential, type FacilityCredential } from './facility-credential';

const AT = new Date('2026-03-15T01:30:00Z');
const visit: CheckInVisit = {
  visitKey: '01001-20260315-A015',
  patientId: 'BN000123',
  fullName: 'Nguyễn Văn An',
  documentNumber: '001090012345',
  dateOfBirth: '15/03/1990',
  sex: 'male',
  card: { maThe: 'DN4010123456789', maDKBD: '01001', validFrom: '2026-01-01', validTo: '2026-12-31' },
  entryCategory: '1.1',
  arrivedAt: AT,
  facilityCode: '01001',
  service: { code: '02.1896', name: 'Khám Nội' },
};

function problemsOf(change: Partial<CheckInFieldValues>) {
  return checkInFieldProblems({ ...fieldValuesOf(checkInRecordOf(visit)), ...change });
}

describe('the check-in table of QĐ 4750 (docs/bhxh-gateway.md "Check-in report")', () => {
  it('has the 26 fields, in order, with the lengths of the table', () => {
    expect(CHECKIN_FIELD_NAMES).toHaveLength(26);
    expect(Object.fromEntries(CHECKIN_FIELDS.map((field) => [field.name, field.max]))).toEqual({
      MA_LK: 100, STT: 10, MA_BN: 100, HO_TEN: 255, SO_CCCD: 15, NGAY_SINH: 12, GIOI_TINH: 1, MA_THE_BHYT: 15,
      MA_DKBD: 5, GT_THE_TU: 8, GT_THE_DEN: 8, MA_DOITUONG_KCB: 4, NGAY_VAO: 12, NGAY_VAO_NOI_TRU: 12,
      LY_DO_VNT: null, MA_LY_DO_VNT: 5, MA_LOAI_KCB: 2, MA_CSKCB: 5, MA_DICH_VU: 50, TEN_DICH_VU: 1024,
      MA_THUOC: 255, TEN_THUOC: 1024, MA_VAT_TU: 255, TEN_VAT_TU: 1024, NGAY_YL: 12, DU_PHONG: null,
    });
  });

  it('maps a front-desk visit to a row that passes the table', () => {
    const values = fieldValuesOf(checkInRecordOf(visit));
    expect(values).toMatchObject({
      MA_LK: '01001-20260315-A015',
      STT: '1',
      NGAY_SINH: '199003150000',
      GIOI_TINH: '1',
      MA_THE_BHYT: 'DN4010123456789',
      GT_THE_TU: '20260101',
      GT_THE_DEN: '20261231',
      NGAY_VAO: '202603150830',
      NGAY_VAO_NOI_TRU: '',
      MA_LOAI_KCB: '01',
      NGAY_YL: '202603150830',
    });
    expect(checkInFieldProblems(values)).toEqual([]);
  });

  it('accepts a patient not using BHYT, with no card fields', () => {
    const values = fieldValuesOf(checkInRecordOf({ ...visit, card: undefined, entryCategory: undefined }));
    expect(checkInFieldProblems(values)).toEqual([]);
  });

  it('writes a birth year alone with zeros for month and day', () => {
    expect(fieldValuesOf(checkInRecordOf({ ...visit, dateOfBirth: '1945' })).NGAY_SINH).toBe('194500000000');
  });

  it.each([
    [{ MA_LK: '' }, 'MA_LK', 'required'],
    [{ MA_LK: 'x'.repeat(101) }, 'MA_LK', 'longer than 100'],
    [{ HO_TEN: 'Ạ'.repeat(256) }, 'HO_TEN', 'longer than 255'],
    [{ HO_TEN: 'An\u0001' }, 'HO_TEN', 'control character'],
    [{ STT: '0' }, 'STT', 'not a positive integer'],
    [{ STT: '12345678901' }, 'STT', 'longer than 10'],
    [{ SO_CCCD: '0010900123456789' }, 'SO_CCCD', 'longer than 15'],
    [{ NGAY_SINH: '19900315' }, 'NGAY_SINH', 'not yyyyMMddHHmm'],
    [{ NGAY_SINH: '199000150000' }, 'NGAY_SINH', 'day without month'],
    [{ NGAY_SINH: '199002300000' }, 'NGAY_SINH', 'not a date'],
    [{ GIOI_TINH: '0' }, 'GIOI_TINH', 'not 1, 2 or 3'],
    [{ MA_THE_BHYT: '0123456789' }, 'MA_THE_BHYT', 'not a 15-character BHYT code'],
    [{ MA_DKBD: '' }, 'MA_DKBD', 'required'],
    [{ MA_DKBD: '1001' }, 'MA_DKBD', 'not a 5-character facility code'],
    [{ GT_THE_TU: '2026-01-01' }, 'GT_THE_TU', 'longer than 8'],
    [{ GT_THE_DEN: '20261332' }, 'GT_THE_DEN', 'not yyyyMMdd'],
    [{ GT_THE_DEN: '20251231' }, 'GT_THE_DEN', 'before GT_THE_TU'],
    [{ MA_DOITUONG_KCB: '1.1.1' }, 'MA_DOITUONG_KCB', 'longer than 4'],
    [{ MA_DOITUONG_KCB: 'A1' }, 'MA_DOITUONG_KCB', 'not an entry category'],
    [{ NGAY_VAO: '202603152460' }, 'NGAY_VAO', 'not yyyyMMddHHmm'],
    [{ NGAY_VAO_NOI_TRU: '2026031508' }, 'NGAY_VAO_NOI_TRU', 'not yyyyMMddHHmm'],
    [{ MA_LY_DO_VNT: '123456' }, 'MA_LY_DO_VNT', 'longer than 5'],
    [{ MA_LOAI_KCB: '1' }, 'MA_LOAI_KCB', 'not a 2-digit visit type'],
    [{ MA_CSKCB: '' }, 'MA_CSKCB', 'required'],
    [{ MA_DICH_VU: 'x'.repeat(51) }, 'MA_DICH_VU', 'longer than 50'],
    [{ TEN_DICH_VU: '' }, 'TEN_DICH_VU', 'code and name go together'],
    [{ MA_DICH_VU: '', TEN_DICH_VU: '' }, 'MA_DICH_VU', 'no first cost'],
    [{ TEN_THUOC: 'x'.repeat(1025), MA_THUOC: 'T1' }, 'TEN_THUOC', 'longer than 1024'],
    [{ MA_VAT_TU: 'x'.repeat(256), TEN_VAT_TU: 'Bơm tiêm' }, 'MA_VAT_TU', 'longer than 255'],
    [{ NGAY_YL: '20260315' }, 'NGAY_YL', 'not yyyyMMddHHmm'],
  ] as Array<[Partial<CheckInFieldValues>, string, string]>)('%j → %s %s', (change, field, problem) => {
    expect(problemsOf(change)).toContainEqual({ field, problem });
  });

  it('refuses to build a file with any problem, naming row and field but no values', () => {
    const bad: CheckInRecord = { ...checkInRecordOf(visit), HO_TEN: '', STT: 2 };
    try {
      buildCheckInXml([bad]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).details.problems).toEqual([
        { field: '[0].HO_TEN', problem: 'required' },
        { field: '[0].STT', problem: 'expected 1' },
      ]);
      expect((error as GatewayError).message).not.toContain('Nguyễn');
    }
  });
});

describe('the signed check-in file', () => {
  let credential: FacilityCredential;
  const trusted = readFileSync(fixturePaths.facilityCertificate, 'utf8');
  beforeAll(() => {
    credential = loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'tiepdon-demo');
  });

  it('is CHI_TIEU_TRANG_THAI_KCB with the rows, then an enveloped RSA-SHA256 signature in CHUKYDONVI', () => {
    const xml = signedCheckInXml([checkInRecordOf(visit), checkInRecordOf({ ...visit, visitKey: 'V2' }, 2)], credential, AT);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const root = doc.documentElement!;
    expect(root.nodeName).toBe('CHI_TIEU_TRANG_THAI_KCB');
    expect(Array.from(root.childNodes).map((node) => node.nodeName)).toEqual(['DSACH_TRANG_THAI_KCB', 'CHUKYDONVI']);
    const items = root.getElementsByTagName('TRANG_THAI_KCB');
    expect(items).toHaveLength(2);
    expect(Array.from(items[0]!.childNodes).map((node) => node.nodeName)).toEqual([...CHECKIN_FIELD_NAMES]);
    expect(root.getElementsByTagName('CHUKYDONVI')[0]!.firstChild?.nodeName).toBe('Signature');
    expect(xml).toContain('<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>');
    expect(xml).toContain('<Reference URI="">');
    expect(xml).toContain('<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>');
    expect(xml).toContain('<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>');
    expect(xml).toContain('<X509Certificate>');
  });

  it('verifies against the facility certificate and reads back the same rows', () => {
    const records = [checkInRecordOf(visit)];
    const verdict = verifyCheckInFile(encodeCheckInFile(signedCheckInXml(records, credential, AT)), trusted);
    expect(verdict).toMatchObject({ ok: true, records: records.map(fieldValuesOf) });
  });

  it.each([
    ['a changed value', (xml: string) => xml.replace('<MA_LOAI_KCB>01</MA_LOAI_KCB>', '<MA_LOAI_KCB>03</MA_LOAI_KCB>')],
    ['a changed name', (xml: string) => xml.replace('Nguyễn Văn An', 'Nguyễn Văn Ân')],
    ['an added row', (xml: string) => xml.replace('</DSACH_TRANG_THAI_KCB>', `${xml.slice(xml.indexOf('<TRANG_THAI_KCB>'), xml.indexOf('</TRANG_THAI_KCB>'))}</TRANG_THAI_KCB></DSACH_TRANG_THAI_KCB>`)],
    ['a changed digest', (xml: string) => xml.replace(/<DigestValue>./, '<DigestValue>A')],
  ])('is refused after %s', (_what, tamper) => {
    const signed = signedCheckInXml([checkInRecordOf(visit)], credential, AT);
    const tampered = tamper(signed);
    expect(tampered).not.toBe(signed);
    expect(verifyCheckInFile(encodeCheckInFile(tampered), trusted)).toMatchObject({ ok: false });
  });

  it('refuses to sign with a certificate outside its validity', () => {
    expect(() => signCheckInXml(buildCheckInXml([checkInRecordOf(visit)]), credential, new Date('2036-01-01T00:00:00Z'))).toThrow(GatewayError);
  });
});

describe('the facility PKCS#12 file', () => {
  it('opens with its password and pairs the key with the certificate', () => {
    const credential = loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'tiepdon-demo');
    expect(credential.subject).toContain('CN=01001 - Bệnh viện Demo Tiếp đón (TEST ONLY)');
    expect(credential.certificatePem).toBe(readFileSync(fixturePaths.facilityCertificate, 'utf8'));
    expect(credential.chainPem).toEqual([]);
  });

  it('a wrong password or a broken file is a signing error', () => {
    expect(() => loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'wrong')).toThrow(expect.objectContaining({ code: 'signing' }));
    expect(() => loadFacilityCredential(new Uint8Array([1, 2, 3]), 'tiepdon-demo')).toThrow(expect.objectContaining({ code: 'signing' }));
  });
});
