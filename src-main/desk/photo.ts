// The chip's face as something a browser can show: JPEG as it is, JPEG 2000 (which browsers cannot
// display) decoded by the OpenJPEG wasm build and re-encoded as JPEG.
import jpeg from 'jpeg-js';
import type { FaceImage } from '../card/lds/dg2';
import { decodeJp2ToRgba } from '../imaging/jp2';

export function photoDataUrl(face: FaceImage): string {
  if (face.mimeType === 'image/jpeg') return `data:image/jpeg;base64,${Buffer.from(face.bytes).toString('base64')}`;
  const { width, height, rgba } = decodeJp2ToRgba(face.bytes);
  const encoded = jpeg.encode({ data: Buffer.from(rgba), width, height }, 90);
  return `data:image/jpeg;base64,${Buffer.from(encoded.data).toString('base64')}`;
}
