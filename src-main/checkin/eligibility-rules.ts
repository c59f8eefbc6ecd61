// What an eligibility answer means for the visit: whether staff must look at it, and which card goes
// into the check-in report.
import type { CardInfo, EligibilityResult, EligibilityStatus } from '../insurance';

/** Answers that need a person before the visit goes on as a BHYT visit. */
const FLAGGED: ReadonlySet<EligibilityStatus> = new Set(['not-eligible', 'needs-correction', 'child-no-card', 'verify-paper-card']);

/** Answers the desk keeps as the visit's eligibility. Technical and configuration ones are asked again. */
export function isSettled(result: EligibilityResult): boolean {
  return result.status !== 'technical' && result.status !== 'configuration';
}

/** The flag staff see on the visit, e.g. "not-eligible"; null when nothing needs them. */
export function eligibilityFlagOf(status: EligibilityStatus): string | null {
  return FLAGGED.has(status) ? status : null;
}

const USABLE: ReadonlySet<EligibilityStatus> = new Set(['eligible', 'eligible-new-card', 'verify-paper-card']);

export type ReportCard = Pick<CardInfo, 'maThe' | 'maDKBD' | 'validFrom' | 'validTo'>;

/**
 * The card the check-in report carries: the one looked up, or for 003 the new card the follow-up
 * check accepted. None when the card cannot be used (the visit is then reported without BHYT, which
 * the table allows) or when the answer lacks the dates the table requires with a card.
 */
export function reportCardOf(result: EligibilityResult | null): ReportCard | undefined {
  if (!result || !USABLE.has(result.status)) return undefined;
  const followed = result.followUp && USABLE.has(result.followUp.status) ? result.followUp.card : null;
  const card = followed ?? result.card;
  if (!card?.maThe || !card.maDKBD || !card.validFrom || !card.validTo) return undefined;
  return { maThe: card.maThe, maDKBD: card.maDKBD, validFrom: card.validFrom, validTo: card.validTo };
}

/**
 * MA_DOITUONG_KCB when staff gave none: "1.1" for a card registered at this facility. For other cards
 * the right code depends on referral and the facility's level (QĐ 3276 catalogue); `elsewhere` is a
 * setting, and its default "3.1" (patient came on their own) is UNCONFIRMED — check with the facility.
 */
export function defaultEntryCategory(card: ReportCard, facilityCode: string, elsewhere = '3.1'): string {
  return card.maDKBD === facilityCode ? '1.1' : elsewhere;
}
