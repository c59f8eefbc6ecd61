// The QĐ 4750 check-in table ("Bảng check-in", CHI_TIEU_TRANG_THAI_KCB): 26 fields, in this order, with
// the types and maximum lengths of the QĐ 4750 table (docs/bhxh-gateway.md "Check-in report"). Both the client (before signing) and the gateway
// simulator (on receipt) validate against this one transcription. QĐ 3176 (the default endpoint since
// 2025-01-01) amended the tables "temporarily"; the public descriptions of its check-in table we found
// list these same tags, and none gives other types or lengths, so one table serves both endpoints.
import type { FieldProblem } from './errors';
import { isCalendarDate, parseCompactDateTime } from './dates';

export const CHECKIN_FIELD_NAMES = [
  'MA_LK', 'STT', 'MA_BN', 'HO_TEN', 'SO_CCCD', 'NGAY_SINH', 'GIOI_TINH', 'MA_THE_BHYT', 'MA_DKBD', 'GT_THE_TU',
  'GT_THE_DEN', 'MA_DOITUONG_KCB', 'NGAY_VAO', 'NGAY_VAO_NOI_TRU', 'LY_DO_VNT', 'MA_LY_DO_VNT', 'MA_LOAI_KCB',
  'MA_CSKCB', 'MA_DICH_VU', 'TEN_DICH_VU', 'MA_THUOC', 'TEN_THUOC', 'MA_VAT_TU', 'TEN_VAT_TU', 'NGAY_YL', 'DU_PHONG',
] as const;
export type CheckInFieldName = (typeof CHECKIN_FIELD_NAMES)[number];

export type FieldFormat =
  | 'text'
  | 'code'
  | 'integer'
  | 'datetime12'
  | 'birth12'
  | 'date8'
  | 'sex'
  | 'id-document'
  | 'bhyt-code'
  | 'facility-code'
  | 'entry-category'
  | 'visit-type';

export interface FieldSpec {
  name: CheckInFieldName;
  type: 'string' | 'number';
  /** Maximum length in characters (digits for numbers); null where the table says "n". */
  max: number | null;
  format: FieldFormat;
  /** 'card': required when MA_THE_BHYT is given (the patient uses BHYT). */
  required: boolean | 'card';
}

const field = (name: CheckInFieldName, type: FieldSpec['type'], max: number | null, format: FieldFormat, required: FieldSpec['required'] = false): FieldSpec => ({
  name,
  type,
  max,
  format,
  required,
});

export const CHECKIN_FIELDS: readonly FieldSpec[] = [
  field('MA_LK', 'string', 100, 'code', true),
  field('STT', 'number', 10, 'integer', true),
  field('MA_BN', 'string', 100, 'code', true),
  field('HO_TEN', 'string', 255, 'text', true),
  field('SO_CCCD', 'string', 15, 'id-document'),
  field('NGAY_SINH', 'string', 12, 'birth12', true),
  field('GIOI_TINH', 'number', 1, 'sex', true),
  field('MA_THE_BHYT', 'string', 15, 'bhyt-code'),
  field('MA_DKBD', 'string', 5, 'facility-code', 'card'),
  field('GT_THE_TU', 'string', 8, 'date8', 'card'),
  field('GT_THE_DEN', 'string', 8, 'date8', 'card'),
  field('MA_DOITUONG_KCB', 'string', 4, 'entry-category', 'card'),
  field('NGAY_VAO', 'string', 12, 'datetime12', true),
  field('NGAY_VAO_NOI_TRU', 'string', 12, 'datetime12'),
  field('LY_DO_VNT', 'string', null, 'text'),
  field('MA_LY_DO_VNT', 'string', 5, 'code'),
  field('MA_LOAI_KCB', 'string', 2, 'visit-type', true),
  field('MA_CSKCB', 'string', 5, 'facility-code', true),
  field('MA_DICH_VU', 'string', 50, 'code'),
  field('TEN_DICH_VU', 'string', 1024, 'text'),
  field('MA_THUOC', 'string', 255, 'code'),
  field('TEN_THUOC', 'string', 1024, 'text'),
  field('MA_VAT_TU', 'string', 255, 'code'),
  field('TEN_VAT_TU', 'string', 1024, 'text'),
  field('NGAY_YL', 'string', 12, 'datetime12'),
  field('DU_PHONG', 'string', null, 'text'),
];

/** Field values as they stand in the XML: every field present, '' when empty. */
export type CheckInFieldValues = Record<CheckInFieldName, string>;

// XML 1.0 cannot carry most C0 controls; tabs and line breaks are allowed only in free text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;
const LINE_BREAK = /[\t\n\r]/;

function formatProblem(format: FieldFormat, value: string): string | null {
  switch (format) {
    case 'text':
      return CONTROL.test(value) ? 'control character' : null;
    case 'code':
      return CONTROL.test(value) || LINE_BREAK.test(value) || value !== value.trim() ? 'not a code' : null;
    case 'integer':
      return /^[1-9]\d*$/.test(value) ? null : 'not a positive integer';
    case 'datetime12':
      return /^\d{12}$/.test(value) && parseCompactDateTime(value) ? null : 'not yyyyMMddHHmm';
    case 'birth12': {
      // Unknown month and day are written as 00 (people whose papers carry only the year).
      const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
      if (!match) return 'not yyyyMMddHHmm';
      const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
      if (hour > 23 || minute > 59) return 'not yyyyMMddHHmm';
      if (month === 0) return day === 0 ? null : 'day without month';
      if (day === 0) return month <= 12 ? null : 'not a date';
      return isCalendarDate(year, month, day) ? null : 'not a date';
    }
    case 'date8': {
      const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
      return match && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) ? null : 'not yyyyMMdd';
    }
    case 'sex':
      return /^[123]$/.test(value) ? null : 'not 1, 2 or 3';
    case 'id-document':
      return /^[0-9A-Z]+$/.test(value) ? null : 'not an ID document number';
    case 'bhyt-code':
      return /^[A-Z]{2}[1-5]\d{12}$/.test(value) ? null : 'not a 15-character BHYT code';
    case 'facility-code':
      return /^[0-9A-Z]{5}$/.test(value) ? null : 'not a 5-character facility code';
    case 'entry-category':
      // QĐ 3276 catalogue codes such as "1.1", "3.6", "1.10".
      return /^\d{1,2}(\.\d{1,2})?$/.test(value) ? null : 'not an entry category';
    case 'visit-type':
      return /^\d{2}$/.test(value) ? null : 'not a 2-digit visit type';
  }
}

/** Every problem of one record (the field table plus the few rules between fields). */
export function checkInFieldProblems(values: CheckInFieldValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const hasCard = values.MA_THE_BHYT !== '';
  for (const spec of CHECKIN_FIELDS) {
    const value = values[spec.name];
    if (value === '') {
      if (spec.required === true || (spec.required === 'card' && hasCard)) problems.push({ field: spec.name, problem: 'required' });
      continue;
    }
    if (spec.max !== null && [...value].length > spec.max) problems.push({ field: spec.name, problem: `longer than ${spec.max}` });
    const problem = formatProblem(spec.format, value);
    if (problem) problems.push({ field: spec.name, problem });
  }
  if (hasCard && values.GT_THE_TU && values.GT_THE_DEN && values.GT_THE_TU > values.GT_THE_DEN) {
    problems.push({ field: 'GT_THE_DEN', problem: 'before GT_THE_TU' });
  }
  // The check-in is sent when the first cost arises: an exam, a drug or a supply, named by code and name.
  const costs: Array<[CheckInFieldName, CheckInFieldName]> = [['MA_DICH_VU', 'TEN_DICH_VU'], ['MA_THUOC', 'TEN_THUOC'], ['MA_VAT_TU', 'TEN_VAT_TU']];
  if (costs.every(([code]) => values[code] === '')) problems.push({ field: 'MA_DICH_VU', problem: 'no first cost' });
  for (const [code, name] of costs) {
    if ((values[code] === '') !== (values[name] === '')) problems.push({ field: values[code] === '' ? code : name, problem: 'code and name go together' });
  }
  return problems;
}
