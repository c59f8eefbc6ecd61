// EF.COM (ICAO 9303-10 §4.6.1): LDS version and the list of data groups present.
import { malformed } from '../errors';
import { findTlv, parseTlvs } from '../tlv/tlv';
import { DG_BY_TAG, EF, unwrapFile } from './lds-file';

export interface EfCom {
  ldsVersion: string | null;
  unicodeVersion: string | null;
  dataGroups: number[];
}

const ascii = (bytes: Uint8Array | undefined) => (bytes ? String.fromCharCode(...bytes) : null);

export function parseCom(bytes: Uint8Array): EfCom {
  const objects = parseTlvs(unwrapFile(bytes, EF.COM).value);
  const tagList = findTlv(objects, 0x5c);
  if (!tagList) throw malformed('EF.COM without tag list');
  const dataGroups = [...tagList.value].map((tag) => DG_BY_TAG[tag]).filter((dg): dg is number => dg !== undefined);
  return { ldsVersion: ascii(findTlv(objects, 0x5f01)?.value), unicodeVersion: ascii(findTlv(objects, 0x5f36)?.value), dataGroups };
}
