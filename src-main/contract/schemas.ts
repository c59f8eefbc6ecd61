// Value shapes shared by requests and events. Pure: zod only (no node:, electron or DOM).
import { z } from 'zod';
import { AdminPin, CccdNumber, CertificateInfo, Facility, Operator } from './setup';
import { Counter, CounterCode, ServiceInfo } from './visits';

export const Language = z.enum(['vi', 'en']);
export type Language = z.infer<typeof Language>;

/** Production is the default; demo runs on simulated cards and the embedded gateway simulator only. */
export const InstallationMode = z.enum(['production', 'demo']);
export type InstallationMode = z.infer<typeof InstallationMode>;

/** Why the app shows its recovery screen instead of the desk (`#/recovery/<reason>`). */
export const RecoveryReason = z.enum(['crashed', 'database-damaged', 'configuration-damaged']);
export type RecoveryReason = z.infer<typeof RecoveryReason>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Which host serves the UI: the desktop shell or the loopback web host. */
  host: z.enum(['electron', 'web']),
  mode: InstallationMode,
  /** A production installation nobody has set up yet: the UI shows the first-run screen. */
  setupRequired: z.boolean(),
  platform: z.string(),
  /** Things staff should know since this start: the settings were damaged and their last good copy is in use. */
  notices: z.array(z.enum(['settings-restored'])),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ReaderInfo = z.object({
  name: z.string().min(1).max(200),
  cardPresent: z.boolean(),
  /** Answer-to-reset of the card in the reader, upper-case hex; null without a card. */
  atr: z.string().regex(/^[0-9A-F]*$/).nullable(),
});
export type ReaderInfo = z.infer<typeof ReaderInfo>;

/** Why no reader can be listed, so IT staff see the cause instead of an empty list. */
export const ReaderServiceState = z.enum(['ok', 'service-unavailable', 'driver-missing']);
export type ReaderServiceState = z.infer<typeof ReaderServiceState>;

export const ReaderList = z.object({
  service: ReaderServiceState,
  readers: z.array(ReaderInfo),
});
export type ReaderList = z.infer<typeof ReaderList>;

export const ReaderEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reader-added'), reader: z.string() }),
  z.object({ type: z.literal('reader-removed'), reader: z.string() }),
  z.object({ type: z.literal('card-inserted'), reader: z.string(), atr: z.string().nullable() }),
  z.object({ type: z.literal('card-removed'), reader: z.string() }),
  z.object({ type: z.literal('service-changed'), service: ReaderServiceState }),
]);
export type ReaderEvent = z.infer<typeof ReaderEvent>;

/** The check-in table the gateway expects: QĐ 3176 (in force from 2025-01-01) or the QĐ 4750 it replaced. */
export const CheckInTable = z.enum(['qd3176', 'qd4750']);
export type CheckInTable = z.infer<typeof CheckInTable>;

/** `HH:MM`, 24-hour. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const StationCode = z.string().regex(/^[A-Z][A-Z0-9]?$/, 'a capital letter, then optionally a letter or a digit (A, B, K1)');

/** How the desk authenticates to the hospital HIS's FHIR server; the token or password is write-only. */
export const HisAuthKind = z.enum(['none', 'bearer', 'basic']);
export type HisAuthKind = z.infer<typeof HisAuthKind>;

/** The files an HIS imports: a FHIR collection Bundle, or the QĐ 3176 check-in table. */
export const HisExportFormat = z.enum(['fhir', 'xml3176']);
export type HisExportFormat = z.infer<typeof HisExportFormat>;

/** Hand-over to the hospital's HIS: push (FHIR R4 transactions through the outbox) and/or files. */
export const HisSettings = z.object({
  /** The FHIR base URL; null: no push. https, except on this machine (127.0.0.1). */
  fhirBaseUrl: z.string().url().max(500).nullable(),
  auth: HisAuthKind,
  /** The user name for basic auth. */
  username: z.string().min(1).max(200).nullable(),
  /** Whether a bearer token or basic-auth password is stored (sealed in the vault). */
  secretSet: z.boolean(),
  /** PEM of the CA that signed the HIS's certificate, when it is not publicly trusted. */
  caPem: z.string().max(50_000).nullable(),
  /** Hand the chip photo over with the Patient (off by default). */
  includePhoto: z.boolean(),
  /** A scheduled export of today's visits to a folder; null folder: none. */
  export: z.object({
    folder: z.string().min(1).max(1_000).nullable(),
    format: HisExportFormat,
    everyMinutes: z.number().int().min(1).max(1_440),
  }),
});
export type HisSettings = z.infer<typeof HisSettings>;

export const Settings = z.object({
  language: Language,
  /** The reader this desk uses; null means the first reader with a card. */
  preferredReader: z.string().min(1).max(200).nullable(),
  /** Prefix of queue numbers so several desks never hand out the same number. */
  stationCode: StationCode,
  /** The facility's BHXH gateway account; the password is write-only (`passwordSet` tells whether one is stored). */
  gateway: z.object({
    url: z.string().url().max(200).nullable(),
    username: z.string().regex(/^\d{5}_BV$/, 'NNNNN_BV').nullable(),
    passwordSet: z.boolean(),
    checkInTable: CheckInTable,
  }),
  facility: Facility.nullable(),
  /** The roster: who may work at this desk; the one signed in is hoTenCb / cccdCb of every lookup (CV 1923). */
  operators: z.array(Operator).max(200),
  /** Minutes without input after which the desk asks who is working again. */
  operatorLockMinutes: z.number().int().min(1).max(720),
  /** The facility's signing certificate for check-in reports (its PKCS#12 is kept sealed). */
  certificate: CertificateInfo.nullable(),
  /** Later changes need the administrator's PIN once one is set. */
  adminPinSet: z.boolean(),
  services: z.array(ServiceInfo).min(1).max(50),
  /** The counters services send their patients to, with the names the waiting-room display shows. */
  counters: z.array(Counter).max(50),
  /** How many patients go ahead of one who did not come when called ("skip"). */
  queueSkipPlaces: z.number().int().min(1).max(20),
  /** What this station's waiting-room display follows (all counters or services when a list is empty) and how many past calls it lists. */
  display: z.object({
    counters: z.array(CounterCode).max(50),
    services: z.array(z.string().min(1).max(20)).max(50),
    recent: z.number().int().min(0).max(10),
  }),
  /** Days after which a visit's personal data is purged. */
  retentionDays: z.number().int().min(1).max(3650),
  /** When the daily retention purge runs (Vietnam time): a quiet hour, default 02:00. */
  retentionQuietHour: TimeOfDay,
  /** Keep the chip photo with the visit (off by default: the photo is shown, not stored). */
  storePhotos: z.boolean(),
  kiosk: z.object({
    idleSeconds: z.number().int().min(10).max(300),
    showPhoto: z.boolean(),
    pinSet: z.boolean(),
    /** The operator whose name the kiosk's lookups carry. */
    operatorId: CccdNumber.nullable(),
  }),
  printerName: z.string().max(200).nullable(),
  his: HisSettings,
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    language: Language,
    preferredReader: Settings.shape.preferredReader,
    stationCode: StationCode,
    gateway: Settings.shape.gateway.omit({ passwordSet: true }).partial().strict(),
    facility: Settings.shape.facility,
    operators: Settings.shape.operators,
    operatorLockMinutes: Settings.shape.operatorLockMinutes,
    services: Settings.shape.services,
    counters: Settings.shape.counters,
    queueSkipPlaces: Settings.shape.queueSkipPlaces,
    display: Settings.shape.display,
    retentionDays: Settings.shape.retentionDays,
    retentionQuietHour: TimeOfDay,
    storePhotos: z.boolean(),
    kiosk: Settings.shape.kiosk.omit({ pinSet: true }).partial().strict(),
    printerName: Settings.shape.printerName,
    his: HisSettings.omit({ secretSet: true, export: true }).extend({ export: HisSettings.shape.export.partial().strict() }).partial().strict(),
    /** The HIS's bearer token or basic-auth password; sealed in the vault, never shown back. */
    hisSecret: z.string().min(1).max(4_000),
    /** Stored only as the MD5 the gateway's login takes, never shown back. */
    gatewayPassword: z.string().min(1).max(200),
    /** Staff PIN to leave the kiosk; stored as a salted scrypt hash. */
    kioskPin: z.string().regex(/^\d{4,8}$/),
    /** Sets (or changes) the administrator's PIN; stored as a salted scrypt hash. */
    newAdminPin: AdminPin,
    /** Authorizes the change once an administrator's PIN is set (the language alone needs none). */
    adminPin: z.string().max(8),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** One entry of the desk's trust list (`trust list --json` prints the same shape). */
export const TrustEntry = z.object({
  kind: z.enum(['csca', 'crl']),
  /** SHA-256 of the DER, upper-case hex. */
  fingerprint: z.string().regex(/^[0-9A-F]{64}$/),
  /** The certificate's subject; a CRL's issuer. */
  subject: z.string().max(1000),
  /** Certificate validity; a CRL's thisUpdate … nextUpdate (null when the CRL gives none). */
  notBefore: z.string().datetime(),
  notAfter: z.string().datetime().nullable(),
  /** Shipped with the app, imported by an administrator, or the demo's test PKI. */
  source: z.enum(['default', 'imported', 'demo']),
  importedAt: z.string().datetime().optional(),
  nextUpdate: z.string().datetime().optional(),
  /** A CRL past its nextUpdate: still applied, with a warning in the verification detail. */
  stale: z.boolean().optional(),
});
export type TrustEntry = z.infer<typeof TrustEntry>;

/** Who signed an imported master list, and the CSCA its certificate chains to. */
export const TrustListSigner = z.object({
  subject: z.string().max(1000),
  fingerprint: z.string(),
  chainsTo: z.object({ subject: z.string().max(1000), fingerprint: z.string(), foundIn: z.enum(['list', 'trust-store']) }),
});
export type TrustListSigner = z.infer<typeof TrustListSigner>;

/** The trust store's own record of an import (kept beside the imported files). */
export const TrustImportRecord = z.object({
  at: z.string().datetime(),
  fileName: z.string().max(200),
  /** Where the import was made. Who made it is in the audit log (Settings); the admin PIN will name the administrator. */
  via: z.enum(['settings', 'cli']),
  signedBy: TrustListSigner.nullable(),
  /** True when the file carried no signature and the administrator confirmed the warning. */
  unsignedConfirmed: z.boolean(),
  added: z.array(z.string()),
});
export type TrustImportRecord = z.infer<typeof TrustImportRecord>;

export const TrustImportResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('imported'),
    added: z.number().int(),
    alreadyPresent: z.number().int(),
    anchors: z.number().int(),
    crls: z.number().int(),
    signedBy: TrustListSigner.nullable(),
  }),
  /** Unsigned list or bare certificate: nothing was stored; ask the administrator, then send the confirmation. */
  z.object({ status: z.literal('needs-confirmation'), reason: z.literal('unsigned'), anchors: z.number().int(), crls: z.number().int() }),
]);
export type TrustImportResult = z.infer<typeof TrustImportResult>;

/** The last retention run: when, and how much personal data it removed. */
export const PurgeReport = z.object({
  at: z.string().datetime(),
  visits: z.number().int(),
  patients: z.number().int(),
  /** Visits past the limit kept because their report has not reached the gateway yet. */
  heldBack: z.number().int(),
});
export type PurgeReport = z.infer<typeof PurgeReport>;

export const Empty = z.object({}).strict();
