// Card reads as the desk and kiosk see them: a stream of events (progress, identity first, then
// verification, eligibility and the photo), and the key material staff can give. Pure: zod only.
import { z } from 'zod';

/** Where a read or a check-in comes from: the lookup is made as the desk's operator or the kiosk's. */
export const ReadChannel = z.enum(['desk', 'kiosk']);
export type ReadChannel = z.infer<typeof ReadChannel>;

export const AccessKey = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('can'), can: z.string().regex(/^\d{6}$/) }),
  z.object({ kind: z.literal('id-dob'), idNumber: z.string().regex(/^\d{12}$/), dateOfBirth: z.string().regex(/^\d{2}\/\d{2}\/\d{4}$/) }),
  z.object({ kind: z.literal('mrz'), key: z.string().regex(/^[A-Z0-9<]{1,20}:\d{6}:(\d{6}|<{6})$/) }),
  z.object({ kind: z.literal('qr'), text: z.string().min(10).max(1000) }),
]);
export type AccessKey = z.infer<typeof AccessKey>;

export const ReadStep = z.enum(['card-access', 'access', 'com', 'sod', 'dg1', 'dg13', 'identity', 'dg14', 'ca', 'dg15', 'aa', 'dg2', 'done']);

const Text = z.string().max(1000);
const Maybe = Text.nullable();

/** The CCCD holder as DG13 gives it (card/lds/dg13.ts parses it); every field may be missing. */
export const Holder = z.object({
  idNumber: Maybe,
  fullName: Maybe,
  /** dd/mm/yyyy as on the card */
  dateOfBirth: Maybe,
  sex: Maybe,
  nationality: Maybe,
  ethnicity: Maybe,
  religion: Maybe,
  placeOfOrigin: Maybe,
  placeOfResidence: Maybe,
  identifyingMarks: Maybe,
  dateOfIssue: Maybe,
  /** dd/mm/yyyy, or text such as "Không thời hạn" */
  dateOfExpiry: Maybe,
  fatherName: Maybe,
  motherName: Maybe,
  spouseName: Maybe,
  oldIdNumber: Maybe,
});
export type Holder = z.infer<typeof Holder>;

export const MrzSummary = z.object({
  documentCode: Text,
  issuingState: Text,
  documentNumber: Text,
  dateOfBirth: Text,
  dateOfExpiry: Text,
  sex: Text,
  nationality: Text,
  surname: Text,
  givenNames: Text,
  optionalData: Text,
});
export type MrzSummary = z.infer<typeof MrzSummary>;

export const Reason = z.object({ vi: Text, en: Text });
export type Reason = z.infer<typeof Reason>;

const Check = (results: [string, ...string[]]) => z.object({ result: z.enum(results), reason: Reason, detail: Text });

export const Verdict = z.enum(['authentic', 'data-altered', 'clone-suspected', 'issuer-untrusted', 'not-verifiable']);
export type Verdict = z.infer<typeof Verdict>;

export const Verification = z.object({
  passive: Check(['passed', 'failed', 'issuer-untrusted', 'not-verifiable']),
  chip: Check(['passed', 'failed', 'not-supported']),
  active: Check(['passed', 'failed', 'not-supported']),
  verdict: Verdict,
  reason: Reason,
});
export type Verification = z.infer<typeof Verification>;

export const EligibilityStatus = z.enum([
  'eligible',
  'eligible-new-card',
  'verify-paper-card',
  'needs-correction',
  'not-eligible',
  'child-no-card',
  'configuration',
  'technical',
  'pending',
]);
export type EligibilityStatus = z.infer<typeof EligibilityStatus>;

export const Eligibility = z.object({
  status: EligibilityStatus,
  /** maKetQua; null while pending. */
  code: z.string().max(10).nullable(),
  message: Text,
  card: z
    .object({
      maThe: Text,
      maSoBHXH: Maybe,
      benefitLevel: z.number().int().nullable(),
      coveragePercent: z.number().nullable(),
      validFrom: Maybe,
      validTo: Maybe,
      validity: Text,
      maDKBD: Maybe,
      fiveYearsFrom: Maybe,
    })
    .nullable(),
  newCard: z.object({ maThe: Text, validFrom: Maybe, validTo: Maybe, maDKBD: Maybe }).nullable(),
  correction: z.object({ field: Text, sent: Maybe, gatewayValue: Maybe }).nullable(),
});
export type Eligibility = z.infer<typeof Eligibility>;

export const ReadError = z.object({ code: Text, vi: Text, en: Text });

export const ReadEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), readId: z.string(), step: ReadStep, atMs: z.number() }),
  z.object({
    type: z.literal('identity'),
    readId: z.string(),
    reader: Text,
    access: z.enum(['PACE', 'BAC']),
    documentType: z.enum(['cccd', 'id-card', 'passport']),
    mrz: MrzSummary,
    holder: Holder.nullable(),
  }),
  z.object({ type: z.literal('verification'), readId: z.string(), verification: Verification, warnings: z.array(Text) }),
  z.object({ type: z.literal('eligibility'), readId: z.string(), eligibility: Eligibility }),
  z.object({ type: z.literal('photo'), readId: z.string(), dataUrl: z.string().max(2_000_000).regex(/^data:image\/(jpeg|png);base64,/) }),
  /** The chip's photo could not be shown within the decoder's limits (too large, undecodable, too slow). */
  z.object({ type: z.literal('photo-unavailable'), readId: z.string() }),
  z.object({ type: z.literal('failed'), readId: z.string(), error: ReadError }),
]);
export type ReadEvent = z.infer<typeof ReadEvent>;

/** The front-side QR of a CCCD as parsed by the core (fills the form; supplies the chip key). */
export const ScannedQr = z.object({
  idNumber: Text,
  oldIdNumber: Maybe,
  fullName: Text,
  dateOfBirth: Text,
  sex: Text,
  address: Text,
  dateOfIssue: Text,
});
export type ScannedQr = z.infer<typeof ScannedQr>;
