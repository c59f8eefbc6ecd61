// The shapes the store keeps and gives back. Plain values: decrypted on the way out, sealed on the way in.
import type { EligibilityResult, EligibilityStatus } from '../insurance';

/** How the identity was established at the desk (CV 931/BYT-BH lists the accepted ways). */
export const PROVENANCES = ['chip-authentic', 'chip-unverified', 'qr-only', 'typed', 'vneid-shown', 'vssid-shown'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export type BloodGroup = (typeof BLOOD_GROUPS)[number];

export type Sex = 'male' | 'female' | 'unknown';

/** waiting → called → served; a called patient who does not come is skipped (still in the queue, further back); cancelled is final. */
export const VISIT_STATUSES = ['waiting', 'called', 'served', 'skipped', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** A gateway status, or "pending" (queued lookup), or "not-requested" (no BHYT lookup possible or wanted). */
export type EligibilityState = EligibilityStatus | 'pending' | 'not-requested';

export interface PatientIdentity {
  /** CCCD (12 digits), or a passport or other document number. */
  idNumber: string;
  fullName: string;
  /** As the gateway takes it: `dd/MM/yyyy`, `MM/yyyy` or `yyyy`. */
  dateOfBirth: string;
  sex: Sex;
  address: string | null;
}

export interface StaffMember {
  fullName: string;
  /** 12-digit CCCD, as registered with BHXH. */
  idNumber: string;
}

export interface Service {
  code: string;
  name: string;
}

export interface Photo {
  mimeType: string;
  bytes: Uint8Array;
}

export type OutboxKind = 'eligibility-lookup' | 'checkin-report' | 'his-checkin' | 'his-correction' | 'his-cancellation';

/**
 * Which receiver an item goes to. Each lane has its own worker, and a patient's order holds within a lane
 * only, so one receiver being down never holds back the other's items.
 */
export type OutboxLane = 'bhxh' | 'his';

export const LANE_OF: Readonly<Record<OutboxKind, OutboxLane>> = {
  'eligibility-lookup': 'bhxh',
  'checkin-report': 'bhxh',
  'his-checkin': 'his',
  'his-correction': 'his',
  'his-cancellation': 'his',
};
/** `withdrawn`: the visit was cancelled before the item went out; it never will. */
export type OutboxState = 'pending' | 'in-flight' | 'done' | 'dead' | 'withdrawn';

/** What staff chose at the desk; an emergency is not reported with the check-in table. */
export const VISIT_KINDS = ['first-visit', 'follow-up', 'emergency'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** Everything one check-in writes, in one transaction. */
export interface NewCheckIn {
  visitId: string;
  at: Date;
  facilityCode: string;
  stationCode: string;
  patient: PatientIdentity;
  staff: StaffMember;
  service: Service;
  /** MA_LOAI_KCB, "01" for an outpatient exam. */
  visitType: string;
  visitKind: VisitKind;
  /** MA_DOITUONG_KCB; null when the patient does not use BHYT. */
  entryCategory: string | null;
  reasonForVisit: string | null;
  heightCm: number | null;
  bloodGroup: BloodGroup | null;
  provenance: Provenance;
  verificationVerdict: string | null;
  identityFlag: string | null;
  /**
   * A result from the desk's own lookup, or what is still to be done. `attempt` names why a lookup the
   * desk tried gave no result (e.g. "error:network"), for the audit log: the person was looked up.
   */
  eligibility: { kind: 'result'; result: EligibilityResult } | { kind: 'pending'; attempt?: string } | { kind: 'not-requested' };
  eligibilityFlag: string | null;
  /** Kept only when the desk's setting says so. */
  photo: Photo | null;
  /** Priority groups served first (elderly, child under 6, disability, pregnancy); empty for none. */
  priority: readonly string[];
  channel: 'desk' | 'kiosk';
  /** Queue the hand-over to the hospital's HIS (push configured). */
  handover: boolean;
}

export interface RecordedCheckIn {
  visitId: string;
  patientId: string;
  queueNumber: string;
  queueDay: string;
  queueSeq: number;
  outbox: { id: number; kind: OutboxKind }[];
}

/** `withdrawn`: cancelled before its report went out; `sent-cancelled`: cancelled after the gateway had it. */
export type VisitSyncState = 'none' | 'pending' | 'sent' | 'dead' | 'withdrawn' | 'sent-cancelled';

/** One row of the desk's list of visits. `holder` is null once retention has purged it. */
export interface VisitSummary {
  visitId: string;
  patientId: string;
  queueNumber: string;
  queueDay: string;
  service: Service;
  /** MA_LOAI_KCB. */
  visitType: string;
  visitKind: VisitKind;
  status: VisitStatus;
  arrivedAt: string;
  /** The last call (recalls included): when and at which counter; how many calls so far. */
  call: { at: string; counter: string; count: number } | null;
  skipCount: number;
  servedAt: string | null;
  cancelledAt: string | null;
  provenance: Provenance;
  verificationVerdict: string | null;
  priority: string[];
  channel: 'desk' | 'kiosk';
  eligibility: { status: EligibilityState; code: string | null };
  /** Why staff should look at this visit, e.g. "eligibility:not-eligible", "identity:clone-suspected". */
  flags: string[];
  sync: VisitSyncState;
  holder: { idNumber: string; fullName: string } | null;
}

export interface OutboxItem {
  id: number;
  idempotencyKey: string;
  kind: OutboxKind;
  lane: OutboxLane;
  visitId: string;
  patientId: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastErrorCode: string | null;
  lastError: string | null;
  receipt: string | null;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
  deadAt: string | null;
}

export interface OutboxCounts {
  pending: number;
  inflight: number;
  done: number;
  dead: number;
  withdrawn: number;
}

/** What the outbox needs to ask the gateway about a visit's patient. */
export interface LookupSubject {
  visitId: string;
  patientId: string;
  patient: PatientIdentity;
  staffId: number;
  staff: StaffMember;
}

/** What the outbox needs to build the visit's check-in row (QĐ 4750). */
export interface ReportSubject {
  visitId: string;
  patientId: string;
  patient: PatientIdentity;
  facilityCode: string;
  service: Service;
  visitType: string;
  entryCategory: string | null;
  arrivedAt: Date;
  eligibilityStatus: EligibilityState;
  /** The latest eligibility result of the visit, if any. */
  eligibility: EligibilityResult | null;
}

/** What a correction may change; absent fields stay as they are. */
export interface VisitCorrection {
  service?: Service;
  visitKind?: VisitKind;
  /** Null clears it. */
  reasonForVisit?: string | null;
  priority?: readonly string[];
}

/** A changed field with its old and new codes (the reason for visit is named, never quoted). */
export interface CorrectedField {
  field: 'service' | 'visitKind' | 'reasonForVisit' | 'priority';
  from: string | null;
  to: string | null;
}

/** Staff, time and the reason they gave: what every cancellation, correction and call carries. */
export interface VisitAction {
  visitId: string;
  staff: StaffMember;
  at: Date;
}

export interface CancelledVisit {
  visit: VisitSummary;
  /** Outbox items taken back before they went out. */
  withdrawn: OutboxKind[];
  /** The gateway already had the check-in report (it cannot be taken back from here). */
  reportSent: boolean;
}

export interface CorrectedVisit {
  visit: VisitSummary;
  changes: CorrectedField[];
  /** The queue number changed with the service (the old one is not given out again). */
  renumbered: boolean;
  /** The report had already gone: the correction stays at the facility. */
  reportSent: boolean;
}

/** A call at a counter: the patient called, and the one it served (the counter's previous call). */
export interface QueueCall {
  called: VisitSummary | null;
  served: VisitSummary | null;
}
