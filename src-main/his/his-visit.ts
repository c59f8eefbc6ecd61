// One visit as the HIS receives it: everything the FHIR mapping and the QĐ 3176 table need, read from
// the store at send (or export) time, so a correction made before sending is what goes out.
import type { CardInfo } from '../insurance';
import type { EligibilityState, PatientIdentity, Photo, Provenance, Service, StaffMember, VisitStatus } from '../store';

export interface HisVisit {
  visitId: string;
  patientId: string;
  patient: PatientIdentity;
  /** The chip photo kept with the visit; the mapping leaves it out unless the setting allows it. */
  photo: Photo | null;
  facility: { code: string; name: string | null };
  stationCode: string;
  service: Service;
  status: VisitStatus;
  /** ISO-8601 UTC. */
  arrivedAt: string;
  queueNumber: string;
  priority: readonly string[];
  reasonForVisit: string | null;
  /** MA_LOAI_KCB, "01" for an outpatient exam. */
  visitType: string;
  /** MA_DOITUONG_KCB; null when not known or not BHYT. */
  entryCategory: string | null;
  identityMethod: Provenance;
  /** The chip's verdict; null when no chip was read. */
  cardVerdict: string | null;
  eligibility: {
    status: EligibilityState;
    /** maKetQua of the latest card check, if any. */
    code: string | null;
    /** The card that check found (null for a patient not using BHYT, or a check not yet answered). */
    card: CardInfo | null;
  };
  operator: StaffMember;
}

/** What a hand-over says happened to the visit: the Provenance's activity. */
export type HisEvent = 'check-in' | 'correction' | 'cancellation';
