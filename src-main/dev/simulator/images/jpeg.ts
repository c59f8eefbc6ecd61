// Baseline JPEG (JFIF) with jpeg-js, a pure-JS codec: no native module, and the same bytes on every
// machine for the same pixels and quality.
import jpeg from 'jpeg-js';
import type { RgbImage } from '../../../imaging/rgb-image';

export function encodeJpeg(image: RgbImage, quality: number): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let p = 0; p < image.width * image.height; p += 1) {
    rgba[p * 4] = image.rgb[p * 3]!;
    rgba[p * 4 + 1] = image.rgb[p * 3 + 1]!;
    rgba[p * 4 + 2] = image.rgb[p * 3 + 2]!;
    rgba[p * 4 + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ width: image.width, height: image.height, data: rgba }, quality).data);
}
