// Builders for tests of the store, the outbox and the check-in use case: the demo personas' identities
// (fixtures/bhyt, fixtures/personas) and a desk at facility 01001.
import { join } from 'node:path';
import type { z } from 'zod';
import type { CheckInForm } from '../../contract';
import { fixedClock, type Clock } from '../../util/clock';
import { tempDir } from './fakes';
import type { EligibilityResult } from '../../insurance';
import type { NewCheckIn, PatientIdentity, StaffMember } from '../../store/records';
import { newVisitId, Store } from '../../store/store';

export const TEST_KEY = new Uint8Array(32).fill(7);

export const AN: PatientIdentity = {
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '15/03/1990',
  sex: 'male',
  address: 'Số nhà 12, Ngõ 34 Phố Nguyễn Trãi, Phường Thượng Đình, Quận Thanh Xuân, Thành phố Hà Nội',
};

export const BINH: PatientIdentity = { idNumber: '001185004521', fullName: 'Trần Thị Bình', dateOfBirth: '22/07/1985', sex: 'female', address: null };

export const HOA: StaffMember = { fullName: 'Phạm Thị Hoa', idNumber: '001190000001' };

/** A mutable clock for tests that move time. */
export class TestClock implements Clock {
  private at: number;
  constructor(iso: string) {
    this.at = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export function openTestStore(clock: Clock = fixedClock('2026-03-15T01:30:00.000Z'), file = join(tempDir('tiepdon-store-'), 'desk.db')) {
  return { store: new Store({ file, key: TEST_KEY, clock }), file };
}

export function newCheckIn(overrides: Partial<NewCheckIn> = {}, at = new Date('2026-03-15T01:30:00.000Z')): NewCheckIn {
  return {
    visitId: newVisitId(),
    at,
    facilityCode: '01001',
    stationCode: 'A',
    patient: AN,
    staff: HOA,
    service: { code: 'K01', name: 'Khám bệnh' },
    visitType: '01',
    visitKind: 'first-visit',
    entryCategory: '1.1',
    reasonForVisit: null,
    heightCm: null,
    bloodGroup: null,
    provenance: 'chip-authentic',
    verificationVerdict: 'authentic',
    identityFlag: null,
    eligibility: { kind: 'pending' },
    eligibilityFlag: null,
    photo: null,
    priority: [],
    channel: 'desk',
    handover: false,
    ...overrides,
  };
}

/** An eligible answer for `an` as the simulator gives it (000, DN4010123456789). */
export function eligibleResult(checkedAt = '2026-03-15T01:30:00.000Z'): EligibilityResult {
  return {
    code: '000',
    status: 'eligible',
    reason: 'card-valid',
    known: true,
    message: 'Thẻ còn giá trị sử dụng',
    standardText: 'Thông tin thẻ BHYT chính xác',
    retryLater: false,
    card: {
      maThe: 'DN4010123456789',
      maSoBHXH: '0123456789',
      group: 'DN',
      benefitLevel: 4,
      coveragePercent: 80,
      provinceCode: '01',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      validity: 'valid',
      maDKBD: '01001',
      cqBHXH: null,
      maKV: null,
      fiveYearsFrom: null,
    },
    holder: { hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990', gioiTinh: 'Nam', diaChi: null },
    newCard: null,
    correction: null,
    followUp: null,
    followUpError: null,
    checkedAt,
    raw: { maKetQua: '000', hoTen: 'Nguyễn Văn An', maThe: 'DN4010123456789' },
  };
}

/** A desk's check-in form as the UI sends it (`checkin.create`): NOI, fee, first visit, no priority. */
export function checkInForm(overrides: Partial<z.input<typeof CheckInForm>> = {}): z.input<typeof CheckInForm> {
  return {
    readId: null,
    manual: null,
    serviceCode: 'NOI',
    lane: 'fee',
    visitType: 'first-visit',
    reason: '',
    heightCm: null,
    bloodGroup: null,
    priority: { elderly: false, childUnder6: false, disability: false, pregnancy: false },
    channel: 'desk',
    allowSecondVisit: false,
    ...overrides,
  };
}
