// Visit history from `Lskcb2025` (docs/bhxh-gateway.md "Visit history"), which replaced the history inside the card check
// (CV 2746).
import { parseCompactDateTime } from './dates';
import type { HistoryResponse } from './responses';
import { meaningOf } from './result-codes';

export interface HistoryVisit {
  maHoSo: string | null;
  /** The facility of the visit. */
  maCSKCB: string | null;
  /** Local Vietnam time `YYYY-MM-DDTHH:mm`, null when absent or unreadable (raw keeps the text). */
  admittedAt: string | null;
  dischargedAt: string | null;
  tenBenh: string | null;
  tinhTrang: string | null;
  kqDieuTri: string | null;
  lyDoVV: string | null;
}

export interface VisitHistory {
  /** maKetQua; the codes are those of the card check (000 found, 050 no card, 060/070 wrong identity…). */
  code: string;
  found: boolean;
  /** The gateway's ghiChu, or the BHXH guide's text for the code. */
  message: string;
  visits: HistoryVisit[];
  checkedAt: string;
  raw: Record<string, unknown>;
}

export function interpretHistory(reply: HistoryResponse, raw: Record<string, unknown>, now: Date): VisitHistory {
  const meaning = meaningOf(reply.maKetQua);
  return {
    code: reply.maKetQua,
    found: reply.maKetQua === '000',
    message: reply.ghiChu || meaning.text,
    visits: reply.dsLichSuKCB2025.map((entry) => ({
      maHoSo: entry.maHoSo,
      maCSKCB: entry.maCSKCB,
      admittedAt: parseCompactDateTime(entry.ngayVao),
      dischargedAt: parseCompactDateTime(entry.ngayRa),
      tenBenh: entry.tenBenh,
      tinhTrang: entry.tinhTrang,
      kqDieuTri: entry.kqDieuTri,
      lyDoVV: entry.lyDoVV,
    })),
    checkedAt: now.toISOString(),
    raw,
  };
}
