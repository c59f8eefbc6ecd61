// A stored visit as the HIS receives it, read when it is sent or exported (never when queued), so the
// latest eligibility, a correction or a cancellation is what goes out. For a 003 answer (old card
// expired, new card issued) the card is the new one the follow-up check found.
import type { HisVisit } from '../his/his-visit';
import { StoreError, type Store } from '../store';

export interface FacilityNames {
  code: string;
  name: string | null;
}

export function hisVisitOf(store: Store, visitId: string, facility: FacilityNames): HisVisit {
  const row = store.visits.row(visitId);
  const summary = store.visits.summary(visitId);
  if (!row || !summary) throw new StoreError('not-found', `visit ${visitId}`);
  const patient = store.patients.identityOf(row.patient_id);
  const latest = store.eligibility.latest(visitId);
  if (!patient) throw new StoreError('not-found', `patient data of visit ${visitId} was purged`);
  return {
    visitId,
    patientId: row.patient_id,
    patient,
    photo: store.visits.photo(visitId),
    facility: { code: row.facility_code, name: row.facility_code === facility.code ? facility.name : null },
    stationCode: row.station_code,
    service: { code: row.service_code, name: row.service_name },
    status: row.status,
    arrivedAt: row.arrived_at,
    queueNumber: summary.queueNumber,
    priority: summary.priority,
    reasonForVisit: store.visits.reasonOf(visitId),
    visitType: row.visit_type,
    entryCategory: row.entry_category,
    identityMethod: row.provenance,
    cardVerdict: row.verification_verdict,
    eligibility: { status: row.eligibility_status, code: row.eligibility_code, card: latest?.followUp?.card ?? latest?.card ?? null },
    operator: store.staff.get(row.staff_id),
  };
}
