// Joining the hospital's site store from the setup screen or Settings: the site's URL, the enrolment file
// IT made with `tiepdon site init` (uploaded outside the contract) and its passphrase, and this PC's
// station code. The check answers in words and saves nothing; the join saves the membership.
import { z } from 'zod';
import { StationCode } from './schemas';
import { UploadId } from './setup';

export const SiteRequest = z
  .object({
    /** `postgres://user:password@host:5432/db`; its password is never stored in settings, logged or sent back. */
    url: z.string().trim().min(1).max(500),
    /** The enrolment file (`UploadPurpose` `enrolment`). */
    uploadId: UploadId,
    passphrase: z.string().min(1).max(200),
    stationCode: StationCode,
  })
  .strict();
export type SiteRequest = z.infer<typeof SiteRequest>;

export const SiteJoinRequest = SiteRequest.extend({ adminPin: z.string().max(8).optional() }).strict();
export type SiteJoinRequest = z.infer<typeof SiteJoinRequest>;

/**
 * What the check found: `ok`, one of the site store's refusals (unreachable, enrolment-invalid, wrong-key,
 * not-initialised…), or a finer one: the file is another site's, demo and production would mix, the
 * station code is another PC's at that site.
 */
export const SiteCheckCode = z.enum([
  'ok',
  'invalid',
  'enrolment-invalid',
  'unreachable',
  'timeout',
  'bad-reply',
  'not-initialised',
  'newer-schema',
  'migration-failed',
  'wrong-key',
  'busy',
  'refused',
  'wrong-site',
  'demo-mismatch',
  'station-taken',
]);
export type SiteCheckCode = z.infer<typeof SiteCheckCode>;

export const SiteCheck = z.object({
  ok: z.boolean(),
  code: SiteCheckCode,
  vi: z.string().max(500),
  en: z.string().max(500),
  /** Known once the site answered. */
  siteId: z.uuid().nullable(),
  demo: z.boolean().nullable(),
});
export type SiteCheck = z.infer<typeof SiteCheck>;
