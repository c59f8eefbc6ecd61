// Message framing for hosts that carry the contract over a byte stream (the web host's WebSocket).
// Electron IPC needs no framing: it invokes a channel by name.
import { z } from 'zod';
import { ContractErrorShape } from './errors';

const MAX_CHANNEL = 64;

export const ClientMessage = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(MAX_CHANNEL),
  payload: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.union([
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: ContractErrorShape }),
  z.object({ type: z.literal('event'), channel: z.string().max(MAX_CHANNEL), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Largest message either side accepts; contract payloads are small (photos travel separately). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
