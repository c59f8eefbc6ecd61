// Decompression bombs for tests of the photo path: small files whose headers claim huge images.
import { encodeJ2k, wrapJ2kInJp2 } from '../../imaging/jp2';
import { drawPortrait } from '../simulator/images/portrait';

const portrait = drawPortrait({ seed: 'bomb', width: 120, height: 160 });

/** A codestream whose SIZ claims `width` × `height`, in a JP2 whose ihdr claims the real, small size. */
export function jp2Bomb(width: number, height: number): Uint8Array {
  const codestream = encodeJ2k(portrait);
  const view = new DataView(codestream.buffer, codestream.byteOffset);
  // SIZ after SOC: FF51, Lsiz, Rsiz, then Xsiz and Ysiz (ISO/IEC 15444-1 §A.5.1).
  view.setUint32(8, width);
  view.setUint32(12, height);
  return wrapJ2kInJp2(codestream, { width: portrait.width, height: portrait.height, components: 3 });
}

/** A JPEG with its SOF0 frame size rewritten (ITU-T T.81 §B.2.2). */
export function jpegBomb(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const bytes = jpeg.slice();
  const view = new DataView(bytes.buffer);
  for (let p = 2; p + 9 < bytes.length; p += 2 + view.getUint16(p + 2)) {
    if (bytes[p + 1] === 0xc0) {
      view.setUint16(p + 5, height);
      view.setUint16(p + 7, width);
      return bytes;
    }
  }
  throw new Error('no SOF0 in this JPEG');
}
