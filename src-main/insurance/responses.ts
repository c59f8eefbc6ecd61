// The gateway's answers, checked before anything reads them. A hostile or broken reply (not JSON, wrong
// types, huge strings, absurd nesting) becomes GatewayError('bad-response'), never a crash: nothing
// downstream (store, UI, logs) has to distrust these shapes again.
import { z } from 'zod';
import { GatewayError } from './errors';

const MAX_TEXT = 4_000;
const MAX_TOKEN = 16_000;
const MAX_LIST = 5_000;
const MAX_DEPTH = 32;

/** Scalars as the API documents them; numbers are read as text (seen for codes); blank means absent. */
const text = z
  .union([z.string().max(MAX_TEXT), z.number(), z.null()])
  .optional()
  .transform((value) => {
    const trimmed = value === undefined || value === null ? '' : String(value).trim();
    return trimmed === '' ? null : trimmed;
  });

/** `maKetQua` arrives as "000"; a number 0 would mean the same. */
const resultCode = z
  .union([z.string().trim().min(1).max(16), z.number().int().nonnegative().max(99_999)])
  .transform((value) => (typeof value === 'number' ? String(value).padStart(3, '0') : value));

const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .max(MAX_LIST)
    .nullish()
    .transform((value) => value ?? []);

export const LoginResponse = z.object({
  maKetQua: resultCode,
  APIKey: z
    .object({
      access_token: z.string().min(1).max(MAX_TOKEN),
      id_token: z.string().min(1).max(MAX_TOKEN),
      token_type: text,
      username: text,
      expires_in: z.union([z.string().max(64), z.number()]).nullish(),
    })
    .nullish(),
});
export type LoginResponse = z.output<typeof LoginResponse>;

export const HistoryEntry = z.object({
  maHoSo: text,
  maCSKCB: text,
  ngayVao: text,
  ngayRa: text,
  tenBenh: text,
  tinhTrang: text,
  kqDieuTri: text,
  lyDoVV: text,
});
export type HistoryEntry = z.output<typeof HistoryEntry>;

export const CardCheckResponse = z.object({
  maKetQua: resultCode,
  ghiChu: text,
  maThe: text,
  hoTen: text,
  ngaySinh: text,
  gioiTinh: text,
  diaChi: text,
  maDKBD: text,
  cqBHXH: text,
  gtTheTu: text,
  gtTheDen: text,
  maKV: text,
  ngayDu5Nam: text,
  maSoBHXH: text,
  maTheCu: text,
  maTheMoi: text,
  gtTheTuMoi: text,
  gtTheDenMoi: text,
  maDKBDMoi: text,
  tenDKBDMoi: text,
  // Null since CV 2746 (history moved to Lskcb2025); kept raw, checked only for shape.
  dsLichSuKCB2018: list(z.record(z.string(), z.unknown())),
  dsLichSuKT2018: list(z.record(z.string(), z.unknown())),
});
export type CardCheckResponse = z.output<typeof CardCheckResponse>;

export const HistoryResponse = z.object({
  maKetQua: resultCode,
  ghiChu: text,
  dsLichSuKCB2025: list(HistoryEntry),
});
export type HistoryResponse = z.output<typeof HistoryResponse>;

export const CheckInResponse = z.object({
  maKetQua: resultCode,
  maGiaoDich: text,
  thoiGianTiepNhan: text,
  thongDiep: text,
});
export type CheckInResponse = z.output<typeof CheckInResponse>;

/** Nesting deeper than any documented reply; checked without recursion so the check itself is safe. */
function tooDeep(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The body as a JSON object, or bad-response. */
export function parseJsonObject(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new GatewayError('bad-response', 'not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new GatewayError('bad-response', 'not a JSON object');
  if (tooDeep(value, MAX_DEPTH)) throw new GatewayError('bad-response', 'nested too deeply');
  return value as Record<string, unknown>;
}

/** Validates a parsed reply; the message names the first bad field, never its value. */
export function checkShape<T extends z.ZodType>(schema: T, raw: Record<string, unknown>, what: string): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new GatewayError('bad-response', `${what}: ${where} ${issue?.code ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The `maKetQua` of a reply that otherwise failed its schema, for error details. */
export function looseResultCode(raw: Record<string, unknown>): string | undefined {
  const parsed = resultCode.safeParse(raw.maKetQua);
  return parsed.success ? parsed.data : undefined;
}
