// Value shapes shared by requests and events. Pure: zod only (no node:, electron or DOM).
import { z } from 'zod';
import { AdminPin, CccdNumber, CertificateInfo, Facility, Operator } from './setup';
import { ServiceInfo } from './visits';

export const Language = z.enum(['vi', 'en']);
export type Language = z.infer<typeof Language>;

/** Production is the default; demo runs on simulated cards and the embedded gateway simulator only. */
export const InstallationMode = z.enum(['production', 'demo']);
export type InstallationMode = z.infer<typeof InstallationMode>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Which host serves the UI: the desktop shell or the loopback web host. */
  host: z.enum(['electron', 'web']),
  mode: InstallationMode,
  /** A production installation nobody has set up yet: the UI shows the first-run screen. */
  setupRequired: z.boolean(),
  platform: z.string(),
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

export const StationCode = z.string().regex(/^[A-Z][A-Z0-9]?$/, 'a capital letter, then optionally a letter or a digit (A, B, K1)');

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
  /** Days after which a visit's personal data is purged. */
  retentionDays: z.number().int().min(1).max(3650),
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
    retentionDays: Settings.shape.retentionDays,
    storePhotos: z.boolean(),
    kiosk: Settings.shape.kiosk.omit({ pinSet: true }).partial().strict(),
    printerName: Settings.shape.printerName,
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

export const TrustAnchor = z.object({
  fingerprint: z.string(),
  subject: z.string().max(1000),
  validTo: z.string(),
});

export const Empty = z.object({}).strict();
