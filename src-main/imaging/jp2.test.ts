import { describe, expect, it } from 'vitest';
import { toHex } from '../util/bytes';
import { decodeJp2ToRgba, encodeJ2k, encodeJp2, Jp2Error, wrapJ2kInJp2 } from './jp2';
import { drawPortrait } from '../dev/simulator/images/portrait';

const image = drawPortrait({ seed: 'jp2', width: 64, height: 80 });

describe('wrapJ2kInJp2', () => {
  it('writes signature, ftyp, jp2h (ihdr, colr sRGB) and jp2c boxes (ISO/IEC 15444-1 Annex I)', () => {
    const codestream = Uint8Array.of(0xff, 0x4f, 0xff, 0x51, 0xff, 0xd9);
    expect(toHex(wrapJ2kInJp2(codestream, { width: 64, height: 80, components: 3 }))).toBe(
      [
        '0000000C 6A502020 0D0A870A',
        '00000014 66747970 6A703220 00000000 6A703220',
        '0000002D 6A703268',
        '00000016 69686472 00000050 00000040 0003 07 07 00 00',
        '0000000F 636F6C72 01 00 00 00000010',
        '0000000E 6A703263 FF4FFF51FFD9',
      ]
        .join('')
        .replace(/\s/g, ''),
    );
  });
});

describe('encodeJ2k / encodeJp2', () => {
  it('encodes a J2K codestream (FF4F FF51) and a JP2 file around the same codestream', () => {
    const codestream = encodeJ2k(image);
    expect(toHex(codestream.subarray(0, 4))).toBe('FF4FFF51');
    const file = encodeJp2(image);
    expect(toHex(file.subarray(file.length - codestream.length))).toBe(toHex(codestream));
  });
});

describe('decodeJp2ToRgba', () => {
  it('decodes both a JP2 file and a bare codestream to opaque RGBA of the right size', () => {
    for (const bytes of [encodeJp2(image), encodeJ2k(image)]) {
      const decoded = decodeJp2ToRgba(bytes);
      expect([decoded.width, decoded.height, decoded.rgba.length]).toEqual([64, 80, 64 * 80 * 4]);
      expect(decoded.rgba.filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
    }
  });

  it('fails with a Jp2Error, not a crash, on bytes that are no JPEG 2000', () => {
    expect(() => decodeJp2ToRgba(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0))).toThrow(Jp2Error);
    expect(() => decodeJp2ToRgba(encodeJp2(image).subarray(0, 200))).toThrow(expect.objectContaining({ code: 'decode-failed' }));
    // The codec is still usable afterwards.
    expect(decodeJp2ToRgba(encodeJp2(image)).width).toBe(64);
  });
});
