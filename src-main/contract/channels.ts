// The one API between UI and core. Every host (Electron IPC, loopback web host, tests) carries exactly
// these channels, validating payloads on both sides with the schemas below.
import { z } from 'zod';
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
} as const;

export const events = {
  'readers.changed': ReaderEvent,
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
