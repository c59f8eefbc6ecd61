import { describe, expect, it } from 'vitest';
import type { Bundle, Coverage, Encounter, Patient, Provenance } from '@medplum/fhirtypes';
import { bundleErrors, fhirErrors } from '../dev/testing/fhir-validator';
import { collectionBundleOf, transactionBundleOf } from './fhir-bundles';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM, EXTENSIONS, TEST_DATA_TAG } from './fhir-ids';
import { fhirBirthDate, stableUuid, visitResources } from './fhir-resources';
import type { HisVisit } from './his-visit';

const visit = (overrides: Partial<HisVisit> = {}): HisVisit => ({
  visitId: '6f1c1a52-8c1e-4c55-9a43-0d3f5d1e2b01',
  patientId: '0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10',
  patient: { idNumber: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '05/03/1990', sex: 'male', address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội' },
  photo: { mimeType: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) },
  facility: { code: '01001', name: 'Bệnh viện Demo Tiếp đón' },
  stationCode: 'K1',
  service: { code: 'NOI', name: 'Khám Nội' },
  status: 'waiting',
  arrivedAt: '2026-03-15T01:30:00.000Z',
  queueNumber: 'K1-007',
  priority: ['elderly'],
  reasonForVisit: 'Đau đầu',
  visitType: '01',
  entryCategory: '1.1',
  identityMethod: 'chip-authentic',
  cardVerdict: 'authentic',
  eligibility: {
    status: 'eligible',
    code: '000',
    card: {
      maThe: 'GD4010123456789', maSoBHXH: '0123456789', group: 'GD', benefitLevel: 4, coveragePercent: 80, provinceCode: '01',
      validFrom: '2026-01-01', validTo: '2026-12-31', validity: 'valid', maDKBD: '01001', cqBHXH: '01', maKV: null, fiveYearsFrom: '2030-01-01',
    },
  },
  operator: { fullName: 'Phạm Thị Hoa', idNumber: '001190000001' },
  ...overrides,
});

const plain = { includePhoto: false, testData: false };
const now = new Date('2026-03-15T01:31:00.000Z');

describe('FHIR R4 mapping of a visit', () => {
  it('Patient: our id, the CCCD as an identifier, the name exactly as on the chip, birth date, gender, address; no photo unless allowed', () => {
    const { patient } = visitResources(visit(), plain);
    expect(fhirErrors(patient)).toEqual([]);
    expect(patient.id).toBe('0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10');
    expect(patient.id).not.toContain('001090012345');
    expect(patient.identifier).toContainEqual(expect.objectContaining({ system: CCCD_SYSTEM, value: '001090012345' }));
    expect(patient.name).toEqual([{ use: 'official', text: 'Nguyễn Văn An', family: 'Nguyễn', given: ['Văn', 'An'] }]);
    expect(patient).toMatchObject({ birthDate: '1990-03-05', gender: 'male', address: [{ text: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội', country: 'VN' }] });
    expect(patient.photo).toBeUndefined();
    const withPhoto = visitResources(visit(), { ...plain, includePhoto: true }).patient;
    expect(withPhoto.photo).toEqual([{ contentType: 'image/jpeg', data: '/9j/2Q==' }]);
    expect(fhirErrors(withPhoto)).toEqual([]);
  });

  it('birth dates keep their precision (only the year is known for some people)', () => {
    expect([fhirBirthDate('05/03/1990'), fhirBirthDate('03/1990'), fhirBirthDate('1990'), fhirBirthDate('1990-03-05')]).toEqual(['1990-03-05', '1990-03', '1990', null]);
    const { patient } = visitResources(visit({ patient: { ...visit().patient, dateOfBirth: '1990', sex: 'unknown', address: null } }), plain);
    expect(patient).toMatchObject({ birthDate: '1990', gender: 'unknown' });
    expect(patient.address).toBeUndefined();
    expect(fhirErrors(patient)).toEqual([]);
  });

  it('Coverage: the BHYT code, benefit level and percentage, period, registered facility, five-year date, gateway result', () => {
    const coverage = visitResources(visit(), plain).coverage!;
    expect(fhirErrors(coverage)).toEqual([]);
    expect(coverage.identifier).toContainEqual(expect.objectContaining({ system: BHYT_CARD_SYSTEM, value: 'GD4010123456789' }));
    expect(coverage).toMatchObject({ status: 'active', beneficiary: { reference: 'Patient/0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10' }, period: { start: '2026-01-01', end: '2026-12-31' } });
    expect(coverage.class).toContainEqual(expect.objectContaining({ value: '4' }));
    expect(coverage.costToBeneficiary?.[0]?.valueQuantity).toMatchObject({ value: 20, code: '%' });
    expect(coverage.extension).toEqual(
      expect.arrayContaining([
        { url: EXTENSIONS.registeredFacility, valueIdentifier: { system: 'urn:vn:cskcb', value: '01001' } },
        { url: EXTENSIONS.fiveYearsFrom, valueDate: '2030-01-01' },
        { url: EXTENSIONS.gatewayResult, valueCoding: { system: 'urn:vn:bhxh:ma-ket-qua', code: '000', display: 'eligible' } },
      ]),
    );
    expect(visitResources(visit({ eligibility: { status: 'not-requested', code: null, card: null } }), plain).coverage).toBeNull();
  });

  it('Encounter: visit id, status, class AMB, the clinic as serviceType and location, period start, priority, reason, queue number and the identity extensions', () => {
    const { encounter } = visitResources(visit(), plain);
    expect(fhirErrors(encounter)).toEqual([]);
    expect(encounter).toMatchObject({
      id: '6f1c1a52-8c1e-4c55-9a43-0d3f5d1e2b01',
      identifier: [{ system: 'urn:tiepdon:01001:visit', value: '6f1c1a52-8c1e-4c55-9a43-0d3f5d1e2b01' }],
      status: 'arrived',
      class: { code: 'AMB' },
      serviceType: { coding: [{ system: 'urn:tiepdon:01001:service', code: 'NOI', display: 'Khám Nội' }] },
      location: [{ location: { display: 'Khám Nội' } }],
      period: { start: '2026-03-15T01:30:00.000Z' },
      priority: { coding: [{ code: 'A' }] },
      reasonCode: [{ text: 'Đau đầu' }],
      subject: { reference: 'Patient/0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10' },
    });
    expect(encounter.extension).toEqual(
      expect.arrayContaining([
        { url: EXTENSIONS.queueNumber, valueString: 'K1-007' },
        { url: EXTENSIONS.identityMethod, valueCoding: { system: 'urn:tiepdon:identity-method', code: 'chip-authentic' } },
        { url: EXTENSIONS.cardVerdict, valueCoding: { system: 'urn:tiepdon:card-verdict', code: 'authentic' } },
      ]),
    );
    expect(visitResources(visit({ status: 'cancelled' }), plain).encounter.status).toBe('cancelled');
  });

  it('a transaction Bundle: PUTs with our ids, and a Provenance naming the operator and the station; 0 errors for it and every entry', () => {
    const bundle = transactionBundleOf({ visit: visit(), event: 'check-in', key: 'his-checkin:6f1c1a52-8c1e-4c55-9a43-0d3f5d1e2b01' }, now, plain);
    expect(bundleErrors(bundle)).toEqual([]);
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry!.map((entry) => entry.request)).toEqual([
      { method: 'PUT', url: 'Patient/0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10' },
      { method: 'PUT', url: `Coverage/${(bundle.entry![1]!.resource as Coverage).id}` },
      { method: 'PUT', url: 'Encounter/6f1c1a52-8c1e-4c55-9a43-0d3f5d1e2b01' },
      { method: 'PUT', url: `Provenance/${stableUuid('provenance:01001:his-checkin:6f1c1a52-8c1e-4c55-9a43-0d3f5d1e2b01')}` },
    ]);
    const provenance = bundle.entry![3]!.resource as Provenance;
    expect(provenance.agent.map((agent) => agent.who)).toEqual([
      { identifier: { system: CCCD_SYSTEM, value: '001190000001' }, display: 'Phạm Thị Hoa' },
      { identifier: { system: 'urn:tiepdon:01001:station', value: 'K1' }, display: 'Tiếp đón K1' },
    ]);
    expect(provenance.activity?.coding?.[0]?.code).toBe('CREATE');
    const cancelled = transactionBundleOf({ visit: visit({ status: 'cancelled' }), event: 'cancellation', key: 'his-cancellation:x:1' }, now, plain);
    expect(bundleErrors(cancelled)).toEqual([]);
    expect((cancelled.entry![3]!.resource as Provenance).activity?.coding?.[0]?.code).toBe('CANCEL');
  });

  it('a collection Bundle of a day (a patient who came twice is one Patient); a demo installation tags every resource and the Bundle as test data', () => {
    const other = visit({ visitId: '8a0e3f1b-2d6c-4b7e-9f11-2c3d4e5f6a7b', queueNumber: 'K1-008', eligibility: { status: 'pending', code: null, card: null }, cardVerdict: null, identityMethod: 'typed', priority: [], reasonForVisit: null });
    const bundle: Bundle = collectionBundleOf([visit(), other], now, { includePhoto: true, testData: true });
    expect(bundleErrors(bundle)).toEqual([]);
    expect(bundle.type).toBe('collection');
    expect(bundle.entry!.map((entry) => entry.resource!.resourceType)).toEqual(['Patient', 'Coverage', 'Encounter', 'Provenance', 'Encounter', 'Provenance']);
    for (const resource of [bundle, ...bundle.entry!.map((entry) => entry.resource!)]) expect(resource.meta?.tag).toEqual([TEST_DATA_TAG]);
    const encounter = bundle.entry![4]!.resource as Encounter;
    expect(encounter.priority?.coding?.[0]?.code).toBe('R');
    expect(encounter.subject).toEqual({ reference: `Patient/${(bundle.entry![0]!.resource as Patient).id}` });
  });

  it('what the validator catches, so a pass means something: a missing status and an unknown element', () => {
    const { encounter } = visitResources(visit(), plain);
    const broken = { ...encounter, status: undefined, colour: 'blue' } as unknown as Encounter;
    expect(fhirErrors(broken)).toEqual(expect.arrayContaining([expect.stringContaining('Encounter.status'), expect.stringContaining('colour')]));
  });
});
