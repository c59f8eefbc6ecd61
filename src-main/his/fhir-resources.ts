// Our visit as FHIR R4 resources: Patient, Coverage (when a BHYT card was found), Encounter and the
// Provenance of one hand-over. Pure functions of a HisVisit; ids are ours (never the CCCD) and stable,
// so sending a visit again updates the same resources at the HIS.
import { createHash } from 'node:crypto';
import type { CodeableConcept, Coding, Coverage, Encounter, Extension, Identifier, Meta, Organization, Patient, Provenance, Reference } from '@medplum/fhirtypes';
import {
  BHXH_NUMBER_SYSTEM,
  BHXH_OFFICE_SYSTEM,
  BHYT_CARD_SYSTEM,
  CARD_VERDICT_SYSTEM,
  CCCD_SYSTEM,
  ENTRY_CATEGORY_SYSTEM,
  EXTENSIONS,
  FACILITY_SYSTEM,
  GATEWAY_RESULT_SYSTEM,
  HL7,
  ID_DOCUMENT_SYSTEM,
  IDENTITY_METHOD_SYSTEM,
  localSystems,
  PRIORITY_GROUP_SYSTEM,
  TEST_DATA_TAG,
} from './fhir-ids';
import type { HisEvent, HisVisit } from './his-visit';

export interface MappingOptions {
  /** Settings: hand the chip photo over (off by default). */
  includePhoto: boolean;
  /** A demo installation: every resource tagged as test data. */
  testData: boolean;
}

export interface VisitResources {
  patient: Patient;
  coverage: Coverage | null;
  encounter: Encounter;
}

/** A name-based UUID (RFC 9562 version 8, SHA-256): the same name always gives the same id. */
export function stableUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const metaOf = (options: MappingOptions): { meta?: Meta } => (options.testData ? { meta: { tag: [{ ...TEST_DATA_TAG }] } } : {});

/** dd/MM/yyyy, MM/yyyy or yyyy (as stored) → FHIR date of the same precision; null if unreadable. */
export function fhirBirthDate(text: string): string | null {
  const day = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (day) return `${day[3]}-${day[2]}-${day[1]}`;
  const month = /^(\d{2})\/(\d{4})$/.exec(text);
  if (month) return `${month[2]}-${month[1]}`;
  return /^\d{4}$/.test(text) ? text : null;
}

/** A Vietnamese name is family name first, then middle and given names; `text` keeps it exactly. */
function humanName(fullName: string) {
  const parts = fullName.trim().split(/\s+/);
  return { use: 'official' as const, text: fullName, ...(parts.length > 1 ? { family: parts[0]!, given: parts.slice(1) } : {}) };
}

function documentIdentifier(idNumber: string): Identifier {
  if (/^\d{12}$/.test(idNumber)) {
    return { use: 'official', type: { coding: [{ system: HL7.identifierType, code: 'NI', display: 'National unique individual identifier' }], text: 'CCCD' }, system: CCCD_SYSTEM, value: idNumber };
  }
  return { use: 'official', type: { coding: [{ system: HL7.identifierType, code: 'PPN', display: 'Passport number' }], text: 'giấy tờ tùy thân' }, system: ID_DOCUMENT_SYSTEM, value: idNumber };
}

export function coverageIdOf(visit: HisVisit): string | null {
  return visit.eligibility.card ? stableUuid(`coverage:${visit.facility.code}:${visit.patientId}:${visit.eligibility.card.maThe}`) : null;
}

export function patientOf(visit: HisVisit, options: MappingOptions): Patient {
  const { patient } = visit;
  const birthDate = fhirBirthDate(patient.dateOfBirth);
  const photo = options.includePhoto && visit.photo ? [{ contentType: visit.photo.mimeType, data: Buffer.from(visit.photo.bytes).toString('base64') }] : [];
  return {
    resourceType: 'Patient',
    id: visit.patientId,
    ...metaOf(options),
    identifier: [{ use: 'usual', system: localSystems(visit.facility.code).patient, value: visit.patientId }, documentIdentifier(patient.idNumber)],
    name: [humanName(patient.fullName)],
    gender: patient.sex,
    ...(birthDate ? { birthDate } : {}),
    ...(patient.address ? { address: [{ use: 'home', type: 'physical', text: patient.address, country: 'VN' }] } : {}),
    ...(photo.length > 0 ? { photo } : {}),
  };
}

export function coverageOf(visit: HisVisit, options: MappingOptions): Coverage | null {
  const card = visit.eligibility.card;
  const id = coverageIdOf(visit);
  if (!card || !id) return null;
  const extension: Extension[] = [];
  if (card.maDKBD) extension.push({ url: EXTENSIONS.registeredFacility, valueIdentifier: { system: FACILITY_SYSTEM, value: card.maDKBD } });
  if (card.fiveYearsFrom) extension.push({ url: EXTENSIONS.fiveYearsFrom, valueDate: card.fiveYearsFrom });
  if (card.maKV) extension.push({ url: EXTENSIONS.livingArea, valueString: card.maKV });
  if (visit.eligibility.code) extension.push({ url: EXTENSIONS.gatewayResult, valueCoding: { system: GATEWAY_RESULT_SYSTEM, code: visit.eligibility.code, display: visit.eligibility.status } });
  const identifier: Identifier[] = [{ use: 'official', system: BHYT_CARD_SYSTEM, value: card.maThe }];
  if (card.maSoBHXH) identifier.push({ use: 'secondary', system: BHXH_NUMBER_SYSTEM, value: card.maSoBHXH });
  const classes: NonNullable<Coverage['class']> = [];
  if (card.benefitLevel !== null) classes.push({ type: { coding: [{ system: HL7.coverageClass, code: 'plan' }] }, value: String(card.benefitLevel), name: `mức hưởng ${card.benefitLevel}` });
  if (card.group) classes.push({ type: { coding: [{ system: HL7.coverageClass, code: 'group' }] }, value: card.group });
  const period = { ...(card.validFrom ? { start: card.validFrom } : {}), ...(card.validTo ? { end: card.validTo } : {}) };
  const payor: Reference<Organization> = card.cqBHXH ? { identifier: { system: BHXH_OFFICE_SYSTEM, value: card.cqBHXH }, display: 'Bảo hiểm xã hội Việt Nam' } : { display: 'Bảo hiểm xã hội Việt Nam' };
  return {
    resourceType: 'Coverage',
    id,
    ...metaOf(options),
    ...(extension.length > 0 ? { extension } : {}),
    identifier,
    status: 'active',
    type: { coding: [{ system: HL7.actCode, code: 'PUBLICPOL', display: 'public healthcare' }], text: 'BHYT' },
    subscriberId: card.maThe,
    beneficiary: { reference: `Patient/${visit.patientId}` },
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }] },
    ...(Object.keys(period).length > 0 ? { period } : {}),
    payor: [payor],
    ...(classes.length > 0 ? { class: classes } : {}),
    // What the patient pays: the rest of the benefit level's percentage (reference §5).
    ...(card.coveragePercent !== null
      ? { costToBeneficiary: [{ type: { coding: [{ system: HL7.copayType, code: 'copaypct' }] }, valueQuantity: { value: 100 - card.coveragePercent, unit: '%', system: HL7.ucum, code: '%' } }] }
      : {}),
  };
}

/** Our visit states (issue 20 adds served and skipped) as Encounter.status; the HIS owns what follows. */
const ENCOUNTER_STATUS: Record<string, Encounter['status']> = {
  waiting: 'arrived',
  skipped: 'arrived',
  called: 'in-progress',
  served: 'in-progress',
  done: 'finished',
  cancelled: 'cancelled',
};

const coding = (system: string, code: string, display?: string): Coding => ({ system, code, ...(display ? { display } : {}) });

export function encounterOf(visit: HisVisit, options: MappingOptions): Encounter {
  const systems = localSystems(visit.facility.code);
  const extension: Extension[] = [
    { url: EXTENSIONS.queueNumber, valueString: visit.queueNumber },
    { url: EXTENSIONS.identityMethod, valueCoding: coding(IDENTITY_METHOD_SYSTEM, visit.identityMethod) },
  ];
  if (visit.cardVerdict) extension.push({ url: EXTENSIONS.cardVerdict, valueCoding: coding(CARD_VERDICT_SYSTEM, visit.cardVerdict) });
  for (const group of visit.priority) extension.push({ url: EXTENSIONS.priorityGroup, valueCoding: coding(PRIORITY_GROUP_SYSTEM, group) });
  if (visit.entryCategory) extension.push({ url: EXTENSIONS.entryCategory, valueCoding: coding(ENTRY_CATEGORY_SYSTEM, visit.entryCategory) });
  const clinic: CodeableConcept = { coding: [coding(systems.service, visit.service.code, visit.service.name)], text: visit.service.name };
  return {
    resourceType: 'Encounter',
    id: visit.visitId,
    ...metaOf(options),
    extension,
    identifier: [{ use: 'official', system: systems.visit, value: visit.visitId }],
    status: ENCOUNTER_STATUS[visit.status] ?? 'unknown',
    class: coding(HL7.actCode, 'AMB', 'ambulatory'),
    serviceType: clinic,
    // Served first is a courtesy of the queue, not clinical urgency: "as soon as possible" against routine.
    priority: visit.priority.length > 0 ? { coding: [coding(HL7.actPriority, 'A', 'ASAP')], text: visit.priority.join(', ') } : { coding: [coding(HL7.actPriority, 'R', 'routine')] },
    subject: { reference: `Patient/${visit.patientId}` },
    period: { start: visit.arrivedAt },
    ...(visit.reasonForVisit ? { reasonCode: [{ text: visit.reasonForVisit }] } : {}),
    location: [{ location: { identifier: { system: systems.service, value: visit.service.code }, display: visit.service.name }, status: 'planned' }],
    serviceProvider: { identifier: { system: FACILITY_SYSTEM, value: visit.facility.code }, ...(visit.facility.name ? { display: visit.facility.name } : {}) },
  };
}

const ACTIVITY: Record<HisEvent, Coding> = {
  'check-in': coding(HL7.dataOperation, 'CREATE', 'create'),
  correction: coding(HL7.dataOperation, 'UPDATE', 'revise'),
  cancellation: coding(HL7.dataOperation, 'CANCEL', 'cancel'),
};

/** Who handed this over and from where: the operator (by CCCD, as registered with BHXH) and the station. */
export function provenanceOf(visit: HisVisit, resources: VisitResources, event: HisEvent, handoverKey: string, recorded: Date, options: MappingOptions): Provenance {
  const systems = localSystems(visit.facility.code);
  const organization: Reference<Organization> = { identifier: { system: FACILITY_SYSTEM, value: visit.facility.code }, ...(visit.facility.name ? { display: visit.facility.name } : {}) };
  const target: Reference[] = [{ reference: `Encounter/${resources.encounter.id}` }, { reference: `Patient/${resources.patient.id}` }];
  if (resources.coverage) target.push({ reference: `Coverage/${resources.coverage.id}` });
  return {
    resourceType: 'Provenance',
    id: stableUuid(`provenance:${visit.facility.code}:${handoverKey}`),
    ...metaOf(options),
    target,
    recorded: recorded.toISOString(),
    activity: { coding: [ACTIVITY[event]], text: event },
    agent: [
      {
        type: { coding: [coding(HL7.participationType, 'enterer', 'Enterer')] },
        who: { identifier: { system: CCCD_SYSTEM, value: visit.operator.idNumber }, display: visit.operator.fullName },
        onBehalfOf: organization,
      },
      {
        type: { coding: [coding(HL7.participationType, 'assembler', 'Assembler')] },
        who: { identifier: { system: systems.station, value: visit.stationCode }, display: `Tiếp đón ${visit.stationCode}` },
        onBehalfOf: organization,
      },
    ],
  };
}

export function visitResources(visit: HisVisit, options: MappingOptions): VisitResources {
  return { patient: patientOf(visit, options), coverage: coverageOf(visit, options), encounter: encounterOf(visit, options) };
}
