// Width and height read from an encoded image's own header, so a DG2 can be built from the bytes alone:
// JPEG SOFn (ITU-T T.81 §B.2.2), JP2 'ihdr' box (ISO/IEC 15444-1 §I.5.3.1), J2K SIZ marker (§A.5.1).
export interface Dimensions {
  width: number;
  height: number;
}

const u16 = (bytes: Uint8Array, at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
const u32 = (bytes: Uint8Array, at: number) => u16(bytes, at) * 0x10000 + u16(bytes, at + 2);

function jpegDimensions(bytes: Uint8Array): Dimensions | null {
  let p = 2;
  while (p + 9 < bytes.length) {
    if (bytes[p] !== 0xff) return null;
    const marker = bytes[p + 1]!;
    if (marker === 0xff) {
      p += 1;
      continue;
    }
    // SOF0…SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16(bytes, p + 5), width: u16(bytes, p + 7) };
    }
    p += 2 + u16(bytes, p + 2);
  }
  return null;
}

function j2kDimensions(bytes: Uint8Array, at: number): Dimensions | null {
  // SOC (FF4F), then SIZ (FF51): Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz.
  if (at + 22 > bytes.length || u16(bytes, at + 2) !== 0xff51) return null;
  return { width: u32(bytes, at + 8) - u32(bytes, at + 16), height: u32(bytes, at + 12) - u32(bytes, at + 20) };
}

function jp2Dimensions(bytes: Uint8Array, start: number, end: number): Dimensions | null {
  for (let p = start; p + 8 <= end; ) {
    const length = u32(bytes, p);
    const type = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
    const boxEnd = length === 0 ? end : p + length;
    if (length !== 0 && length < 8) return null;
    if (type === 'jp2h') return jp2Dimensions(bytes, p + 8, boxEnd);
    if (type === 'ihdr') return { height: u32(bytes, p + 8), width: u32(bytes, p + 12) };
    if (type === 'jp2c') return j2kDimensions(bytes, p + 8);
    p = boxEnd;
  }
  return null;
}

/**
 * The size the JPEG 2000 decoder will allocate for: the first codestream's SIZ, wherever it sits. A JP2's
 * 'ihdr' may say something smaller than its codestream, so a size limit must not trust it.
 */
export function codestreamDimensions(bytes: Uint8Array): Dimensions | null {
  for (let at = bytes.indexOf(0xff); at >= 0 && at + 4 <= bytes.length; at = bytes.indexOf(0xff, at + 1)) {
    if (bytes[at + 1] === 0x4f && u16(bytes, at + 2) === 0xff51) return j2kDimensions(bytes, at);
  }
  return null;
}

export function imageDimensions(bytes: Uint8Array): Dimensions | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegDimensions(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0x4f) return j2kDimensions(bytes, 0);
  if (u32(bytes, 0) === 12 && u32(bytes, 4) === 0x6a502020) return jp2Dimensions(bytes, 0, bytes.length);
  return null;
}
