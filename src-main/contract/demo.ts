// The demo-only part of the contract: the simulated cards, one tap away. A production core answers
// tap and remove `unavailable` and lists no personas; the demo's reader panel needs no second API.
import { z } from 'zod';
import { ReadChannel } from './reads';
import { Empty } from './schemas';

const Text = z.string().max(1000);

export const PersonaInfo = z.object({
  id: z.string(),
  description: Text,
  can: Text.nullable(),
  idNumber: Text.nullable(),
  dateOfBirth: Text,
  mrzKey: Text,
});
export type PersonaInfo = z.infer<typeof PersonaInfo>;

export const demoRequests = {
  'sim.personas': { request: Empty, response: z.array(PersonaInfo) },
  'sim.tap': { request: z.object({ personaId: z.string().regex(/^[a-z0-9-]+$/), channel: ReadChannel.default('desk') }).strict(), response: z.object({ readId: z.string() }) },
  'sim.remove': { request: Empty, response: Empty },
} as const;
