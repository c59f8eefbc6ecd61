// The check-in file of QĐ 130 as amended by QĐ 4750 (docs/bhxh-gateway.md "Check-in report"): built as a DOM with @xmldom/xmldom,
// validated against the field table, signed with an enveloped XML-DSig (RSA-SHA256, SHA-256 digests) by
// xml-crypto inside CHUKYDONVI, then base64-encoded for `fileHSBase64`.
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { birthDateToXml, isoToXmlDate, parseBirthDate, xmlDateTime } from './dates';
import type { CardInfo } from './eligibility';
import { GatewayError, type FieldProblem } from './errors';
import type { FacilityCredential } from './facility-credential';
import { CHECKIN_FIELD_NAMES, checkInFieldProblems, type CheckInFieldName, type CheckInFieldValues } from './checkin-fields';

export const CHECKIN_ROOT = 'CHI_TIEU_TRANG_THAI_KCB';
export const CHECKIN_LIST = 'DSACH_TRANG_THAI_KCB';
export const CHECKIN_ITEM = 'TRANG_THAI_KCB';
export const CHECKIN_SIGNATURE_HOLDER = 'CHUKYDONVI';

export const XMLDSIG = {
  namespace: 'http://www.w3.org/2000/09/xmldsig#',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  // Inclusive Canonical XML 1.0: what .NET's SignedXml, used by most Vietnamese HIS vendors, defaults to.
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
} as const;

/** One row of the check-in table. Optional fields are sent as empty elements. */
export interface CheckInRecord {
  MA_LK: string;
  STT: number;
  MA_BN: string;
  HO_TEN: string;
  SO_CCCD?: string;
  NGAY_SINH: string;
  GIOI_TINH: 1 | 2 | 3;
  MA_THE_BHYT?: string;
  MA_DKBD?: string;
  GT_THE_TU?: string;
  GT_THE_DEN?: string;
  MA_DOITUONG_KCB?: string;
  NGAY_VAO: string;
  NGAY_VAO_NOI_TRU?: string;
  LY_DO_VNT?: string;
  MA_LY_DO_VNT?: string;
  MA_LOAI_KCB: string;
  MA_CSKCB: string;
  MA_DICH_VU?: string;
  TEN_DICH_VU?: string;
  MA_THUOC?: string;
  TEN_THUOC?: string;
  MA_VAT_TU?: string;
  TEN_VAT_TU?: string;
  NGAY_YL?: string;
  DU_PHONG?: string;
}

export function fieldValuesOf(record: CheckInRecord): CheckInFieldValues {
  const values = {} as CheckInFieldValues;
  for (const name of CHECKIN_FIELD_NAMES) {
    const value = (record as unknown as Partial<Record<CheckInFieldName, string | number>>)[name];
    values[name] = value === undefined ? '' : String(value).normalize('NFC');
  }
  return values;
}

/** A visit as the front desk knows it, before it becomes a row of the table. */
export interface CheckInVisit {
  /** Unique per visit (MA_LK); the outbox's idempotency key is a good choice. */
  visitKey: string;
  /** Patient ID at the facility (MA_BN). */
  patientId: string;
  fullName: string;
  /** CCCD, old CMND or passport number. */
  documentNumber?: string;
  /** `dd/MM/yyyy`, `MM/yyyy` or `yyyy`, as for the card check. */
  dateOfBirth: string;
  sex: 'male' | 'female' | 'unknown';
  /** The card as looked up at reception; absent for patients not using BHYT. */
  card?: Pick<CardInfo, 'maThe' | 'maDKBD' | 'validFrom' | 'validTo'>;
  /** MA_DOITUONG_KCB, e.g. "1.1" (QĐ 3276). */
  entryCategory?: string;
  arrivedAt: Date;
  /** MA_LOAI_KCB; "01" is an outpatient exam. */
  visitType?: string;
  facilityCode: string;
  service: { code: string; name: string };
  /** When the first order was given; the arrival time if not given. */
  orderedAt?: Date;
}

const SEX_CODE = { male: 1, female: 2, unknown: 3 } as const;

/** Maps a visit to its row. Throws bad-input for a date of birth the table cannot carry. */
export function checkInRecordOf(visit: CheckInVisit, stt = 1): CheckInRecord {
  const birth = parseBirthDate(visit.dateOfBirth);
  if (!birth) throw new GatewayError('bad-input', 'date of birth', { problems: [{ field: 'NGAY_SINH', problem: 'not dd/MM/yyyy, MM/yyyy or yyyy' }] });
  return {
    MA_LK: visit.visitKey,
    STT: stt,
    MA_BN: visit.patientId,
    HO_TEN: visit.fullName,
    SO_CCCD: visit.documentNumber ?? '',
    NGAY_SINH: birthDateToXml(birth),
    GIOI_TINH: SEX_CODE[visit.sex],
    MA_THE_BHYT: visit.card?.maThe ?? '',
    MA_DKBD: visit.card?.maDKBD ?? '',
    GT_THE_TU: visit.card?.validFrom ? isoToXmlDate(visit.card.validFrom) : '',
    GT_THE_DEN: visit.card?.validTo ? isoToXmlDate(visit.card.validTo) : '',
    MA_DOITUONG_KCB: visit.entryCategory ?? '',
    NGAY_VAO: xmlDateTime(visit.arrivedAt),
    MA_LOAI_KCB: visit.visitType ?? '01',
    MA_CSKCB: visit.facilityCode,
    MA_DICH_VU: visit.service.code,
    TEN_DICH_VU: visit.service.name,
    NGAY_YL: xmlDateTime(visit.orderedAt ?? visit.arrivedAt),
  };
}

/** Problems of a whole file: each row's, named `[i].FIELD`, and STT numbering 1..n. */
export function checkInProblems(rows: readonly CheckInFieldValues[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (rows.length === 0) problems.push({ field: CHECKIN_ITEM, problem: 'no records' });
  rows.forEach((values, index) => {
    for (const problem of checkInFieldProblems(values)) problems.push({ field: `[${index}].${problem.field}`, problem: problem.problem });
    if (values.STT !== String(index + 1)) problems.push({ field: `[${index}].STT`, problem: `expected ${index + 1}` });
  });
  return problems;
}

/** The unsigned file; refuses (bad-input, listing every problem) anything the table does not allow. */
export function buildCheckInXml(records: readonly CheckInRecord[]): string {
  const rows = records.map(fieldValuesOf);
  const problems = checkInProblems(rows);
  if (problems.length > 0) throw new GatewayError('bad-input', `check-in: ${problems.length} field problem(s)`, { problems });

  const doc = new DOMImplementation().createDocument(null, CHECKIN_ROOT, null);
  const root = doc.documentElement!;
  const list = doc.createElement(CHECKIN_LIST);
  for (const values of rows) {
    const item = doc.createElement(CHECKIN_ITEM);
    for (const name of CHECKIN_FIELD_NAMES) {
      const element = doc.createElement(name);
      if (values[name] !== '') element.appendChild(doc.createTextNode(values[name]));
      item.appendChild(element);
    }
    list.appendChild(item);
  }
  root.appendChild(list);
  root.appendChild(doc.createElement(CHECKIN_SIGNATURE_HOLDER));
  return `<?xml version="1.0" encoding="utf-8"?>\n${new XMLSerializer().serializeToString(doc)}`;
}

/**
 * Signs the whole document (Reference URI="", enveloped) and places the signature in CHUKYDONVI, with
 * the certificate in KeyInfo. A certificate outside its validity on `now` is refused here rather than by
 * the gateway after a round trip.
 */
export function signCheckInXml(xml: string, credential: FacilityCredential, now: Date): string {
  if (now < credential.notBefore || now > credential.notAfter) {
    throw new GatewayError('signing', `facility certificate not valid on ${now.toISOString().slice(0, 10)}`);
  }
  try {
    const signer = new SignedXml({
      privateKey: credential.privateKeyPem,
      publicCert: credential.certificatePem,
      signatureAlgorithm: XMLDSIG.rsaSha256,
      canonicalizationAlgorithm: XMLDSIG.c14n,
    });
    signer.addReference({
      xpath: '/*',
      isEmptyUri: true,
      transforms: [XMLDSIG.envelopedSignature, XMLDSIG.c14n],
      digestAlgorithm: XMLDSIG.sha256,
    });
    signer.computeSignature(xml, { location: { reference: `/*/*[local-name()='${CHECKIN_SIGNATURE_HOLDER}']`, action: 'append' } });
    return signer.getSignedXml();
  } catch (error) {
    throw new GatewayError('signing', error instanceof Error ? error.message.slice(0, 120) : 'xml-crypto failed');
  }
}

/** Builds, validates and signs; the result goes to `submitCheckIn`. */
export function signedCheckInXml(records: readonly CheckInRecord[], credential: FacilityCredential, now: Date): string {
  return signCheckInXml(buildCheckInXml(records), credential, now);
}

export function encodeCheckInFile(signedXml: string): string {
  return Buffer.from(signedXml, 'utf8').toString('base64');
}
