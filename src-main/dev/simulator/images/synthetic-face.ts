// Synthetic DG2 faces for the simulator's personas: a seeded portrait (portrait.ts) encoded as JPEG or
// JPEG 2000. Same seed and options, same bytes. No real person is depicted.
import { encodeJpeg } from './jpeg';
import { encodeJp2 } from '../../../imaging/jp2';
import { drawPortrait } from './portrait';

export interface SyntheticFaceOptions {
  seed: string;
  /** Default 240 (a typical CCCD DG2 portrait is about this size). */
  width?: number;
  /** Default 320. */
  height?: number;
  format: 'jpeg' | 'jp2';
  /** JPEG quality 1–100 (default 80). JPEG only. */
  quality?: number;
  /** JPEG 2000 compression ratio (default 20). JP2 only. */
  compressionRatio?: number;
  /** Seeded grain amplitude in 8-bit levels (default 2): a little texture, as a real photo has. */
  grain?: number;
}

export function syntheticFace(options: SyntheticFaceOptions): Uint8Array {
  const image = drawPortrait({ seed: options.seed, width: options.width ?? 240, height: options.height ?? 320, grain: options.grain ?? 2 });
  return options.format === 'jpeg'
    ? encodeJpeg(image, options.quality ?? 80)
    : encodeJp2(image, options.compressionRatio === undefined ? {} : { compressionRatio: options.compressionRatio });
}

const LARGE_TARGET_BYTES = 28_000;

/**
 * A 480×640 high-quality JPEG of 20–30 KB, for a "large photo" persona: DG2 then spans many READ BINARY
 * commands, and offsets above 32,767 are reached with the file's tail. Quality steps down from 92 until
 * the file fits 28 KB (the portrait's detail varies with the seed); the search is as deterministic as the
 * encoder.
 */
export function largeSyntheticFace(seed: string): Uint8Array {
  const image = drawPortrait({ seed, width: 480, height: 640, grain: 1 });
  let jpeg = encodeJpeg(image, 92);
  for (let quality = 90; jpeg.length > LARGE_TARGET_BYTES && quality >= 70; quality -= 2) jpeg = encodeJpeg(image, quality);
  return jpeg;
}
