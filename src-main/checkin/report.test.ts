import { describe, expect, it } from 'vitest';
import { checkInFieldProblems, checkInRecordOf, type EligibilityResult } from '../insurance';
import { fieldValuesOf } from '../insurance/checkin-xml';
import type { ReportSubject } from '../store';
import { AN, eligibleResult } from '../dev/testing/check-ins';
import { defaultEntryCategory, eligibilityFlagOf, reportCardOf } from './eligibility-rules';
import { checkInVisitOf } from './report';

const subject = (eligibility: EligibilityResult | null, entryCategory: string | null = null): ReportSubject => ({
  visitId: '6f1c9a52-8d0e-4c36-9b57-0c8f1f2d7a11',
  patientId: 'a3e1d7c4-5b6f-4e2a-8c9d-1f0e2d3c4b5a',
  patient: AN,
  facilityCode: '01001',
  service: { code: 'K01', name: 'Khám bệnh' },
  visitType: '01',
  entryCategory,
  arrivedAt: new Date('2026-03-15T01:30:00Z'),
  eligibilityStatus: eligibility?.status ?? 'not-requested',
  eligibility,
});

describe('the check-in row of a stored visit', () => {
  it('carries the visit id as MA_LK, the patient id as MA_BN, and the card the lookup found', () => {
    const values = fieldValuesOf(checkInRecordOf(checkInVisitOf(subject(eligibleResult()))));
    expect(values).toMatchObject({
      MA_LK: '6f1c9a52-8d0e-4c36-9b57-0c8f1f2d7a11',
      MA_BN: 'a3e1d7c4-5b6f-4e2a-8c9d-1f0e2d3c4b5a',
      HO_TEN: 'Nguyễn Văn An',
      SO_CCCD: '001090012345',
      NGAY_SINH: '199003150000',
      GIOI_TINH: '1',
      MA_THE_BHYT: 'DN4010123456789',
      MA_DKBD: '01001',
      GT_THE_TU: '20260101',
      GT_THE_DEN: '20261231',
      MA_DOITUONG_KCB: '1.1',
      NGAY_VAO: '202603150830',
      MA_CSKCB: '01001',
      MA_DICH_VU: 'K01',
    });
    expect(checkInFieldProblems(values)).toEqual([]);
  });

  it('is sent without a card when the answer says the card cannot be used, and still passes the table', () => {
    const expired: EligibilityResult = { ...eligibleResult(), code: '010', status: 'not-eligible' };
    const values = fieldValuesOf(checkInRecordOf(checkInVisitOf(subject(expired))));
    expect(values).toMatchObject({ MA_THE_BHYT: '', MA_DKBD: '', MA_DOITUONG_KCB: '' });
    expect(checkInFieldProblems(values)).toEqual([]);
    expect(checkInFieldProblems(fieldValuesOf(checkInRecordOf(checkInVisitOf(subject(null)))))).toEqual([]);
  });

  it('uses the new card of a 003 whose follow-up check accepted it', () => {
    const newCard = { ...eligibleResult().card!, maThe: 'DN4797902034567', maDKBD: '79001' };
    const old: EligibilityResult = {
      ...eligibleResult(),
      code: '003',
      status: 'eligible-new-card',
      followUp: { ...eligibleResult(), card: newCard },
    };
    expect(reportCardOf(old)).toEqual({ maThe: 'DN4797902034567', maDKBD: '79001', validFrom: '2026-01-01', validTo: '2026-12-31' });
  });

  it('takes the staff’s entry category, else 1.1 for a card registered here and the setting for others', () => {
    expect(checkInVisitOf(subject(eligibleResult(), '1.3')).entryCategory).toBe('1.3');
    const card = reportCardOf(eligibleResult())!;
    expect(defaultEntryCategory(card, '01001')).toBe('1.1');
    expect(defaultEntryCategory(card, '79001')).toBe('3.1');
    expect(defaultEntryCategory(card, '79001', '1.7')).toBe('1.7');
  });

  it('flags the answers staff must look at', () => {
    expect(['eligible', 'eligible-new-card', 'verify-paper-card', 'needs-correction', 'not-eligible', 'child-no-card'].map((s) => eligibilityFlagOf(s as never))).toEqual([
      null,
      null,
      'verify-paper-card',
      'needs-correction',
      'not-eligible',
      'child-no-card',
    ]);
  });
});
