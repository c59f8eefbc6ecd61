// A card-check reply read for the front desk: the raw reply is kept untouched (the store keeps it as
// evidence), and beside it a typed reading of maKetQua, the card code and the dates.
import { decodeCardCode, type BenefitLevel } from './card-code';
import { parseBirthDate, parseGatewayDate, vnIsoDate } from './dates';
import type { GatewayErrorCode } from './errors';
import type { CardCheckResponse } from './responses';
import { meaningOf, type EligibilityStatus, type ResultCodeMeaning, type ResultReason } from './result-codes';

/** What staff typed or the chip gave; `ngaySinh` as the gateway takes it (dd/MM/yyyy, MM/yyyy, yyyy). */
export interface CardQuery {
  maThe: string;
  hoTen: string;
  ngaySinh: string;
}

/** The signed-in staff member, named in every lookup since CV 1923 (hoTenCb, cccdCb). */
export interface Staff {
  fullName: string;
  idNumber: string;
}

export type CardValidity = 'valid' | 'expired' | 'not-yet-valid' | 'unknown';

export interface CardInfo {
  maThe: string;
  maSoBHXH: string | null;
  group: string | null;
  benefitLevel: BenefitLevel | null;
  coveragePercent: number | null;
  provinceCode: string | null;
  /** `YYYY-MM-DD`. */
  validFrom: string | null;
  validTo: string | null;
  /** On the Vietnamese calendar day of the check, by the card's own dates. */
  validity: CardValidity;
  /** Registered primary-care facility (5 characters). */
  maDKBD: string | null;
  /** The BHXH office that manages the card. */
  cqBHXH: string | null;
  /** Living-area code K1/K2/K3 (extra benefits in remote areas). */
  maKV: string | null;
  /** Date of five continuous years of coverage (`YYYY-MM-DD`). */
  fiveYearsFrom: string | null;
}

export interface NewCardInfo {
  maThe: string;
  benefitLevel: BenefitLevel | null;
  coveragePercent: number | null;
  validFrom: string | null;
  validTo: string | null;
  maDKBD: string | null;
  tenDKBD: string | null;
}

export interface HolderInfo {
  hoTen: string | null;
  ngaySinh: string | null;
  gioiTinh: string | null;
  diaChi: string | null;
}

/**
 * For 060/061/070 (and 051–053): what was sent and what the gateway holds, offered to staff to confirm.
 * Never applied silently (a vendor retries 070 with the returned date; we let a person decide).
 */
export interface Correction {
  field: NonNullable<ResultCodeMeaning['correct']>;
  sent: string;
  gatewayValue: string | null;
}

export interface EligibilityResult {
  /** maKetQua as the gateway sent it. */
  code: string;
  status: EligibilityStatus;
  reason: ResultReason;
  /** False for a maKetQua not in the reference table (treated as technical). */
  known: boolean;
  /** The gateway's ghiChu, or the BHXH guide's text when it sent none. */
  message: string;
  standardText: string;
  retryLater: boolean;
  card: CardInfo | null;
  holder: HolderInfo | null;
  newCard: NewCardInfo | null;
  correction: Correction | null;
  /** For 003: the check of `maTheMoi` the client made at once. */
  followUp: EligibilityResult | null;
  /** For 003: why that follow-up check has no result. */
  followUpError: { code: GatewayErrorCode; message: string } | null;
  /** ISO instant of the check (the client's clock). */
  checkedAt: string;
  raw: Record<string, unknown>;
}

function validityOn(today: string, from: string | null, to: string | null): CardValidity {
  if (!from || !to) return 'unknown';
  if (today < from) return 'not-yet-valid';
  if (today > to) return 'expired';
  return 'valid';
}

function cardInfo(reply: CardCheckResponse, today: string): CardInfo | null {
  if (!reply.maThe) return null;
  const decoded = decodeCardCode(reply.maThe);
  const validFrom = parseGatewayDate(reply.gtTheTu);
  const validTo = parseGatewayDate(reply.gtTheDen);
  return {
    maThe: reply.maThe,
    maSoBHXH: reply.maSoBHXH ?? decoded?.bhxhNumber ?? null,
    group: decoded?.group ?? null,
    benefitLevel: decoded?.benefitLevel ?? null,
    coveragePercent: decoded?.coveragePercent ?? null,
    provinceCode: decoded?.provinceCode ?? null,
    validFrom,
    validTo,
    validity: validityOn(today, validFrom, validTo),
    maDKBD: reply.maDKBD,
    cqBHXH: reply.cqBHXH,
    maKV: reply.maKV,
    fiveYearsFrom: parseGatewayDate(reply.ngayDu5Nam),
  };
}

function newCardInfo(reply: CardCheckResponse): NewCardInfo | null {
  if (!reply.maTheMoi) return null;
  const decoded = decodeCardCode(reply.maTheMoi);
  return {
    maThe: reply.maTheMoi,
    benefitLevel: decoded?.benefitLevel ?? null,
    coveragePercent: decoded?.coveragePercent ?? null,
    validFrom: parseGatewayDate(reply.gtTheTuMoi),
    validTo: parseGatewayDate(reply.gtTheDenMoi),
    maDKBD: reply.maDKBDMoi,
    tenDKBD: reply.tenDKBDMoi,
  };
}

function correctionFor(meaning: ResultCodeMeaning, reply: CardCheckResponse, query: CardQuery): Correction | null {
  switch (meaning.correct) {
    case undefined:
      return null;
    case 'hoTen':
      return { field: 'hoTen', sent: query.hoTen, gatewayValue: reply.hoTen && reply.hoTen !== query.hoTen ? reply.hoTen : null };
    case 'ngaySinh': {
      // Offered only when it is a date the gateway itself would accept back.
      const theirs = reply.ngaySinh && parseBirthDate(reply.ngaySinh) ? reply.ngaySinh : null;
      return { field: 'ngaySinh', sent: query.ngaySinh, gatewayValue: theirs !== query.ngaySinh ? theirs : null };
    }
    case 'maThe':
      return { field: 'maThe', sent: query.maThe, gatewayValue: null };
    case 'input':
      return { field: 'input', sent: '', gatewayValue: null };
  }
}

export function interpretCardCheck(
  reply: CardCheckResponse,
  raw: Record<string, unknown>,
  query: CardQuery,
  now: Date,
): EligibilityResult {
  const meaning = meaningOf(reply.maKetQua);
  const card = cardInfo(reply, vnIsoDate(now));
  const anyHolder = reply.hoTen ?? reply.ngaySinh ?? reply.gioiTinh ?? reply.diaChi;
  return {
    code: reply.maKetQua,
    status: meaning.status,
    reason: meaning.reason,
    known: meaning.reason !== 'unknown-code',
    message: reply.ghiChu || meaning.text,
    standardText: meaning.text,
    retryLater: meaning.retryLater,
    card,
    holder: anyHolder === null ? null : { hoTen: reply.hoTen, ngaySinh: reply.ngaySinh, gioiTinh: reply.gioiTinh, diaChi: reply.diaChi },
    newCard: newCardInfo(reply),
    correction: correctionFor(meaning, reply, query),
    followUp: null,
    followUpError: null,
    checkedAt: now.toISOString(),
    raw,
  };
}

/** 003 read together with the re-check of its new card: eligible on the new card, or what that says. */
export function withFollowUp(first: EligibilityResult, followUp: EligibilityResult): EligibilityResult {
  const onNewCard = followUp.status === 'eligible' || followUp.status === 'eligible-new-card';
  return { ...first, status: onNewCard ? 'eligible-new-card' : followUp.status, retryLater: followUp.retryLater, followUp };
}

export function withFollowUpError(first: EligibilityResult, error: { code: GatewayErrorCode; message: string }): EligibilityResult {
  return { ...first, status: 'technical', retryLater: true, followUpError: error };
}
