// DG2 (ICAO 9303-10 §4.7.2): the face as an ISO/IEC 19794-5 (or 39794-5) record inside a biometric
// information template. The image is found through the 19794-5 headers when they parse, and by its
// JPEG / JPEG 2000 signature otherwise, so odd encoders still give a photo.
import { malformed } from '../errors';
import { parseTlvs, type Tlv } from '../tlv/tlv';
import { EF, unwrapFile } from './lds-file';

export interface FaceImage {
  mimeType: 'image/jpeg' | 'image/jp2';
  bytes: Uint8Array;
  width: number | null;
  height: number | null;
}

const JPEG = [0xff, 0xd8, 0xff];
const JP2 = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20];
const J2K = [0xff, 0x4f, 0xff, 0x51];

function startsWith(bytes: Uint8Array, offset: number, signature: number[]): boolean {
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function findBiometricData(objects: Tlv[], depth = 0): Uint8Array | null {
  for (const tlv of objects) {
    if (tlv.tag === 0x5f2e || tlv.tag === 0x7f2e) return tlv.value;
    if (depth < 5 && (tlv.tag === 0x7f61 || tlv.tag === 0x7f60 || tlv.tag === 0xa1 || tlv.tag === 0x75)) {
      const found = findBiometricData(parseTlvs(tlv.value), depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** ISO/IEC 19794-5:2005 §5.4–5.7: 14-byte header, 20-byte facial information, 8 bytes per landmark, 12-byte image information. */
function fromIso19794(record: Uint8Array): FaceImage | null {
  if (record.length < 46 || String.fromCharCode(...record.subarray(0, 4)) !== 'FAC\0') return null;
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const landmarks = view.getUint16(18);
  const imageInfo = 14 + 20 + landmarks * 8;
  if (imageInfo + 12 > record.length) return null;
  const dataType = record[imageInfo + 1];
  const bytes = record.subarray(imageInfo + 12);
  const mimeType = dataType === 1 ? 'image/jp2' : dataType === 0 ? 'image/jpeg' : null;
  if (!mimeType || bytes.length === 0) return null;
  return { mimeType, bytes, width: view.getUint16(imageInfo + 2), height: view.getUint16(imageInfo + 4) };
}

function bySignature(data: Uint8Array): FaceImage | null {
  for (let i = 0; i < data.length - 8; i += 1) {
    if (startsWith(data, i, JPEG)) return { mimeType: 'image/jpeg', bytes: data.subarray(i), width: null, height: null };
    if (startsWith(data, i, JP2) || startsWith(data, i, J2K)) return { mimeType: 'image/jp2', bytes: data.subarray(i), width: null, height: null };
  }
  return null;
}

export function parseDg2(bytes: Uint8Array): FaceImage {
  const outer = unwrapFile(bytes, EF.DG2);
  let record: Uint8Array | null;
  try {
    record = findBiometricData(parseTlvs(outer.value));
  } catch {
    record = null;
  }
  const image = (record && (fromIso19794(record) ?? bySignature(record))) ?? bySignature(outer.value);
  if (!image) throw malformed('DG2 holds no JPEG or JPEG 2000 image');
  return { ...image, bytes: image.bytes.slice() };
}
