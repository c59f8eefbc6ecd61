// Contract shapes of check-ins, the day's visits and the queue. Pure: zod only.
import { z } from 'zod';
import { EligibilityStatus, ReadChannel, Reason, Verdict } from './reads';

const Text = z.string().max(1000);

export const ServiceInfo = z.object({
  code: z.string().regex(/^[A-Z0-9]{1,10}$/),
  name: z.object({ vi: z.string().max(100), en: z.string().max(100) }),
  counter: z.string().max(20),
  /** Which lane offers it: BHYT patients, fee-paying ("khám dịch vụ"), or both. */
  lanes: z.array(z.enum(['bhyt', 'fee'])).min(1),
});
export type ServiceInfo = z.infer<typeof ServiceInfo>;

export const Provenance = z.enum(['chip-authentic', 'chip-unverified', 'qr-only', 'typed', 'vneid-shown', 'vssid-shown']);
export type Provenance = z.infer<typeof Provenance>;

export const Priority = z.object({
  elderly: z.boolean(),
  childUnder6: z.boolean(),
  disability: z.boolean(),
  pregnancy: z.boolean(),
});
export type Priority = z.infer<typeof Priority>;

export const noPriority: Priority = { elderly: false, childUnder6: false, disability: false, pregnancy: false };

export const VisitType = z.enum(['first-visit', 'follow-up', 'emergency']);
export const BloodGroup = z.enum(['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-']);

/** Identity typed or scanned at the desk when no chip was read. */
export const ManualIdentity = z.object({
  idNumber: z.string().regex(/^[A-Z0-9]{6,20}$/),
  fullName: z.string().min(1).max(200),
  dateOfBirth: z.string().regex(/^(\d{2}\/)?(\d{2}\/)?\d{4}$/),
  sex: z.enum(['Nam', 'Nữ']).nullable(),
  provenance: z.enum(['qr-only', 'typed', 'vneid-shown', 'vssid-shown']),
});

/** What a desk or kiosk screen sends to check a patient in (the use case's own input is checkin/CheckInRequest). */
export const CheckInForm = z
  .object({
    /** The chip read this check-in rests on; null for a manual identity. */
    readId: z.string().nullable(),
    manual: ManualIdentity.nullable(),
    serviceCode: z.string().regex(/^[A-Z0-9]{1,10}$/),
    lane: z.enum(['bhyt', 'fee']),
    visitType: VisitType,
    reason: z.string().max(500),
    heightCm: z.number().int().min(30).max(250).nullable(),
    bloodGroup: BloodGroup.nullable(),
    priority: Priority,
    channel: ReadChannel,
    /** Staff saw the patient was already checked in today and want a second visit anyway. */
    allowSecondVisit: z.boolean(),
  })
  .strict();

export const Ticket = z.object({
  visitId: z.string(),
  queueNumber: z.string(),
  service: ServiceInfo,
  counter: Text,
  issuedAt: z.string().datetime(),
  priority: z.boolean(),
  /** The given name only: a ticket never carries more personal data than that. */
  givenName: Text,
});
export type Ticket = z.infer<typeof Ticket>;

/** `withdrawn`: cancelled before its report went out; `sent-cancelled`: the gateway had the report before the cancellation. */
export const SyncState = z.enum(['none', 'pending', 'sent', 'dead', 'withdrawn', 'sent-cancelled']);

/** The visit's place in the calling queue: waiting → called → served; skipped is still in the queue, further back. */
export const VisitStatus = z.enum(['waiting', 'called', 'served', 'skipped', 'cancelled']);
export type VisitStatus = z.infer<typeof VisitStatus>;

/** The four priority groups, as keys of `Priority`. */
export const PriorityGroup = z.enum(['elderly', 'childUnder6', 'disability', 'pregnancy']);

export const VisitRow = z.object({
  visitId: z.string(),
  queueNumber: Text,
  serviceCode: Text,
  serviceName: Text,
  visitType: VisitType,
  status: VisitStatus,
  arrivedAt: Text,
  priority: z.array(PriorityGroup),
  /** The last call of the number (recalls included). */
  call: z.object({ at: Text, counter: Text, count: z.number().int().nonnegative() }).nullable(),
  skipCount: z.number().int().nonnegative(),
  cancelledAt: Text.nullable(),
  provenance: Provenance,
  verdict: Verdict.nullable(),
  eligibility: z.object({ status: z.union([EligibilityStatus, z.literal('not-requested')]), code: z.string().nullable() }),
  flags: z.array(Text),
  sync: SyncState,
  holder: z.object({ idNumber: Text, fullName: Text }).nullable(),
});
export type VisitRow = z.infer<typeof VisitRow>;

export const CheckInFormResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('created'), ticket: Ticket }),
  /** The patient already has a visit today: staff confirm before a second one. */
  z.object({ outcome: z.literal('already-checked-in'), visits: z.array(VisitRow) }),
  /** Something blocks a self-service check-in; the patient goes to the desk. */
  z.object({ outcome: z.literal('see-staff'), reason: Reason }),
]);
export type CheckInFormResult = z.infer<typeof CheckInFormResult>;

/** A counter of the waiting room ("Phòng 101"), named in Settings; services say which counter calls them. */
export const CounterCode = z.string().regex(/^[A-Za-z0-9-]{1,20}$/, 'letters, digits or "-", at most 20');
export const Counter = z.object({ code: CounterCode, name: z.object({ vi: z.string().trim().min(1).max(60), en: z.string().trim().min(1).max(60) }) });
export type Counter = z.infer<typeof Counter>;

/** What the waiting-room display shows of one counter: the number it is calling now. */
export const NowServing = z.object({
  /** The station whose counter called: counters are named per station, so a site's display tells them apart by both. */
  station: Text,
  counter: Text,
  /** From Settings; the code when the counter has no name there. */
  counterName: z.object({ vi: Text, en: Text }),
  queueNumber: Text,
  serviceCode: Text,
  calledAt: Text,
  /** 1 for the first call, more after recalls. */
  callCount: z.number().int().positive(),
});
export type NowServing = z.infer<typeof NowServing>;

/** A station of a hospital site: whether the site store answers, and the visits not yet published to it. */
export const SiteSync = z.object({
  reachability: z.enum(['unknown', 'connected', 'unreachable', 'refused']),
  backlog: z.number().int().nonnegative(),
});
export type SiteSync = z.infer<typeof SiteSync>;
/**
 * Where this station's queue is: `none` on a lone station (SQLite only), `connected` to the site store
 * (calls across stations), `lost` while the site store is away (desks call their own station's patients,
 * displays show "connection lost" rather than numbers that may be stale).
 */
export const QueueSite = z.object({ site: z.enum(['none', 'connected', 'lost']) });
export type QueueSite = z.infer<typeof QueueSite>;

/** The waiting-room display's picture: each counter's number now, the last few calls (newest first). */
export const DisplayBoard = QueueSite.extend({ current: z.array(NowServing), recent: z.array(NowServing) });
export type DisplayBoard = z.infer<typeof DisplayBoard>;

export const Connectivity = z.object({
  connectivity: z.enum(['online', 'degraded', 'offline']),
  pending: z.number().int().nonnegative(),
  dead: z.number().int().nonnegative(),
  /** Absent on a lone station. */
  site: SiteSync.optional(),
});
export type Connectivity = z.infer<typeof Connectivity>;

/** The HIS lane of the outbox as Settings shows it; `configured` false when no FHIR push is set. */
export const HisQueue = Connectivity.extend({ configured: z.boolean() });
export type HisQueue = z.infer<typeof HisQueue>;

/** Why staff cancel or correct a visit: required, kept sealed with the visit, never in the audit text. */
export const ChangeReason = z.string().trim().min(1).max(500);

export const CancelVisitRequest = z.object({ visitId: z.string().max(64), reason: ChangeReason }).strict();

export const CancelVisitResponse = z.object({
  visit: VisitRow,
  /** The gateway already had the check-in report: it stays there (see `visit.sync` = sent-cancelled). */
  reportSent: z.boolean(),
});

/** A correction of what was chosen at check-in; absent fields stay as they are. */
export const CorrectVisitRequest = z
  .object({
    visitId: z.string().max(64),
    reason: ChangeReason,
    serviceCode: ServiceInfo.shape.code.optional(),
    visitType: VisitType.optional(),
    reasonForVisit: z.string().max(500).optional(),
    priority: Priority.optional(),
  })
  .strict();

export const CorrectVisitResponse = z.object({
  visit: VisitRow,
  /** A new service gave a new number (reprint the ticket); the old number is not handed out again. */
  renumbered: z.boolean(),
  /** The report had gone already: the gateway keeps what it was sent. */
  reportSent: z.boolean(),
});
