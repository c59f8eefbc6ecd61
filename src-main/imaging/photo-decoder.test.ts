import jpeg from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { drawPortrait } from '../dev/simulator/images/portrait';
import { jp2Bomb, jpegBomb } from '../dev/testing/image-bombs';
import { encodeJp2 } from './jp2';
import { PhotoDecoder, PhotoError } from './photo-decoder';

const portrait = drawPortrait({ seed: 'photo', width: 120, height: 160 });
const jp2 = encodeJp2(portrait);
const rgba = new Uint8Array(portrait.width * portrait.height * 4).map((_, i) => (i % 4 === 3 ? 255 : portrait.rgb[Math.floor(i / 4) * 3 + (i % 4)]!));
const jpg = new Uint8Array(jpeg.encode({ data: Buffer.from(rgba), width: portrait.width, height: portrait.height }, 80).data);
const face = (mimeType: 'image/jpeg' | 'image/jp2', bytes: Uint8Array) => ({ mimeType, bytes, width: null, height: null });

let decoder: PhotoDecoder;
afterEach(async () => decoder?.close());

async function failure(promise: Promise<string>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PhotoError);
  return (error as PhotoError).code;
}

describe('PhotoDecoder', () => {
  it('turns a JPEG 2000 face into a JPEG data URL of the same size, in its worker thread', async () => {
    decoder = new PhotoDecoder();
    const url = await decoder.decode(face('image/jp2', jp2));
    expect(url).toMatch(/^data:image\/jpeg;base64,/);
    const decoded = jpeg.decode(Buffer.from(url.split(',')[1]!, 'base64'));
    expect([decoded.width, decoded.height]).toEqual([120, 160]);
  });

  it('passes a JPEG face through unchanged once it has decoded within the limit', async () => {
    decoder = new PhotoDecoder();
    expect(await decoder.decode(face('image/jpeg', jpg))).toBe(`data:image/jpeg;base64,${Buffer.from(jpg).toString('base64')}`);
  });

  it('refuses a JPEG 2000 bomb by its codestream size, whatever its JP2 header says', async () => {
    decoder = new PhotoDecoder({ maxPixels: 4_000_000, timeoutMs: 5000 });
    expect(await failure(decoder.decode(face('image/jp2', jp2Bomb(40_000, 40_000))))).toBe('too-large');
    expect(await failure(decoder.decode(face('image/jp2', jp2Bomb(2001, 2000))))).toBe('too-large');
  });

  it('refuses a JPEG bomb by its frame size', async () => {
    decoder = new PhotoDecoder();
    expect(await failure(decoder.decode(face('image/jpeg', jpegBomb(jpg, 65_000, 65_000))))).toBe('too-large');
  });

  it('says undecodable for bytes that are no image, then decodes the next photo', async () => {
    decoder = new PhotoDecoder();
    expect(await failure(decoder.decode(face('image/jp2', Uint8Array.of(0xff, 0x4f, 0xff, 0x51, 1, 2, 3))))).toBe('undecodable');
    expect(await failure(decoder.decode(face('image/jpeg', Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0, 16, 0, 16, 3))))).toBe('undecodable');
    await expect(decoder.decode(face('image/jp2', jp2))).resolves.toMatch(/^data:image\/jpeg/);
  });

  // A decode on the caller's thread could not be cut off: its timer would only fire after it returned.
  it('gives up past its time limit, and starts a fresh thread for the next photo', async () => {
    decoder = new PhotoDecoder();
    expect(await failure(decoder.decode(face('image/jp2', jp2), 1))).toBe('timeout');
    await expect(decoder.decode(face('image/jp2', jp2))).resolves.toMatch(/^data:image\/jpeg/);
  });
});
