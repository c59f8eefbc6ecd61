// Value shapes shared by requests and events. Pure: zod only (no node:, electron or DOM).
import { z } from 'zod';
import { ServiceInfo } from './visits';

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

export const StationCode = z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters');

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
  /** The staff member signed in at this desk: hoTenCb / cccdCb of every lookup (CV 1923). */
  staff: z.object({ fullName: z.string().min(1).max(100), idNumber: z.string().regex(/^\d{12}$/) }).nullable(),
  services: z.array(ServiceInfo).min(1).max(50),
  /** Days after which a visit's personal data is purged. */
  retentionDays: z.number().int().min(1).max(3650),
  /** Keep the chip photo with the visit (off by default: the photo is shown, not stored). */
  storePhotos: z.boolean(),
  kiosk: z.object({ idleSeconds: z.number().int().min(10).max(300), showPhoto: z.boolean(), pinSet: z.boolean() }),
  printerName: z.string().max(200).nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    language: Language,
    preferredReader: Settings.shape.preferredReader,
    stationCode: StationCode,
    gateway: Settings.shape.gateway.omit({ passwordSet: true }).partial().strict(),
    staff: Settings.shape.staff,
    services: Settings.shape.services,
    retentionDays: Settings.shape.retentionDays,
    storePhotos: z.boolean(),
    kiosk: Settings.shape.kiosk.omit({ pinSet: true }).partial().strict(),
    printerName: Settings.shape.printerName,
    /** Stored only as the MD5 the gateway's login takes, never shown back. */
    gatewayPassword: z.string().min(1).max(200),
    /** Staff PIN to leave the kiosk; stored as a salted scrypt hash. */
    kioskPin: z.string().regex(/^\d{4,8}$/),
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
