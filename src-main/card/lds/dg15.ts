// DG15 (ICAO 9303-10 §4.7.15): the Active Authentication public key as a SubjectPublicKeyInfo.
import { children, oidOf, parseDer } from '../asn1';
import { EF, unwrapFile } from './lds-file';

export interface Dg15 {
  /** DER SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
  keyType: 'rsa' | 'ec' | 'other';
}

export function parseDg15(bytes: Uint8Array): Dg15 {
  const spki = unwrapFile(bytes, EF.DG15).value;
  const [algorithm] = children(parseDer(spki, 'DG15'), 'DG15');
  const oid = oidOf(children(algorithm!, 'DG15 algorithm')[0], 'DG15 algorithm');
  const keyType = oid === '1.2.840.113549.1.1.1' ? 'rsa' : oid === '1.2.840.10045.2.1' ? 'ec' : 'other';
  return { subjectPublicKeyInfo: spki.slice(), keyType };
}
