// The identifier systems, code systems and extension URLs of what we hand to an HIS. They are part of
// the integration contract (README, "Handing visits to the HIS"): once shipped, never renamed.
//
// Vietnam has published no FHIR naming system for its national identifiers, so the national ones sit
// under `urn:vn:` and the ones that only mean something inside one facility under
// `urn:tiepdon:<MA_CSKCB>:`, which keeps two facilities' visit ids apart in a regional HIS.

/** The 12-digit citizen ID (CCCD, căn cước công dân / căn cước). */
export const CCCD_SYSTEM = 'urn:vn:cccd';
/** Any other identity document the desk took (passport, old 9-digit CMND). */
export const ID_DOCUMENT_SYSTEM = 'urn:vn:id-document';
/** The 15-character BHYT card code (mã thẻ BHYT). */
export const BHYT_CARD_SYSTEM = 'urn:vn:bhyt';
/** The 10-digit BHXH number (mã số BHXH). */
export const BHXH_NUMBER_SYSTEM = 'urn:vn:bhxh';
/** Facility codes (MA_CSKCB, MA_DKBD): 5 characters. */
export const FACILITY_SYSTEM = 'urn:vn:cskcb';
/** The BHXH office managing a card (cqBHXH). */
export const BHXH_OFFICE_SYSTEM = 'urn:vn:bhxh-office';
/** maKetQua of the BHXH card check (000 eligible, 010 expired, …). */
export const GATEWAY_RESULT_SYSTEM = 'urn:vn:bhxh:ma-ket-qua';
/** The entry category MA_DOITUONG_KCB (QĐ 3276 catalogue). */
export const ENTRY_CATEGORY_SYSTEM = 'urn:vn:byt:ma-doituong-kcb';

export const localSystems = (facilityCode: string) => ({
  /** Our patient id (also Patient.id and MA_BN). */
  patient: `urn:tiepdon:${facilityCode}:patient`,
  /** Our visit id (also Encounter.id and MA_LK). */
  visit: `urn:tiepdon:${facilityCode}:visit`,
  /** The facility's clinic (service) codes, as in Settings → Services. */
  service: `urn:tiepdon:${facilityCode}:service`,
  /** Reception stations (the prefix of queue numbers). */
  station: `urn:tiepdon:${facilityCode}:station`,
});

/** How the identity was established at the desk (CV 931/BYT-BH lists the accepted ways). */
export const IDENTITY_METHOD_SYSTEM = 'urn:tiepdon:identity-method';
/** The verdict of the chip's checks: authentic, data-altered, clone-suspected, issuer-untrusted, not-verifiable. */
export const CARD_VERDICT_SYSTEM = 'urn:tiepdon:card-verdict';
/** Groups served first: elderly, childUnder6, disability, pregnancy. */
export const PRIORITY_GROUP_SYSTEM = 'urn:tiepdon:priority-group';

export const EXTENSIONS = {
  /** Encounter: the ticket number the patient holds, valueString (e.g. "K1-007"). */
  queueNumber: 'urn:tiepdon:fhir:extension:queue-number',
  /** Encounter: how the identity was established, valueCoding in IDENTITY_METHOD_SYSTEM. */
  identityMethod: 'urn:tiepdon:fhir:extension:identity-method',
  /** Encounter: the chip's verdict, valueCoding in CARD_VERDICT_SYSTEM (absent without a chip read). */
  cardVerdict: 'urn:tiepdon:fhir:extension:card-verdict',
  /** Encounter: one per priority group, valueCoding in PRIORITY_GROUP_SYSTEM. */
  priorityGroup: 'urn:tiepdon:fhir:extension:priority-group',
  /** Encounter: MA_DOITUONG_KCB, valueCoding in ENTRY_CATEGORY_SYSTEM. */
  entryCategory: 'urn:tiepdon:fhir:extension:entry-category',
  /** Coverage: the registered primary-care facility (MA_DKBD), valueIdentifier in FACILITY_SYSTEM. */
  registeredFacility: 'urn:tiepdon:fhir:extension:registered-facility',
  /** Coverage: the date of five continuous years of coverage (ngayDu5Nam), valueDate. */
  fiveYearsFrom: 'urn:tiepdon:fhir:extension:five-years-from',
  /** Coverage: the living-area code K1/K2/K3 (maKV), valueString. */
  livingArea: 'urn:tiepdon:fhir:extension:living-area',
  /** Coverage: the gateway's answer to the card check, valueCoding in GATEWAY_RESULT_SYSTEM. */
  gatewayResult: 'urn:tiepdon:fhir:extension:gateway-result',
} as const;

/** The standard FHIR tag for test data: every resource of a demo installation carries it in meta.tag. */
export const TEST_DATA_TAG = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HTEST', display: 'test health data' } as const;

export const HL7 = {
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  actPriority: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  copayType: 'http://terminology.hl7.org/CodeSystem/coverage-copay-type',
  dataOperation: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
  participationType: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  ucum: 'http://unitsofmeasure.org',
} as const;
