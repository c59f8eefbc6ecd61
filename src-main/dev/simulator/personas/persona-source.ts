// A persona's readable source (fixtures/personas/sources/<id>.json): who the synthetic holder is and what
// kind of chip carries them. `npm run fixtures` turns each into a full chip image.
import { z } from 'zod';

const Date = z.string().regex(/^\d{2}\/\d{2}\/\d{4}$/, 'dd/mm/yyyy');

export const PersonaSource = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string(),
  document: z.enum(['cccd', 'passport']),
  /** 12-digit ID for a CCCD; the passport number for a passport. */
  idNumber: z.string(),
  fullName: z.string(),
  /** The name as the MRZ writes it, where it is not the Vietnamese order (family name first). */
  mrzName: z.object({ surname: z.string(), givenNames: z.string() }).nullable().default(null),
  dateOfBirth: Date,
  sex: z.enum(['Nam', 'Nữ']),
  nationality: z.string(),
  /** ICAO code of the issuing state and nationality in the MRZ. */
  nationalityCode: z.string().length(3).default('VNM'),
  ethnicity: z.string().nullable().default(null),
  religion: z.string().nullable().default(null),
  placeOfOrigin: z.string().nullable().default(null),
  placeOfResidence: z.string().nullable().default(null),
  identifyingMarks: z.string().nullable().default(null),
  dateOfIssue: Date.nullable().default(null),
  /** dd/mm/yyyy or "Không thời hạn". */
  dateOfExpiry: z.string(),
  fatherName: z.string().nullable().default(null),
  motherName: z.string().nullable().default(null),
  spouseName: z.string().nullable().default(null),
  oldIdNumber: z.string().nullable().default(null),
  chip: z
    .object({
      pace: z.boolean().default(true),
      photo: z.enum(['jpeg', 'jp2', 'jpeg-large']).default('jpeg'),
      activeAuthentication: z.enum(['rsa', 'ec']).nullable().default('rsa'),
      chipAuthentication: z.boolean().default(true),
      signer: z.enum(['ecdsa', 'rsa', 'rsa-pss', 'untrusted']).default('ecdsa'),
      extendedLength: z.boolean().default(true),
      sendsDo99: z.boolean().default(true),
      sod: z.boolean().default(true),
      /** How this chip differs from ours (see ChipBehaviour.quirks). */
      quirks: z.array(z.enum(['no-sfi', 'plain-errors', 'unauthenticated-eof', 'reselect-after-error'])).default([]),
    })
    .prefault({}),
  /** How this chip lies, for the adversarial personas. */
  adversarial: z
    .enum([
      'tampered-dg13',
      'forged-sod',
      'cloned-chip',
      'malformed-dg13',
      // Hostile chips (card-soundness issue): see persona-builder for what each does.
      'clone-after-ca',
      'clone-hidden-groups',
      'endless-6c',
      'giant-file',
      'slow-chip',
    ])
    .nullable()
    .default(null),
  /** Persona whose chip data a clone copies. */
  clonedFrom: z.string().nullable().default(null),
  /** Link model defaults for this card (bit rate in kbit/s). */
  link: z.object({ bitRate: z.union([z.literal(106), z.literal(212), z.literal(424), z.literal(848)]) }).nullable().default(null),
});
export type PersonaSource = z.infer<typeof PersonaSource>;
