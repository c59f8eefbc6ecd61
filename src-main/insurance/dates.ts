// The gateway speaks Vietnam local time (ICT, UTC+7, no daylight saving) in its own formats: dd/MM/yyyy
// in the card check, yyyyMMddHHmm in the QĐ 130/4750 XML tables, yyyyMMddHHmmss in check-in receipts.
// Everything here is pure; the instant always comes from an injected Clock.

const ICT_OFFSET_MS = 7 * 3_600_000;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function vnParts(instant: Date): LocalParts {
  const local = new Date(instant.getTime() + ICT_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The calendar day in Vietnam, `YYYY-MM-DD`. */
export function vnIsoDate(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** ISO 8601 in Vietnam time with its offset, `2026-03-15T08:30:00.000+07:00` (the site queue's times). */
export function vnIsoDateTime(instant: Date): string {
  const p = vnParts(instant);
  return `${vnIsoDate(instant)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(instant.getUTCMilliseconds(), 3)}+07:00`;
}

/** `yyyyMMddHHmm`, the XML 130 timestamp (NGAY_VAO, NGAY_YL). */
export function xmlDateTime(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}${pad(p.hour)}${pad(p.minute)}`;
}

/** `yyyyMMddHHmmss`, as in `thoiGianTiepNhan`. */
export function compactDateTimeSeconds(instant: Date): string {
  const p = vnParts(instant);
  return `${xmlDateTime(instant)}${pad(p.second)}`;
}

/** `dd/MM/yyyy` in Vietnam. */
export function gatewayDate(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)}`;
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/** `dd/MM/yyyy` → `YYYY-MM-DD`, or null when it is not a real date. */
export function parseGatewayDate(text: string | null | undefined): string | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec((text ?? '').trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isCalendarDate(year, month, day) ? `${match[3]}-${match[2]}-${match[1]}` : null;
}

/** `YYYY-MM-DD` → `yyyyMMdd` (GT_THE_TU / GT_THE_DEN). */
export function isoToXmlDate(iso: string): string {
  return iso.replaceAll('-', '');
}

/** `yyyyMMddHHmm[ss]` in Vietnam time → ISO local `YYYY-MM-DDTHH:mm[:ss]`, or null. */
export function parseCompactDateTime(text: string | null | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec((text ?? '').trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match as unknown as [string, string, string, string, string, string, string | undefined];
  if (!isCalendarDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  return `${y}-${mo}-${d}T${h}:${mi}${s === undefined ? '' : `:${s}`}`;
}

/** `yyyyMMddHHmmss` in Vietnam time → the instant, or null. */
export function compactToInstant(text: string | null | undefined): Date | null {
  const local = parseCompactDateTime(text);
  if (!local) return null;
  const utc = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  return Number.isNaN(utc) ? null : new Date(utc - ICT_OFFSET_MS);
}

export type BirthDatePrecision = 'day' | 'month' | 'year';

/** A date of birth as the gateway takes it: some people's papers only carry the month or the year. */
export interface BirthDate {
  /** Exactly as sent: `dd/MM/yyyy`, `MM/yyyy` or `yyyy`. */
  text: string;
  precision: BirthDatePrecision;
  year: number;
  month: number | null;
  day: number | null;
}

const MIN_BIRTH_YEAR = 1880;
const MAX_BIRTH_YEAR = 2200;

/** Strict: two-digit day and month, four-digit year, a real calendar date. */
export function parseBirthDate(text: string): BirthDate | null {
  const trimmed = text.trim();
  let match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(trimmed);
  if (match) {
    const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (!isCalendarDate(year, month, day) || year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR) return null;
    return { text: trimmed, precision: 'day', year, month, day };
  }
  match = /^(\d{2})\/(\d{4})$/.exec(trimmed);
  if (match) {
    const [month, year] = [Number(match[1]), Number(match[2])];
    if (month < 1 || month > 12 || year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR) return null;
    return { text: trimmed, precision: 'month', year, month, day: null };
  }
  match = /^(\d{4})$/.exec(trimmed);
  if (match) {
    const year = Number(match[1]);
    if (year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR) return null;
    return { text: trimmed, precision: 'year', year, month: null, day: null };
  }
  return null;
}

/** NGAY_SINH of the XML tables: `yyyyMMddHHmm`, unknown parts as zeros (docs/bhxh-gateway.md "Check-in report"). */
export function birthDateToXml(birth: BirthDate): string {
  return `${pad(birth.year, 4)}${pad(birth.month ?? 0)}${pad(birth.day ?? 0)}0000`;
}
