// Elliptic curves by name, from @noble/curves, for PACE mapping and chip authentication.
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { bytesToBigInt, uintBytes } from '../../util/bytes';
import { CardError, malformed } from '../errors';

const CURVES = {
  'P-256': p256,
  'P-384': p384,
  'P-521': p521,
  brainpoolP256r1,
  brainpoolP384r1,
  brainpoolP512r1,
} as const;

export type CurveName = keyof typeof CURVES;
export type Curve = (typeof CURVES)[CurveName];
export type Point = InstanceType<Curve['Point']>;

export function curveByName(name: string): Curve {
  const curve = CURVES[name as CurveName];
  if (!curve) throw new CardError('unsupported-card', `curve ${name}`);
  return curve;
}

export function fieldLength(curve: Curve): number {
  return curve.Point.Fp.BYTES;
}

/** Decodes an uncompressed point and checks it lies on the curve (invalid-curve attacks, §4.4.3.3). */
export function decodePoint(curve: Curve, bytes: Uint8Array): Point {
  try {
    const point = curve.Point.fromBytes(bytes);
    point.assertValidity();
    if (point.is0()) throw new Error('infinity');
    return point as Point;
  } catch {
    throw malformed('invalid curve point');
  }
}

export function encodePoint(point: Point): Uint8Array {
  return point.toBytes(false);
}

/** A private scalar from random bytes, reduced into [1, n-1]. */
export function scalarFrom(curve: Curve, random: Uint8Array): bigint {
  const n = curve.Point.Fn.ORDER;
  return (bytesToBigInt(random) % (n - 1n)) + 1n;
}

export function xCoordinate(curve: Curve, point: Point): Uint8Array {
  return uintBytes(point.toAffine().x, fieldLength(curve));
}
