// The check-in row (QĐ 4750) of a stored visit, built when the report is sent rather than when the
// visit is created: by then a queued lookup may have found the card. MA_LK is the visit's id, so a
// report sent twice (a crash between sending and recording) is the same record at the gateway.
import type { CheckInVisit } from '../insurance';
import type { ReportSubject } from '../store';
import { defaultEntryCategory, reportCardOf } from './eligibility-rules';

/** SO_CCCD takes up to 15 letters and digits: a CCCD, an old CMND or a passport number. */
function documentNumberOf(idNumber: string): string | undefined {
  return /^[0-9A-Z]{1,15}$/.test(idNumber) ? idNumber : undefined;
}

export function checkInVisitOf(subject: ReportSubject, entryCategoryElsewhere?: string): CheckInVisit {
  const card = reportCardOf(subject.eligibility);
  const documentNumber = documentNumberOf(subject.patient.idNumber);
  return {
    visitKey: subject.visitId,
    patientId: subject.patientId,
    fullName: subject.patient.fullName,
    ...(documentNumber ? { documentNumber } : {}),
    dateOfBirth: subject.patient.dateOfBirth,
    sex: subject.patient.sex,
    ...(card ? { card, entryCategory: subject.entryCategory ?? defaultEntryCategory(card, subject.facilityCode, entryCategoryElsewhere) } : {}),
    arrivedAt: subject.arrivedAt,
    visitType: subject.visitType,
    facilityCode: subject.facilityCode,
    service: subject.service,
  };
}
