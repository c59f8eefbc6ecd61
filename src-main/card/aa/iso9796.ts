// ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery, as RSA Active Authentication
// uses it (ICAO 9303-11 §6.1): F = 6A ‖ M1 ‖ H(M1 ‖ M2) ‖ trailer, trailer BC for SHA-1 (implicit) or
// 34CC for SHA-256 (explicit, hash id 34). M2 is the terminal's challenge; M1 is recovered.
import { concat, equalBytes } from '../../util/bytes';
import { sha } from '../crypto/kdf';

const TRAILERS = [
  { hash: 'sha1' as const, trailer: Uint8Array.of(0xbc), length: 20 },
  { hash: 'sha256' as const, trailer: Uint8Array.of(0x34, 0xcc), length: 32 },
  { hash: 'sha384' as const, trailer: Uint8Array.of(0x36, 0xcc), length: 48 },
  { hash: 'sha512' as const, trailer: Uint8Array.of(0x35, 0xcc), length: 64 },
];

export type Iso9796Hash = (typeof TRAILERS)[number]['hash'];

/** The message representative F for a modulus of `modulusBytes`, before the private-key operation. */
export function iso9796Representative(modulusBytes: number, m1: Uint8Array, challenge: Uint8Array, hash: Iso9796Hash): Uint8Array {
  const spec = TRAILERS.find((t) => t.hash === hash)!;
  if (1 + m1.length + spec.length + spec.trailer.length !== modulusBytes) throw new RangeError('M1 length does not fit the modulus');
  return concat(Uint8Array.of(0x6a), m1, sha(hash, m1, challenge), spec.trailer);
}

export function m1Length(modulusBytes: number, hash: Iso9796Hash): number {
  const spec = TRAILERS.find((t) => t.hash === hash)!;
  return modulusBytes - 1 - spec.length - spec.trailer.length;
}

/** Checks a recovered representative against the challenge; the hash is told by the trailer. */
export function verifyIso9796(representative: Uint8Array, challenge: Uint8Array): boolean {
  if (representative[0] !== 0x6a) return false;
  const spec =
    representative[representative.length - 1] === 0xbc
      ? TRAILERS[0]!
      : TRAILERS.find((t) => t.trailer.length === 2 && equalBytes(representative.subarray(-2), t.trailer));
  if (!spec) return false;
  const digestStart = representative.length - spec.trailer.length - spec.length;
  if (digestStart <= 1) return false;
  const m1 = representative.subarray(1, digestStart);
  return equalBytes(representative.subarray(digestStart, digestStart + spec.length), sha(spec.hash, m1, challenge));
}
