// How the simulated gateway answers a card check and a history request. The order of the checks is our
// reading of the real gateway's behaviour (format → staff → card → name → date → status → validity);
// the codes are those of docs/bhxh-gateway.md "Card check", the texts those of the BHXH guide.
import { cardNumberKind, normaliseCardNumber } from '../../insurance/card-code';
import { parseBirthDate, parseGatewayDate } from '../../insurance/dates';
import { RESULT_CODES } from '../../insurance/result-codes';
import type { SimAccount } from './accounts';
import type { SimCard, SimPerson } from './records';

export interface LookupFields {
  maThe?: string | undefined;
  hoTen?: string | undefined;
  ngaySinh?: string | undefined;
  hoTenCb?: string | undefined;
  cccdCb?: string | undefined;
}

export interface LookupContext {
  people: readonly SimPerson[];
  account: SimAccount;
  /** Today in Vietnam, `YYYY-MM-DD`. */
  today: string;
}

const CARD_FIELDS = [
  'maThe', 'hoTen', 'ngaySinh', 'gioiTinh', 'diaChi', 'maDKBD', 'cqBHXH', 'gtTheTu', 'gtTheDen', 'maKV', 'ngayDu5Nam',
  'maSoBHXH', 'maTheCu', 'maTheMoi', 'gtTheTuMoi', 'gtTheDenMoi', 'maDKBDMoi', 'tenDKBDMoi',
] as const;

export type CardCheckReply = Record<string, unknown> & { maKetQua: string; ghiChu: string };

function textOf(code: string): string {
  return RESULT_CODES.get(code)?.text ?? 'Lỗi';
}

function bare(code: string, ghiChu = textOf(code)): CardCheckReply {
  const reply: CardCheckReply = { maKetQua: code, ghiChu };
  for (const field of CARD_FIELDS) reply[field] = null;
  reply.dsLichSuKCB2018 = null;
  reply.dsLichSuKT2018 = null;
  return reply;
}

function withCard(code: string, ghiChu: string, person: SimPerson, card: SimCard, previous: SimCard | null, next: SimCard | null): CardCheckReply {
  return {
    ...bare(code, ghiChu),
    maThe: card.maThe,
    hoTen: person.hoTen,
    ngaySinh: person.ngaySinh,
    gioiTinh: person.gioiTinh,
    diaChi: person.diaChi,
    maDKBD: card.maDKBD,
    cqBHXH: card.cqBHXH,
    gtTheTu: card.gtTheTu,
    gtTheDen: card.gtTheDen,
    maKV: card.maKV,
    ngayDu5Nam: card.ngayDu5Nam,
    maSoBHXH: person.maSoBHXH,
    maTheCu: previous?.maThe ?? null,
    maTheMoi: next?.maThe ?? null,
    gtTheTuMoi: next?.gtTheTu ?? null,
    gtTheDenMoi: next?.gtTheDen ?? null,
    maDKBDMoi: next?.maDKBD ?? null,
    tenDKBDMoi: next?.tenDKBD ?? null,
  };
}

/** Names compare without regard to case or spacing, but every diacritic counts (NFC). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLocaleUpperCase('vi').replace(/\s+/g, ' ').trim();
}

export type StaffVerdict = 'ok' | '054' | '055';

export function staffVerdict(account: SimAccount, fullName: string, idNumber: string): StaffVerdict {
  const registered = account.staff.find((staff) => staff.idNumber === idNumber);
  if (!registered) return '054';
  return nameKey(registered.fullName) === nameKey(fullName) ? 'ok' : '055';
}

type Found =
  | { kind: 'card'; person: SimPerson; index: number }
  | { kind: 'person'; person: SimPerson }
  | { kind: 'code'; code: string };

/** `maThe` → the person and card it names, or the code that says why not. */
function find(people: readonly SimPerson[], maThe: string): Found {
  switch (cardNumberKind(maThe)) {
    case 'cccd': {
      const person = people.find((candidate) => candidate.idNumber === maThe);
      if (!person) return { kind: 'code', code: '050' };
      return person.cards.length > 0 ? { kind: 'card', person, index: 0 } : { kind: 'person', person };
    }
    case 'bhxh': {
      const person = people.find((candidate) => candidate.maSoBHXH === maThe);
      if (!person) return { kind: 'code', code: '050' };
      return person.cards.length > 0 ? { kind: 'card', person, index: 0 } : { kind: 'person', person };
    }
    case 'bhyt': {
      for (const person of people) {
        const index = person.cards.findIndex((card) => card.maThe === maThe);
        if (index >= 0) return { kind: 'card', person, index };
      }
      // The BHXH number exists under another code: say which part of the code is wrong.
      const held = people.flatMap((person) => person.cards).find((card) => card.maThe.slice(5) === maThe.slice(5));
      if (!held) return { kind: 'code', code: '050' };
      if (held.maThe.slice(3, 5) !== maThe.slice(3, 5)) return { kind: 'code', code: '052' };
      if (held.maThe[2] !== maThe[2]) return { kind: 'code', code: '053' };
      return { kind: 'code', code: '051' };
    }
    case null:
      return { kind: 'code', code: '051' };
  }
}

function ageInYears(birth: string, today: string): number | null {
  const parsed = parseBirthDate(birth);
  if (!parsed) return null;
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = (parsed.month ?? 1) < month || ((parsed.month ?? 1) === month && (parsed.day ?? 1) <= day);
  return year - parsed.year - (hadBirthday ? 0 : 1);
}

function validityOf(card: SimCard, today: string): 'valid' | 'expired' | 'not-yet-valid' {
  if (today < parseGatewayDate(card.gtTheTu)!) return 'not-yet-valid';
  if (today > parseGatewayDate(card.gtTheDen)!) return 'expired';
  return 'valid';
}

/** Common to the card check and the history: the answer when the question itself fails. */
function refusal(fields: LookupFields, context: LookupContext): string | null {
  const { maThe, hoTen, ngaySinh, hoTenCb, cccdCb } = fields;
  if (!maThe?.trim() || !hoTen?.trim() || !ngaySinh?.trim() || !hoTenCb?.trim() || !cccdCb?.trim()) return '205';
  if (!parseBirthDate(ngaySinh) || !/^\d{12}$/.test(cccdCb.trim())) return '205';
  const staff = staffVerdict(context.account, hoTenCb, cccdCb.trim());
  return staff === 'ok' ? null : staff;
}

function identityMismatch(person: SimPerson, hoTen: string, ngaySinh: string): '060' | '061' | '070' | null {
  const sent = nameKey(hoTen);
  const held = nameKey(person.hoTen);
  if (sent !== held) return sent[0] === held[0] ? '061' : '060';
  // The precision must match too: a full date for someone the ledger knows only by year is wrong.
  return ngaySinh.trim() === person.ngaySinh ? null : '070';
}

export function answerCardCheck(fields: LookupFields, context: LookupContext): CardCheckReply {
  const refused = refusal(fields, context);
  if (refused) return bare(refused);
  const found = find(context.people, normaliseCardNumber(fields.maThe!));
  if (found.kind === 'code') return bare(found.code);
  const { person } = found;
  if (person.backendError) return bare(person.backendError);
  if (person.managedBy) return bare(person.managedBy === 'BQP' ? '001' : '002');

  if (found.kind === 'person') {
    const mismatch = identityMismatch(person, fields.hoTen!, fields.ngaySinh!);
    if (mismatch) return { ...bare(mismatch), hoTen: person.hoTen, ngaySinh: person.ngaySinh, gioiTinh: person.gioiTinh };
    const age = ageInYears(person.ngaySinh, context.today);
    return bare(age !== null && age < 6 ? '130' : '050');
  }

  const card = person.cards[found.index]!;
  const previous = found.index > 0 ? person.cards[found.index - 1]! : null;
  const next = person.cards[found.index + 1] ?? null;
  const answer = (code: string, ghiChu = textOf(code)) => withCard(code, ghiChu, person, card, previous, next);

  const mismatch = identityMismatch(person, fields.hoTen!, fields.ngaySinh!);
  if (mismatch) return answer(mismatch);
  if (person.status === 'revoked') return answer('110');
  if (person.status.startsWith('reduced-')) return answer(person.status.slice('reduced-'.length));

  const term = `Hạn thẻ: ${card.gtTheTu} - ${card.gtTheDen}`;
  const fiveYears = card.ngayDu5Nam ? ` Thời điểm đủ 5 năm liên tục: ${card.ngayDu5Nam}.` : '';
  switch (validityOf(card, context.today)) {
    case 'valid':
      return next
        ? answer('004', `Thẻ cũ còn giá trị sử dụng, đã được cấp thẻ mới ${next.maThe}. ${term}.`)
        : answer('000', `Thẻ còn giá trị sử dụng. ${term}.${fiveYears}`);
    case 'expired':
      return next ? answer('003', `Thẻ cũ hết giá trị sử dụng, đã được cấp thẻ mới ${next.maThe}. ${term}.`) : answer('010', `Thẻ hết giá trị sử dụng. ${term}.`);
    case 'not-yet-valid':
      return answer('010', `Thẻ chưa đến thời hạn sử dụng. ${term}.`);
  }
}

export interface HistoryReply {
  maKetQua: string;
  ghiChu: string;
  dsLichSuKCB2025: SimPerson['history'] | null;
}

export function answerHistory(fields: LookupFields, context: LookupContext): HistoryReply {
  const none = (code: string): HistoryReply => ({ maKetQua: code, ghiChu: textOf(code), dsLichSuKCB2025: null });
  const refused = refusal(fields, context);
  if (refused) return none(refused);
  const found = find(context.people, normaliseCardNumber(fields.maThe!));
  if (found.kind === 'code') return none(found.code);
  const { person } = found;
  if (person.backendError) return none(person.backendError);
  const mismatch = identityMismatch(person, fields.hoTen!, fields.ngaySinh!);
  if (mismatch) return none(mismatch);
  if (found.kind === 'person') return none('050');
  return { maKetQua: '000', ghiChu: 'Lấy dữ liệu thành công', dsLichSuKCB2025: person.history };
}
