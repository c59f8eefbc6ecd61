// Patient data never reaches a log line (Vietnam's Decree 13/2023 on personal data). Two nets: fields
// known to hold personal data are replaced whatever their depth, and any string is scrubbed of digit runs
// shaped like an ID, BHXH or CMND number and of BHYT card codes, in case one slipped into a message.

const PII_KEYS = new Set(
  [
    'fullName', 'surname', 'givenNames', 'hoTen', 'hoTenCb', 'tenBenhNhan',
    'idNumber', 'oldIdNumber', 'cccd', 'cccdCb', 'cmnd', 'soCccd', 'maThe', 'maTheMoi', 'maSoBHXH',
    'documentNumber', 'mrz', 'mrzKey', 'can', 'qr', 'qrText',
    'dateOfBirth', 'ngaySinh', 'birthDate',
    'address', 'diaChi', 'placeOfOrigin', 'placeOfResidence', 'identifyingMarks',
    'fatherName', 'motherName', 'spouseName', 'holder', 'patient',
    'photo', 'face', 'image', 'password', 'passwordHash', 'token', 'accessToken',
  ].map((key) => key.toLowerCase()),
);

const ID_DIGITS = /\d{9,15}/g;
const BHYT_CODE = /\b[A-Z]{2}\d{13}\b/g;
const MAX_DEPTH = 8;

export const REDACTED = '[redacted]';

export function scrubText(text: string): string {
  return text.replace(BHYT_CODE, '[bhyt]').replace(ID_DIGITS, '[id]');
}

/** Works on parsed JSON (the logger applies it to each serialised line). */
export function redactPii(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[depth]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactPii(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = PII_KEYS.has(key.toLowerCase()) ? REDACTED : redactPii(item, depth + 1, seen);
  }
  return out;
}
