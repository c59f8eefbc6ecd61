// Value shapes shared by requests and events. Pure: zod only (no node:, electron or DOM).
import { z } from 'zod';

export const Language = z.enum(['vi', 'en']);
export type Language = z.infer<typeof Language>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Which host serves the UI: the desktop shell or the loopback web host. */
  host: z.enum(['electron', 'web']),
  demoMode: z.boolean(),
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

export const StationCode = z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters');

export const Settings = z.object({
  language: Language,
  /** The reader this desk uses; null means the first reader with a card. */
  preferredReader: z.string().min(1).max(200).nullable(),
  /** Prefix of queue numbers so several desks never hand out the same number. */
  stationCode: StationCode,
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const Empty = z.object({}).strict();
