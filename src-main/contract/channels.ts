// The one API between UI and core. Every host (Electron IPC, loopback web host, tests) carries exactly
// these channels, validating payloads on both sides with the schemas below.
import { z } from 'zod';
import { AccessKey, PersonaInfo, ReadEvent, ScannedQr } from './desk';
import { AppInfo, Empty, ReaderEvent, ReaderList, Settings, SettingsPatch } from './schemas';

export const requests = {
  'app.info': { request: Empty, response: AppInfo },
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
    request: z.object({ reader: z.string().max(200).nullable(), key: AccessKey }).strict(),
    response: z.object({ readId: z.string() }),
  },
  /** Parses a scanned CCCD QR; `null` when the text is not one. */
  'desk.parseQr': { request: z.object({ text: z.string().max(1000) }).strict(), response: ScannedQr.nullable() },
  /** Demo mode only: the simulated cards, one tap away. */
  'sim.personas': { request: Empty, response: z.array(PersonaInfo) },
  'sim.tap': { request: z.object({ personaId: z.string().regex(/^[a-z0-9-]+$/) }).strict(), response: z.object({ readId: z.string() }) },
  'sim.remove': { request: Empty, response: Empty },
} as const;

export const events = {
  'readers.changed': ReaderEvent,
  'read.event': ReadEvent,
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
