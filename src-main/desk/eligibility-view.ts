// The gateway's answer as the desk shows it (contract `Eligibility`), and "pending" when it could not ask.
import type { Eligibility } from '../contract/reads';
import type { EligibilityResult } from '../insurance';

export function eligibilityView(result: EligibilityResult): Eligibility {
  const card = result.card;
  return {
    status: result.status,
    code: result.code,
    message: result.message,
    card: card
      ? {
          maThe: card.maThe,
          maSoBHXH: card.maSoBHXH,
          benefitLevel: card.benefitLevel,
          coveragePercent: card.coveragePercent,
          validFrom: card.validFrom,
          validTo: card.validTo,
          validity: card.validity,
          maDKBD: card.maDKBD,
          fiveYearsFrom: card.fiveYearsFrom,
        }
      : null,
    newCard: result.newCard ? { maThe: result.newCard.maThe, validFrom: result.newCard.validFrom, validTo: result.newCard.validTo, maDKBD: result.newCard.maDKBD } : null,
    correction: result.correction ? { field: result.correction.field, sent: result.correction.sent, gatewayValue: result.correction.gatewayValue } : null,
  };
}

export const pendingEligibility: Eligibility = {
  status: 'pending',
  code: null,
  message: 'Cổng BHXH chưa phản hồi; hệ thống sẽ tự tra cứu lại khi có kết nối.',
  card: null,
  newCard: null,
  correction: null,
};
