// LDS file identifiers and tags (ICAO 9303-10 §4.6, table 41), and the outer-tag check every parser does.
import { malformed } from '../errors';
import { readTlv, type Tlv } from '../tlv/tlv';

export interface LdsFile {
  name: string;
  fid: number;
  sfi: number;
  tag: number;
}

const file = (name: string, fid: number, tag: number): LdsFile => ({ name, fid, sfi: fid & 0x1f, tag });

export const EF = {
  CardAccess: { name: 'EF.CardAccess', fid: 0x011c, sfi: 0x1c, tag: 0x31 },
  COM: file('EF.COM', 0x011e, 0x60),
  SOD: file('EF.SOD', 0x011d, 0x77),
  DG1: file('DG1', 0x0101, 0x61),
  DG2: file('DG2', 0x0102, 0x75),
  DG3: file('DG3', 0x0103, 0x63),
  DG13: file('DG13', 0x010d, 0x6d),
  DG14: file('DG14', 0x010e, 0x6e),
  DG15: file('DG15', 0x010f, 0x6f),
} as const satisfies Record<string, LdsFile>;

/** Data-group number for each tag that EF.COM's tag list (5C) may name. */
export const DG_BY_TAG: Record<number, number> = {
  0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8,
  0x69: 9, 0x6a: 10, 0x6b: 11, 0x6c: 12, 0x6d: 13, 0x6e: 14, 0x6f: 15, 0x70: 16,
};

export function dataGroupFile(number: number): LdsFile {
  const tag = Number(Object.keys(DG_BY_TAG).find((key) => DG_BY_TAG[Number(key)] === number));
  return file(`DG${number}`, 0x0100 + number, tag);
}

export function unwrapFile(bytes: Uint8Array, expected: LdsFile): Tlv {
  const outer = readTlv(bytes);
  if (outer.tag !== expected.tag) throw malformed(`${expected.name}: tag 0x${outer.tag.toString(16)}`);
  return outer;
}
