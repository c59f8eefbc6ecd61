// JPEG 2000 for DG2 faces. ICAO 9303-10 §4.7.2 / ISO/IEC 19794-5 allow a JPEG 2000 image ("image data
// type 1"); real chips carry either a JP2 file (ISO/IEC 15444-1 Annex I: signature box 0000000C 6A502020
// 0D0A870A, then ftyp, jp2h, jp2c) or a bare J2K codestream (FF4F FF51). We write JP2 files: the
// container states the colour space (sRGB) and is what most issuers store, so readers meet the harder
// case. The OpenJPEG wasm encoder only writes codestreams; the JP2 boxes around it are added here.
// Decoding accepts both forms (OpenJPEG picks J2K or JP2 by the first bytes).
import { CodedError, type Words } from '../contract/errors';
import { concat, uintBytes } from '../util/bytes';
import { openJpeg, takeCodecMessages } from './openjpeg';
import type { RgbImage } from './rgb-image';

export type Jp2ErrorCode = 'encode-failed' | 'decode-failed' | 'unsupported-image';

export class Jp2Error extends CodedError {
  override readonly name = 'Jp2Error';
  readonly code: Jp2ErrorCode;

  constructor(code: Jp2ErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
  }

  get words(): Words {
    return { vi: 'Không xử lý được ảnh JPEG 2000.', en: 'The JPEG 2000 image cannot be processed.' };
  }

  get retryable(): boolean {
    return false;
  }
}

export const JP2_SIGNATURE = Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);
export const J2K_SIGNATURE = Uint8Array.of(0xff, 0x4f, 0xff, 0x51);

export interface Jp2EncodeOptions {
  /** Lossy compression ratio of the single quality layer (OpenJPEG tcp_rates); default 20. */
  compressionRatio?: number;
}

export interface DecodedImage {
  width: number;
  height: number;
  /** 4 bytes per pixel, rows top to bottom, alpha 255. */
  rgba: Uint8Array;
}

function fourCc(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** A box: 4-byte length (header included), 4-character type, contents (ISO/IEC 15444-1 §I.4). */
function box(type: string, ...contents: Uint8Array[]): Uint8Array {
  const body = concat(...contents);
  return concat(uintBytes(8 + body.length, 4), fourCc(type), body);
}

/** Wraps an 8-bit sRGB (3 components) or greyscale (1) codestream in a minimal JP2 file. */
export function wrapJ2kInJp2(codestream: Uint8Array, info: { width: number; height: number; components: 1 | 3 }): Uint8Array {
  const imageHeader = box(
    'ihdr',
    uintBytes(info.height, 4),
    uintBytes(info.width, 4),
    uintBytes(info.components, 2),
    // BPC = bit depth − 1 (unsigned 8 bits); C = 7 (JPEG 2000); UnkC = 0 (colour space known); IPR = 0.
    Uint8Array.of(7, 7, 0, 0),
  );
  // Enumerated colour space (METH 1): 16 = sRGB, 17 = greyscale (§I.5.3.3).
  const colour = box('colr', Uint8Array.of(1, 0, 0), uintBytes(info.components === 3 ? 16 : 17, 4));
  return concat(
    JP2_SIGNATURE,
    box('ftyp', fourCc('jp2 '), uintBytes(0, 4), fourCc('jp2 ')),
    box('jp2h', imageHeader, colour),
    box('jp2c', codestream),
  );
}

/** A lossy (9/7 wavelet) JPEG 2000 codestream of an RGB image. */
export function encodeJ2k(image: RgbImage, options: Jp2EncodeOptions = {}): Uint8Array {
  const encoder = new (openJpeg().J2KEncoder)();
  try {
    takeCodecMessages();
    const input = encoder.getDecodedBuffer({ width: image.width, height: image.height, bitsPerSample: 8, componentCount: 3, isSigned: false });
    input.set(image.rgb);
    encoder.setQuality(false, 1);
    encoder.setCompressionRatio(0, options.compressionRatio ?? 20);
    encoder.encode();
    const encoded = encoder.getEncodedBuffer().slice();
    if (encoded.length < 4 || !J2K_SIGNATURE.every((byte, i) => encoded[i] === byte)) {
      throw new Jp2Error('encode-failed', takeCodecMessages().join(' ') || 'no codestream');
    }
    return encoded;
  } catch (error) {
    if (error instanceof Jp2Error) throw error;
    throw new Jp2Error('encode-failed', `${String(error)} ${takeCodecMessages().join(' ')}`.trim());
  } finally {
    encoder.delete();
  }
}

export function encodeJp2(image: RgbImage, options: Jp2EncodeOptions = {}): Uint8Array {
  return wrapJ2kInJp2(encodeJ2k(image, options), { width: image.width, height: image.height, components: 3 });
}

/** Decodes a JP2 file or a J2K codestream (8-bit greyscale or RGB, as DG2 faces are) to RGBA. */
export function decodeJp2ToRgba(bytes: Uint8Array): DecodedImage {
  const decoder = new (openJpeg().J2KDecoder)();
  try {
    takeCodecMessages();
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const { width, height, componentCount, bitsPerSample } = decoder.getFrameInfo();
    const pixels = decoder.getDecodedBuffer();
    const errors = takeCodecMessages().filter((line) => line.includes('[ERROR]'));
    // OpenJPEG signals failure by printing and leaving the output empty, never by throwing.
    if (errors.length > 0 || width === 0 || height === 0 || pixels.length !== width * height * componentCount * Math.ceil(bitsPerSample / 8)) {
      throw new Jp2Error('decode-failed', errors.join(' ') || 'no image decoded');
    }
    if (bitsPerSample !== 8 || (componentCount !== 1 && componentCount !== 3)) {
      throw new Jp2Error('unsupported-image', `${componentCount} components of ${bitsPerSample} bits`);
    }
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p += 1) {
      const source = p * componentCount;
      rgba[p * 4] = pixels[source]!;
      rgba[p * 4 + 1] = pixels[componentCount === 3 ? source + 1 : source]!;
      rgba[p * 4 + 2] = pixels[componentCount === 3 ? source + 2 : source]!;
      rgba[p * 4 + 3] = 255;
    }
    return { width, height, rgba };
  } catch (error) {
    if (error instanceof Jp2Error) throw error;
    throw new Jp2Error('decode-failed', String(error));
  } finally {
    decoder.delete();
  }
}
