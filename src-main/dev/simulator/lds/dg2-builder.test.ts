import { describe, expect, it } from 'vitest';
import { parseTlvs, readTlv, type Tlv } from '../../../card/tlv/tlv';
import { fromHex, toHex } from '../../../util/bytes';
import { largeSyntheticFace, syntheticFace } from '../images/synthetic-face';
import { buildDg2 } from './dg2-builder';

/** The facial record (5F2E value) and its offset in the file, by walking 75 / 7F61 / 7F60. */
function facialRecord(dg2: Uint8Array): { record: Uint8Array; offset: number; header: Tlv; instances: Tlv } {
  const outer = readTlv(dg2);
  expect(outer.tag).toBe(0x75);
  expect(outer.end).toBe(dg2.length);
  const [group] = parseTlvs(outer.value);
  expect(group!.tag).toBe(0x7f61);
  const [instances, information] = parseTlvs(group!.value);
  expect(information!.tag).toBe(0x7f60);
  const [header, data] = parseTlvs(information!.value);
  expect(data!.tag).toBe(0x5f2e);
  return { record: data!.value, offset: data!.value.byteOffset - dg2.byteOffset, header: header!, instances: instances! };
}

describe('buildDg2', () => {
  it('writes the ICAO 9303-10 §4.7.2 template around an ISO/IEC 19794-5 record, byte for byte', () => {
    const image = fromHex('FFD8FFD9');
    const expected = [
      '754F', // EF.DG2
      '7F614C', // biometric information group template
      '020101', // one instance
      '7F6046', // biometric information template
      'A10F 80020101 810102 87020101 88020008', // header: ICAO version 1.1, face, format owner 0101, type 0008
      '5F2E32', // biometric data block: 50 bytes
      '46414300 30313000 00000032 0001', // 'FAC\0' '010\0', record length 50, one image
      '00000024 0000 00 00 00 000000 0000 000000 000000', // facial information: 36 bytes follow, nothing specified
      '01 00 00F0 0140 01 00 0000 0000', // full frontal, JPEG, 240×320, RGB, source/device/quality unspecified
      'FFD8FFD9',
    ].join('');
    expect(toHex(buildDg2(image, 'image/jpeg', { width: 240, height: 320 }))).toBe(expected.replace(/\s/g, ''));
  });

  it('puts the JPEG bytes at offset 46 of the facial record, with its size read from the JPEG', () => {
    const jpeg = syntheticFace({ seed: 'dg2-jpeg', format: 'jpeg' });
    const dg2 = buildDg2(jpeg, 'image/jpeg');
    const { record, offset, instances } = facialRecord(dg2);
    expect(toHex(instances.value)).toBe('01');
    expect(record).toHaveLength(46 + jpeg.length);
    expect(toHex(record.subarray(46))).toBe(toHex(jpeg));
    expect(toHex(dg2.subarray(offset + 46, offset + 46 + jpeg.length))).toBe(toHex(jpeg));
    const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
    expect(view.getUint32(8)).toBe(record.length);
    expect(view.getUint32(14)).toBe(record.length - 14);
    expect([record[34], record[35], view.getUint16(36), view.getUint16(38)]).toEqual([0x01, 0x00, 240, 320]);
  });

  it('marks a JPEG 2000 image as data type 1 and reads its size from the JP2 header', () => {
    const jp2 = syntheticFace({ seed: 'dg2-jp2', format: 'jp2', width: 200, height: 260 });
    const { record } = facialRecord(buildDg2(jp2, 'image/jp2'));
    const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
    expect([record[35], view.getUint16(36), view.getUint16(38)]).toEqual([0x01, 200, 260]);
    expect(toHex(record.subarray(46))).toBe(toHex(jp2));
  });

  it('uses multi-byte BER lengths for a large photo and still finds the image', () => {
    const jpeg = largeSyntheticFace('dg2-large');
    const dg2 = buildDg2(jpeg, 'image/jpeg', { gender: 'female' });
    expect(toHex(dg2.subarray(0, 2))).toBe('7582');
    const { record } = facialRecord(dg2);
    expect(record[20]).toBe(0x02);
    expect(toHex(record.subarray(46))).toBe(toHex(jpeg));
  });

  it('refuses an image whose size it is not told and cannot read', () => {
    expect(() => buildDg2(fromHex('00010203'), 'image/jpeg')).toThrow(expect.objectContaining({ code: 'unknown-dimensions' }));
    expect(() => buildDg2(fromHex('FFD8FFD9'), 'image/jpeg', { width: 0, height: 10 })).toThrow(expect.objectContaining({ code: 'bad-dimensions' }));
  });
});
