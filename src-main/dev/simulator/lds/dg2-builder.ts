// EF.DG2 as an issuer writes it (ICAO 9303-10 §4.7.2): the face as one ISO/IEC 19794-5:2005 facial
// record inside a CBEFF biometric information template (ISO/IEC 7816-11):
//   75 { 7F61 { 02 01 01 (one instance), 7F60 { A1 {biometric header template}, 5F2E {facial record} } } }
import { encodeTlv } from '../../../card/tlv/tlv';
import { concat, uintBytes } from '../../../util/bytes';
import { imageDimensions } from '../../../imaging/image-dimensions';

export type FaceMimeType = 'image/jpeg' | 'image/jp2';

export interface Dg2Options {
  /** Taken from the image's own header when absent. */
  width?: number;
  height?: number;
  /** ISO/IEC 19794-5 §5.5.3 gender (default unspecified). */
  gender?: 'unspecified' | 'male' | 'female';
}

export type Dg2BuildErrorCode = 'unknown-dimensions' | 'bad-dimensions';

export class Dg2BuildError extends Error {
  override readonly name = 'Dg2BuildError';
  readonly code: Dg2BuildErrorCode;

  constructor(code: Dg2BuildErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
  }
}

const TAG_DG2 = 0x75;
const TAG_BIOMETRIC_INFORMATION_GROUP = 0x7f61;
const TAG_BIOMETRIC_INFORMATION = 0x7f60;
const TAG_BIOMETRIC_HEADER = 0xa1;
const TAG_BIOMETRIC_DATA = 0x5f2e;

/** Sizes of the fixed 19794-5 blocks: record header, facial information, image information. */
export const FACIAL_RECORD_HEADER_LENGTH = 14;
export const FACIAL_INFORMATION_LENGTH = 20;
export const IMAGE_INFORMATION_LENGTH = 12;

const GENDER = { unspecified: 0x00, male: 0x01, female: 0x02 } as const;

/**
 * ISO/IEC 19794-5:2005 facial record with one image and no feature points: header (§5.4), facial
 * information (§5.5), image information (§5.7), image data (§5.8).
 */
export function buildFacialRecord(image: Uint8Array, mime: FaceMimeType, info: { width: number; height: number; gender: keyof typeof GENDER }): Uint8Array {
  const facialInformation = concat(
    uintBytes(FACIAL_INFORMATION_LENGTH + IMAGE_INFORMATION_LENGTH + image.length, 4), // facial record data length
    uintBytes(0, 2), // number of feature points
    Uint8Array.of(GENDER[info.gender]),
    Uint8Array.of(0x00), // eye colour: unspecified
    Uint8Array.of(0x00), // hair colour: unspecified
    uintBytes(0, 3), // feature mask: features not specified
    uintBytes(0, 2), // expression: unspecified
    Uint8Array.of(0, 0, 0), // pose angle yaw, pitch, roll: unspecified
    Uint8Array.of(0, 0, 0), // pose angle uncertainty
  );
  const imageInformation = concat(
    Uint8Array.of(0x01), // face image type: full frontal
    Uint8Array.of(mime === 'image/jpeg' ? 0x00 : 0x01), // image data type: JPEG / JPEG 2000
    uintBytes(info.width, 2),
    uintBytes(info.height, 2),
    Uint8Array.of(0x01), // image colour space: 24-bit RGB
    Uint8Array.of(0x00), // source type: unspecified (the picture is synthetic)
    uintBytes(0, 2), // device type: unspecified
    uintBytes(0, 2), // quality: unspecified
  );
  const recordLength = FACIAL_RECORD_HEADER_LENGTH + facialInformation.length + imageInformation.length + image.length;
  const header = concat(
    Uint8Array.of(0x46, 0x41, 0x43, 0x00), // 'FAC\0'
    Uint8Array.of(0x30, 0x31, 0x30, 0x00), // '010\0'
    uintBytes(recordLength, 4),
    uintBytes(1, 2), // number of facial images
  );
  return concat(header, facialInformation, imageInformation, image);
}

/** Biometric header template (ICAO 9303-10 §4.7.2.1, ISO/IEC 7816-11 table C.1). */
function biometricHeader(): Uint8Array {
  return encodeTlv(
    TAG_BIOMETRIC_HEADER,
    encodeTlv(0x80, Uint8Array.of(0x01, 0x01)), // ICAO header version 1.1
    encodeTlv(0x81, Uint8Array.of(0x02)), // biometric type: facial features
    encodeTlv(0x87, Uint8Array.of(0x01, 0x01)), // format owner: ISO/IEC JTC 1/SC 37
    encodeTlv(0x88, Uint8Array.of(0x00, 0x08)), // format type: face image (19794-5)
  );
}

export function buildDg2(image: Uint8Array, mime: FaceMimeType, options: Dg2Options = {}): Uint8Array {
  const sniffed = options.width === undefined || options.height === undefined ? imageDimensions(image) : null;
  const width = options.width ?? sniffed?.width;
  const height = options.height ?? sniffed?.height;
  if (width === undefined || height === undefined) throw new Dg2BuildError('unknown-dimensions', `no size given and none in the ${mime} header`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0xffff || height > 0xffff) {
    throw new Dg2BuildError('bad-dimensions', `${width}×${height}`);
  }
  const record = buildFacialRecord(image, mime, { width, height, gender: options.gender ?? 'unspecified' });
  return encodeTlv(
    TAG_DG2,
    encodeTlv(
      TAG_BIOMETRIC_INFORMATION_GROUP,
      encodeTlv(0x02, Uint8Array.of(0x01)), // number of instances
      encodeTlv(TAG_BIOMETRIC_INFORMATION, biometricHeader(), encodeTlv(TAG_BIOMETRIC_DATA, record)),
    ),
  );
}
