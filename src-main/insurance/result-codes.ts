// What the front desk does with each `maKetQua` of the card check (docs/bhxh-gateway.md "Card check"). No official list of
// meanings exists; these follow the BHXH guide's texts and two vendor systems. A code not listed here is
// treated as technical: never as eligible.

export type EligibilityStatus =
  | 'eligible'
  | 'eligible-new-card'
  | 'verify-paper-card'
  | 'needs-correction'
  | 'not-eligible'
  | 'child-no-card'
  | 'configuration'
  | 'technical';

export type ResultReason =
  | 'card-valid'
  | 'new-card-issued'
  | 'old-card-expired-new-card'
  | 'defence-ministry-card'
  | 'police-ministry-card'
  | 'wrong-name'
  | 'wrong-name-first-letter-right'
  | 'wrong-birth-date'
  | 'card-expired'
  | 'card-not-found'
  | 'wrong-card-code'
  | 'wrong-province-code'
  | 'wrong-benefit-code'
  | 'card-revoked'
  | 'card-reduced'
  | 'child-without-card'
  | 'staff-not-registered'
  | 'staff-name-mismatch'
  | 'card-ledger-error'
  | 'server-error'
  | 'bad-parameter-format'
  | 'auth-failed'
  | 'unknown-code';

export interface ResultCodeMeaning {
  code: string;
  /** The BHXH guide's text. */
  text: string;
  status: EligibilityStatus;
  reason: ResultReason;
  /** For needs-correction: what staff should correct. */
  correct?: 'hoTen' | 'ngaySinh' | 'maThe' | 'input';
  /** Asking again later may give another answer (technical faults), not asking again at once. */
  retryLater: boolean;
}

const meaning = (
  code: string,
  text: string,
  status: EligibilityStatus,
  reason: ResultReason,
  extra: Partial<Pick<ResultCodeMeaning, 'correct' | 'retryLater'>> = {},
): ResultCodeMeaning => ({ code, text, status, reason, retryLater: false, ...extra });

export const RESULT_CODES: ReadonlyMap<string, ResultCodeMeaning> = new Map(
  [
    meaning('000', 'Thông tin thẻ BHYT chính xác', 'eligible', 'card-valid'),
    meaning('004', 'Thẻ BHYT cũ còn giá trị sử dụng, được cấp thẻ mới', 'eligible-new-card', 'new-card-issued'),
    // The client re-checks with maTheMoi and reports the outcome of that (see eligibility.ts).
    meaning('003', 'Thẻ BHYT cũ hết giá trị sử dụng, được cấp thẻ mới', 'not-eligible', 'old-card-expired-new-card'),
    meaning('001', 'Thẻ do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ và giấy tờ tùy thân', 'verify-paper-card', 'defence-ministry-card'),
    meaning('002', 'Thẻ do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ và giấy tờ tùy thân', 'verify-paper-card', 'police-ministry-card'),
    meaning('060', 'Thẻ BHYT sai họ tên', 'needs-correction', 'wrong-name', { correct: 'hoTen' }),
    meaning('061', 'Thẻ BHYT sai họ tên (đúng ký tự đầu)', 'needs-correction', 'wrong-name-first-letter-right', { correct: 'hoTen' }),
    meaning('070', 'Thẻ BHYT sai ngày sinh', 'needs-correction', 'wrong-birth-date', { correct: 'ngaySinh' }),
    meaning('010', 'Thẻ BHYT hết giá trị sử dụng', 'not-eligible', 'card-expired'),
    meaning('050', 'Không có thông tin thẻ BHYT', 'not-eligible', 'card-not-found'),
    meaning('051', 'Mã thẻ BHYT không đúng', 'needs-correction', 'wrong-card-code', { correct: 'maThe' }),
    meaning('052', 'Mã tỉnh cấp thẻ BHYT (ký tự thứ 4,5 của mã thẻ) không đúng', 'needs-correction', 'wrong-province-code', { correct: 'maThe' }),
    meaning('053', 'Mã quyền lợi thẻ BHYT (ký tự thứ 3 của mã thẻ) không đúng', 'needs-correction', 'wrong-benefit-code', { correct: 'maThe' }),
    meaning('110', 'Thẻ BHYT đã thu hồi', 'not-eligible', 'card-revoked'),
    meaning('120', 'Thẻ BHYT đã báo giảm', 'not-eligible', 'card-reduced'),
    meaning('121', 'Thẻ BHYT đã báo giảm, giảm chuyển ngoại tỉnh', 'not-eligible', 'card-reduced'),
    meaning('122', 'Thẻ BHYT đã báo giảm, giảm chuyển nội tỉnh', 'not-eligible', 'card-reduced'),
    meaning('123', 'Thẻ BHYT đã báo giảm, do tăng lại cùng đơn vị', 'not-eligible', 'card-reduced'),
    meaning('124', 'Thẻ BHYT đã báo giảm, ngừng tham gia', 'not-eligible', 'card-reduced'),
    meaning('130', 'Trẻ em không xuất trình thẻ BHYT', 'child-no-card', 'child-without-card'),
    meaning('054', 'Cán bộ tra cứu chưa được đăng ký với cơ quan BHXH', 'configuration', 'staff-not-registered'),
    meaning('055', 'Họ tên cán bộ tra cứu không khớp với số CCCD', 'configuration', 'staff-name-mismatch'),
    meaning('100', 'Lỗi khi lấy dữ liệu sổ thẻ', 'technical', 'card-ledger-error', { retryLater: true }),
    meaning('101', 'Lỗi server', 'technical', 'server-error', { retryLater: true }),
    meaning('500', 'Lỗi máy chủ', 'technical', 'server-error', { retryLater: true }),
    // The staff member's data or ours does not fit the format; the client validates first, so this
    // usually means a name with characters the gateway refuses.
    meaning('205', 'Lỗi sai định dạng tham số', 'needs-correction', 'bad-parameter-format', { correct: 'input' }),
    // Normally turned into a fresh login and one retry; seen here only when that is not possible.
    meaning('401', 'Lỗi xác thực tài khoản', 'configuration', 'auth-failed'),
  ].map((entry) => [entry.code, entry]),
);

export function meaningOf(code: string): ResultCodeMeaning {
  return (
    RESULT_CODES.get(code) ?? {
      code,
      text: 'Mã kết quả chưa được biết',
      status: 'technical',
      reason: 'unknown-code',
      retryLater: true,
    }
  );
}
