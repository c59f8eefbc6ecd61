// The one API between UI and core. Every host (Electron IPC, loopback web host, tests) carries exactly
// these channels, validating payloads on both sides with the schemas below.
import { z } from 'zod';
import { BackupMade, BackupRequest, RestoredBackup, RestoreRequest } from './backup';
import { demoRequests } from './demo';
import { AccessKey, ReadChannel, ReadEvent, ScannedQr } from './reads';
import { SiteCheck, SiteJoinRequest } from './site';
import { AdminPin, AuditRow, CccdNumber, CertificateInfo, ConnectionResult, Operator, UploadId, UploadPurpose } from './setup';
import { AppInfo, Empty, InstallationMode, PurgeReport, ReaderEvent, ReaderList, Settings, SettingsPatch, SiteMembership, TrustEntry, TrustImportRecord, TrustImportResult } from './schemas';
import { CancelVisitRequest, CancelVisitResponse, CheckInForm, CheckInFormResult, Connectivity, CorrectVisitRequest, CorrectVisitResponse, CounterCode, DisplayBoard, HisQueue, NowServing, QueueSite, ServiceInfo, Ticket, VisitRow } from './visits';

export const requests = {
  'app.info': { request: Empty, response: AppInfo },
  /** Enters demo (the first-run screen's "try it") or leaves it (Settings); `app.restarted` follows. */
  'app.setMode': { request: z.object({ mode: InstallationMode }).strict(), response: Empty },
  /** Boots the core again on the saved configuration (after setup or a change of account or certificate). */
  'app.restart': { request: Empty, response: Empty },
  'readers.list': { request: Empty, response: ReaderList },
  'settings.get': { request: Empty, response: Settings },
  'settings.set': { request: SettingsPatch, response: Settings },
  /** Round trip through the whole host stack; used by health checks and the first e2e test. */
  'demo.ping': {
    request: z.object({ message: z.string().max(200) }).strict(),
    response: z.object({ message: z.string(), receivedAt: z.string().datetime() }),
  },
  /** Reads the card in `reader` (null: the preferred reader, else the first with a card); events follow. */
  'desk.read': {
    request: z.object({ reader: z.string().max(200).nullable(), key: AccessKey, channel: ReadChannel.default('desk') }).strict(),
    response: z.object({ readId: z.string() }),
  },
  /** Parses a scanned CCCD QR; `null` when the text is not one. */
  'desk.parseQr': { request: z.object({ text: z.string().max(1000) }).strict(), response: ScannedQr.nullable() },
  'services.list': { request: Empty, response: z.array(ServiceInfo) },
  /** Visit + queue number + outbox items in one transaction; works offline. */
  'checkin.create': { request: CheckInForm, response: CheckInFormResult },
  'visits.today': { request: z.object({ search: z.string().max(100) }).strict(), response: z.array(VisitRow) },
  /** Staff send a visit's dead outbox items again. */
  'visits.retry': { request: z.object({ visitId: z.string().max(64) }).strict(), response: Empty },
  'ticket.get': { request: z.object({ visitId: z.string().max(64) }).strict(), response: Ticket },
  /** Prints silently where a printer is configured (Electron); says whether it did. */
  'ticket.print': { request: z.object({ visitId: z.string().max(64) }).strict(), response: z.object({ printed: z.boolean() }) },
  /** Cancels a visit (reason required; audited with the operator): off the queue, its unsent report withdrawn. */
  'visits.cancel': { request: CancelVisitRequest, response: CancelVisitResponse },
  /** Corrects service, visit type, reason for visit or priority (reason required; audited); a queued report follows. */
  'visits.correct': { request: CorrectVisitRequest, response: CorrectVisitResponse },
  /** The counter's current patient is served and the next of its services' queue called (priority, then arrival). */
  'queue.callNext': { request: z.object({ counter: CounterCode }).strict(), response: z.object({ called: NowServing.nullable() }) },
  /** The counter's patient did not come: back in the queue by the places Settings say. */
  'queue.skip': { request: z.object({ counter: CounterCode }).strict(), response: z.object({ skipped: VisitRow.nullable() }) },
  /** Calls again: the counter's current number, or (with `visitId`) a skipped patient who came back. */
  'queue.recall': { request: z.object({ counter: CounterCode, visitId: z.string().max(64).optional() }).strict(), response: z.object({ called: NowServing.nullable() }) },
  'queue.nowServing': { request: Empty, response: z.array(NowServing) },
  /** The display's board for the counters and services its Settings follow, rebuilt from the store (the site's when joined). */
  'queue.display': { request: Empty, response: DisplayBoard },
  /** Whether calls go through the site store (see `queue.site` events). */
  'queue.siteState': { request: Empty, response: QueueSite },
  'sync.state': { request: Empty, response: Connectivity },
  /** Staff: send everything waiting now, without waiting for the backoff (the network is back). */
  'sync.flush': { request: Empty, response: Connectivity },
  /** The hand-overs to the hospital's HIS still to send and those waiting for staff. */
  'his.state': { request: Empty, response: HisQueue },
  /** An administrator sends the HIS lane's dead items again (after fixing the HIS settings, say). */
  'his.retryDead': { request: z.object({ adminPin: z.string().max(8).optional() }).strict(), response: HisQueue },
  /**
   * Imports CSCA certificates, master lists or CRLs (an administrator's file, base64). A signed master list
   * is stored only if its signature verifies and its signer chains to a CSCA; anything unsigned answers
   * `needs-confirmation` and is stored only when sent again with the administrator's `confirmation` (the
   * admin PIN will be part of it).
   */
  'trust.import': {
    request: z
      .object({
        fileName: z.string().max(200),
        /** The file, uploaded outside the contract (see `files.choose` and the web host's POST /upload). */
        uploadId: UploadId,
        confirmation: z.object({ acceptUnsigned: z.literal(true) }).strict().optional(),
        adminPin: z.string().max(8).optional(),
      })
      .strict(),
    response: TrustImportResult,
  },
  'trust.list': { request: Empty, response: z.array(TrustEntry) },
  /** What administrators imported, newest first. */
  'trust.imports': { request: Empty, response: z.array(TrustImportRecord) },
  /** The last retention purge (null before the first). */
  'retention.last': { request: Empty, response: PurgeReport.nullable() },
  /** Staff leave the kiosk with the PIN from settings. */
  'kiosk.exit': { request: z.object({ pin: z.string().max(8) }).strict(), response: z.object({ ok: z.boolean() }) },
  /** The facility's signing certificate from an uploaded PKCS#12; its password is asked once, never kept in the UI. */
  'setup.certificate': {
    request: z.object({ uploadId: UploadId, password: z.string().max(200), adminPin: z.string().max(8).optional() }).strict(),
    response: CertificateInfo,
  },
  /** Logs in, then checks the operator's own CCCD: a refused account, 054, 055 or no answer say what is wrong. */
  'setup.testConnection': { request: z.object({ operatorId: CccdNumber }).strict(), response: ConnectionResult },
  /** Reaches the hospital's site store with the uploaded enrolment file and says what it found; saves nothing. */
  'site.check': { request: SiteJoinRequest, response: SiteCheck },
  /** Joins that site (admin PIN once set): the station code enrolled there, the membership saved; a restart follows. */
  'site.join': { request: SiteJoinRequest, response: SiteMembership },
  /** Settings (admin PIN): the installation in one file protected by the passphrase, for a new PC. */
  'backup.create': { request: BackupRequest, response: BackupMade },
  /** The first-run screen of a new installation only: an uploaded backup; the core boots again on it. */
  'backup.restore': { request: RestoreRequest, response: RestoredBackup },
  /** Electron: the main process's file dialog; the bytes stay in the core, the UI gets an id. */
  'files.choose': { request: z.object({ purpose: UploadPurpose }).strict(), response: z.object({ uploadId: UploadId.nullable() }) },
  /** Who is working at this desk: every lookup carries this operator's name and CCCD. */
  'operator.current': { request: Empty, response: Operator.nullable() },
  'operator.signIn': { request: z.object({ idNumber: CccdNumber }).strict(), response: Operator },
  'operator.signOut': { request: Empty, response: Empty },
  /** The audit log (who looked up whom, when; never the data), for the administrator. */
  'audit.list': { request: z.object({ adminPin: AdminPin.optional(), limit: z.number().int().min(1).max(5000) }).strict(), response: z.array(AuditRow) },
  ...demoRequests,
} as const;

export const events = {
  'readers.changed': ReaderEvent,
  'read.event': ReadEvent,
  'queue.called': NowServing,
  /** The site store went away or came back (displays rebuild on `connected`). */
  'queue.site': QueueSite,
  'visits.changed': Empty,
  'sync.changed': Connectivity,
  /** The kiosk PIN was accepted: the Electron host closes the kiosk window. */
  'kiosk.exited': Empty,
  'operator.changed': Operator.nullable(),
  /** The core was booted again (another mode, or a new configuration): the UI starts over. */
  'app.restarted': z.object({ mode: InstallationMode }),
} as const;

export type RequestChannel = keyof typeof requests;
export type EventChannel = keyof typeof events;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requests)[C]['response']>;
export type EventOf<C extends EventChannel> = z.output<(typeof events)[C]>;

export const requestChannels = Object.keys(requests) as RequestChannel[];
export const eventChannels = Object.keys(events) as EventChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requests, value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(events, value);
}
