// What a simulated chip holds: its files, its secrets and how it behaves. Generated from a persona source
// by `npm run fixtures` and stored as JSON (hex for bytes) under fixtures/personas/.
import { z } from 'zod';

const Hex = z.string().regex(/^[0-9A-F]*$/);

export const ChipBehaviour = z.object({
  /** Accepts extended-length APDUs; when false, any Ne > 256 or Nc > 255 gets 6700. */
  extendedLength: z.boolean(),
  /** Longest response data the chip sends in one READ BINARY (before secure messaging). */
  maxReadLength: z.number().int().min(1).max(65536),
  /** Real cards vary: some omit DO'99' in protected responses. */
  sendsDo99: z.boolean(),
  /** Contactless bit rate of the link model, in kbit/s. */
  bitRate: z.union([z.literal(106), z.literal(212), z.literal(424), z.literal(848)]),
  /**
   * How a hostile chip misbehaves: 'plain-after-ca' answers every command after Chip Authentication with a
   * plain 6A82 (a clone without the DG14 private key); 'endless-6c' answers every READ BINARY with 6Cxx
   * asking for yet another length.
   */
  hostile: z.enum(['plain-after-ca', 'endless-6c']).optional(),
  /**
   * Ways real chips from other implementations differ: 'no-sfi' refuses READ BINARY by SFI in the
   * application (6B00); 'plain-errors' counts a protected command but answers an error status in the clear;
   * 'unauthenticated-eof' answers a read past the end of a file with data and 6282 without a MAC;
   * 'reselect-after-error' forgets the selected application after any error status.
   */
  quirks: z.array(z.enum(['no-sfi', 'plain-errors', 'unauthenticated-eof', 'reselect-after-error'])).optional(),
  /** Time the chip takes for each answer (a chip that stalls); none when absent. */
  apduDelayMs: z.number().int().min(0).max(600_000).optional(),
});
export type ChipBehaviour = z.infer<typeof ChipBehaviour>;

export const ChipImage = z.object({
  id: z.string(),
  atr: Hex,
  /** PACE password "CAN"; null on cards without one. */
  can: z.string().nullable(),
  /** MRZ information (document number, birth, expiry with check digits) for BAC and PACE-MRZ. */
  mrzInformation: z.string(),
  /** Files by 4-hex-digit identifier, e.g. "011E" for EF.COM; "011C" (EF.CardAccess) present ⇔ PACE. */
  files: z.record(z.string().regex(/^[0-9A-F]{4}$/), Hex),
  activeAuthentication: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('rsa'), pkcs8: Hex, hash: z.enum(['sha1', 'sha256']) }),
      z.object({ type: z.literal('ec'), curve: z.string(), privateKey: Hex, hash: z.enum(['sha1', 'sha224', 'sha256', 'sha384', 'sha512']) }),
    ])
    .nullable(),
  chipAuthentication: z.object({ protocol: z.string(), curve: z.string(), privateKey: Hex, keyId: z.number().int().nullable() }).nullable(),
  behaviour: ChipBehaviour,
});
export type ChipImage = z.infer<typeof ChipImage>;

export const defaultBehaviour: ChipBehaviour = { extendedLength: true, maxReadLength: 65536, sendsDo99: true, bitRate: 424 };
