// What staff see about a card at a glance: three checks and one verdict, each with a short sentence in
// Vietnamese and English (issue: holder verification).
//   passive: the data was signed by the issuing state and not changed;
//   chip (CA) and active (AA): the chip is the original, not a copy;
//   verdict: failed hashes or signature → data-altered; failed CA or AA → clone-suspected; good data but
//   unknown CSCA → issuer-untrusted; no SOD → not-verifiable; all passed → authentic.
// What EF.SOD lists must have been delivered: DG1 or DG13 held back fails passive authentication (the
// reader already fails CA for DG14 and AA for DG15); a photo asked for and held back leaves at most
// not-verifiable, since staff then have only the printed card to compare the person with.
import type { CheckResult } from '../card/ca/chip-authentication';
import type { ChipRead } from '../card/read/chip-reader';
import type { Reason, Verdict, Verification } from '../contract';
import { passiveAuthentication, type PassiveOutcome } from '../trust/passive-authentication';
import type { TrustStore } from '../trust/trust-store';

const passiveReasons: Record<PassiveOutcome['result'], Reason> = {
  passed: { vi: 'Dữ liệu do cơ quan cấp thẻ ký và không bị sửa đổi.', en: 'The data was signed by the issuer and is unchanged.' },
  failed: { vi: 'Dữ liệu trên chip đã bị sửa đổi hoặc chữ ký không hợp lệ.', en: 'The chip data was altered or its signature is invalid.' },
  'issuer-untrusted': { vi: 'Chữ ký hợp lệ nhưng cơ quan cấp chưa có trong danh sách tin cậy.', en: 'The signature is valid but the issuer is not in the trust list.' },
  'not-verifiable': { vi: 'Chip không có dữ liệu để kiểm tra tính xác thực.', en: 'The chip carries nothing to verify its data with.' },
};

const cloneReasons = (what: { vi: string; en: string }): Record<CheckResult['result'], Reason> => ({
  passed: { vi: `${what.vi}: chip là chip gốc.`, en: `${what.en}: the chip is the original.` },
  failed: { vi: `${what.vi}: chip không chứng minh được là chip gốc — nghi thẻ giả.`, en: `${what.en}: the chip could not prove it is the original — suspected copy.` },
  'not-supported': { vi: `${what.vi}: chip không hỗ trợ.`, en: `${what.en}: not supported by the chip.` },
});

const chipReasons = cloneReasons({ vi: 'Xác thực chip', en: 'Chip authentication' });
const activeReasons = cloneReasons({ vi: 'Xác thực chủ động', en: 'Active authentication' });

const verdictReasons: Record<Verdict, Reason> = {
  authentic: { vi: 'Dữ liệu do cơ quan cấp ký và chip là chip gốc.', en: 'Data signed by the issuer, on the original chip.' },
  'data-altered': { vi: 'CẢNH BÁO: dữ liệu trên chip đã bị sửa đổi.', en: 'WARNING: the chip data has been altered.' },
  'clone-suspected': { vi: 'CẢNH BÁO: chip không phải chip gốc — nghi thẻ sao chép.', en: 'WARNING: not the original chip — suspected copy.' },
  'issuer-untrusted': { vi: 'Chữ ký hợp lệ nhưng chưa có chứng thư tin cậy của cơ quan cấp.', en: 'Valid signature, but no trusted certificate for the issuer.' },
  'not-verifiable': { vi: 'Chip không cho phép kiểm tra tính xác thực đầy đủ.', en: 'The chip does not allow a full authenticity check.' },
};

const photoWithheld: Reason = {
  vi: 'Chip không trả ảnh chân dung (DG2) dù dữ liệu ký có ảnh: không kiểm tra được đầy đủ.',
  en: 'The chip withheld the portrait (DG2) that its signed data lists: not fully verifiable.',
};

export type Undelivered = ChipRead['undelivered'][number];

export function verify(signed: PassiveOutcome, chip: CheckResult, active: CheckResult, undelivered: readonly Undelivered[] = []): Verification {
  const withheld = undelivered.find((entry) => entry.group === 1 || entry.group === 13);
  const passive: PassiveOutcome =
    withheld && signed.result !== 'failed' ? { ...signed, result: 'failed', detail: `DG${withheld.group} is listed in EF.SOD but ${withheld.why}` } : signed;
  let verdict: Verdict;
  if (passive.result === 'failed') verdict = 'data-altered';
  else if (chip.result === 'failed' || active.result === 'failed') verdict = 'clone-suspected';
  else if (passive.result === 'issuer-untrusted') verdict = 'issuer-untrusted';
  else if (passive.result === 'not-verifiable') verdict = 'not-verifiable';
  // Signed data on a chip that cannot prove it is the original could be a copy: not "authentic".
  else if (chip.result !== 'passed' && active.result !== 'passed') verdict = 'not-verifiable';
  else verdict = 'authentic';
  const photoMissing = (verdict === 'authentic' || verdict === 'issuer-untrusted') && undelivered.some((entry) => entry.group === 2);
  if (photoMissing) verdict = 'not-verifiable';
  return {
    passive: { result: passive.result, reason: passiveReasons[passive.result], detail: passive.detail },
    chip: { result: chip.result, reason: chipReasons[chip.result], detail: chip.reason },
    active: { result: active.result, reason: activeReasons[active.result], detail: active.reason },
    verdict,
    reason: photoMissing ? photoWithheld : verdictReasons[verdict],
  };
}

/** Passive authentication of what was read, and the verdict over it and the chip's checks. */
export function verifyRead(read: ChipRead, trust: TrustStore, now: Date): Verification {
  return verify(passiveAuthentication(read.dataGroups, read.sod, trust, now), read.chipAuthentication, read.activeAuthentication, read.undelivered);
}
