// What `maThe` may be (CV 2746: the 15-character BHYT code, the 10-digit BHXH number or the 12-digit
// CCCD number) and what a BHYT code says about its holder's benefits (docs/bhxh-gateway.md "The BHYT card code", QĐ 1351/QĐ-BHXH).

export type CardNumberKind = 'bhyt' | 'bhxh' | 'cccd';

const SHAPES: ReadonlyArray<[CardNumberKind, RegExp]> = [
  ['bhyt', /^[A-Z]{2}[1-5]\d{12}$/],
  ['bhxh', /^\d{10}$/],
  ['cccd', /^\d{12}$/],
];

/** Upper-cased and stripped of spaces (staff type codes from printed cards, which space them). */
export function normaliseCardNumber(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export function cardNumberKind(maThe: string): CardNumberKind | null {
  for (const [kind, shape] of SHAPES) if (shape.test(maThe)) return kind;
  return null;
}

export type BenefitLevel = 1 | 2 | 3 | 4 | 5;

/** Benefit level (character 3) → share of covered costs the fund pays (docs/bhxh-gateway.md "The BHYT card code"). */
export const COVERAGE_PERCENT: Readonly<Record<BenefitLevel, number>> = { 1: 100, 2: 100, 3: 95, 4: 80, 5: 100 };

const BENEFIT_NOTES: Readonly<Record<BenefitLevel, string>> = {
  1: '100%, không giới hạn tỷ lệ thanh toán thuốc, vật tư y tế',
  2: '100%, có giới hạn tỷ lệ thanh toán một số thuốc, vật tư y tế',
  3: '95%',
  4: '80%',
  5: '100%, kể cả chi phí ngoài phạm vi và vận chuyển',
};

/** Participant groups by the benefit level they normally carry (third-party summary of QĐ 1351). */
const GROUPS_BY_LEVEL: Readonly<Record<BenefitLevel, readonly string[]>> = {
  1: ['CC', 'TE'],
  2: ['CK', 'CB', 'KC', 'HN', 'DT', 'DK', 'XD', 'BT', 'TS'],
  3: ['HT', 'TC', 'CN'],
  4: ['DN', 'HX', 'CH', 'NN', 'TK', 'HC', 'XK', 'TB', 'NO', 'CT', 'XB', 'TN', 'CS', 'XN', 'MS', 'HD', 'TQ', 'TA', 'TY', 'HG', 'LS', 'PV', 'HS', 'SV', 'GB', 'GD'],
  5: ['QN', 'CA', 'CY'],
};

export function usualLevelOfGroup(group: string): BenefitLevel | null {
  for (const level of [1, 2, 3, 4, 5] as const) if (GROUPS_BY_LEVEL[level].includes(group)) return level;
  return null;
}

export interface DecodedCardCode {
  code: string;
  /** Participant group, characters 1–2 (DN = employees of enterprises, HT = pensioners, …). */
  group: string;
  benefitLevel: BenefitLevel;
  coveragePercent: number;
  benefitNote: string;
  /** Province of issue, characters 4–5. */
  provinceCode: string;
  /** The BHXH number, the last 10 digits (what cards printed since 2021-04 show alone). */
  bhxhNumber: string;
  /**
   * The group is one the summary lists, at the level it lists it. False does not make the card wrong:
   * the gateway decides (053); it is a hint for staff reading a code typed by hand.
   */
  groupMatchesLevel: boolean;
}

export function decodeCardCode(code: string): DecodedCardCode | null {
  if (cardNumberKind(code) !== 'bhyt') return null;
  const group = code.slice(0, 2);
  const benefitLevel = Number(code[2]) as BenefitLevel;
  return {
    code,
    group,
    benefitLevel,
    coveragePercent: COVERAGE_PERCENT[benefitLevel],
    benefitNote: BENEFIT_NOTES[benefitLevel],
    provinceCode: code.slice(3, 5),
    bhxhNumber: code.slice(5),
    groupMatchesLevel: usualLevelOfGroup(group) === benefitLevel,
  };
}
