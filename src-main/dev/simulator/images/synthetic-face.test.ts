import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../util/bytes';
import { imageDimensions } from '../../../imaging/image-dimensions';
import { decodeJp2ToRgba } from '../../../imaging/jp2';
import { drawPortrait } from './portrait';
import { largeSyntheticFace, syntheticFace } from './synthetic-face';

// SHA-256 of syntheticFace({ seed: 'an' }) as JPEG and JP2: pinned so that a change of drawing or encoder
// shows up here before it silently changes every persona's DG2 (and its SOD).
const PINNED = {
  jpeg: '1d2fb54d2aa5d8118df4c31e4c49866125a5368e61d8a9bf34dcfe0328e8ad77',
  jp2: '1cd4308f5db5cfc7b68eb36867190b6b66ab3075b139f912aff39c0661e6d267',
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Mean absolute difference per channel between a drawn RGB image and a decoded RGBA one. */
function meanError(rgb: Uint8Array, rgba: Uint8Array): number {
  let sum = 0;
  for (let p = 0; p < rgb.length / 3; p += 1) {
    for (let c = 0; c < 3; c += 1) sum += Math.abs(rgb[p * 3 + c]! - rgba[p * 4 + c]!);
  }
  return sum / rgb.length;
}

describe('drawPortrait', () => {
  it('draws the same pixels for the same seed and different ones for another seed', () => {
    const a = drawPortrait({ seed: 'an', width: 120, height: 160 });
    expect(sha256(drawPortrait({ seed: 'an', width: 120, height: 160 }).rgb)).toBe(sha256(a.rgb));
    expect(sha256(drawPortrait({ seed: 'binh', width: 120, height: 160 }).rgb)).not.toBe(sha256(a.rgb));
  });

  it('has a light background in the corners and a face, darker than the background, in the middle', () => {
    const { rgb, width, height } = drawPortrait({ seed: 'an', width: 240, height: 320 });
    const at = (x: number, y: number) => [...rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];
    for (const channel of at(2, 2)) expect(channel).toBeGreaterThan(180);
    const cheek = at(width / 2 - 20, Math.round(height * 0.5));
    expect(cheek[0]).toBeGreaterThan(cheek[2]!); // skin is warmer than the bluish-grey background
  });
});

describe('syntheticFace', () => {
  it('encodes a 240×320 JPEG by default that jpeg-js decodes back to that size', () => {
    const bytes = syntheticFace({ seed: 'an', format: 'jpeg' });
    expect(toHex(bytes.subarray(0, 3))).toBe('FFD8FF');
    const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    expect([decoded.width, decoded.height]).toEqual([240, 320]);
    expect(imageDimensions(bytes)).toEqual({ width: 240, height: 320 });
    const drawn = drawPortrait({ seed: 'an', width: 240, height: 320, grain: 2 });
    expect(meanError(drawn.rgb, decoded.data)).toBeLessThan(4);
  });

  it('is deterministic: same seed and options, same bytes (pinned for seed "an")', () => {
    const bytes = syntheticFace({ seed: 'an', format: 'jpeg' });
    expect(toHex(syntheticFace({ seed: 'an', format: 'jpeg' }))).toBe(toHex(bytes));
    expect(toHex(syntheticFace({ seed: 'cuc', format: 'jpeg' }))).not.toBe(toHex(bytes));
    expect(sha256(bytes)).toBe(PINNED.jpeg);
  });

  it('honours width, height and quality', () => {
    const small = syntheticFace({ seed: 'an', format: 'jpeg', width: 120, height: 150, quality: 50 });
    expect(imageDimensions(small)).toEqual({ width: 120, height: 150 });
    expect(small.length).toBeLessThan(syntheticFace({ seed: 'an', format: 'jpeg', width: 120, height: 150, quality: 95 }).length);
  });

  it('encodes JPEG 2000 as a JP2 file (signature box, then ftyp) that OpenJPEG decodes back', () => {
    const bytes = syntheticFace({ seed: 'an', format: 'jp2' });
    expect(toHex(bytes.subarray(0, 12))).toBe('0000000C6A5020200D0A870A');
    expect(toHex(bytes.subarray(12, 24))).toBe('00000014667479706A703220');
    expect(imageDimensions(bytes)).toEqual({ width: 240, height: 320 });
    const decoded = decodeJp2ToRgba(bytes);
    expect([decoded.width, decoded.height]).toEqual([240, 320]);
    const drawn = drawPortrait({ seed: 'an', width: 240, height: 320, grain: 2 });
    expect(meanError(drawn.rgb, decoded.rgba)).toBeLessThan(6);
    expect(toHex(syntheticFace({ seed: 'an', format: 'jp2' }))).toBe(toHex(bytes));
    expect(sha256(bytes)).toBe(PINNED.jp2);
  });

  it('makes the compression ratio of JPEG 2000 adjustable', () => {
    const light = syntheticFace({ seed: 'an', format: 'jp2', compressionRatio: 10 });
    const heavy = syntheticFace({ seed: 'an', format: 'jp2', compressionRatio: 40 });
    expect(heavy.length).toBeLessThan(light.length);
  });
});

describe('largeSyntheticFace', () => {
  it.each(['an', 'large-photo', 'binh'])('gives a 480×640 JPEG of 20–30 KB for seed %s, the same every time', (seed) => {
    const bytes = largeSyntheticFace(seed);
    expect(bytes.length).toBeGreaterThanOrEqual(20_000);
    expect(bytes.length).toBeLessThanOrEqual(30_000);
    expect(imageDimensions(bytes)).toEqual({ width: 480, height: 640 });
    expect(sha256(largeSyntheticFace(seed))).toBe(sha256(bytes));
  });
});
