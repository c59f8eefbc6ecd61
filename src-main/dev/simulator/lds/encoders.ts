// The card side of the LDS parsers: EF.COM, DG1, DG13, DG14, DG15 and EF.CardAccess as a chip holds them.
import * as asn1js from 'asn1js';
import { utf8 } from '../../../util/bytes';
import { toDer } from '../../../card/asn1';
import { checkDigit } from '../../../card/keys/mrz-key';
import { EF } from '../../../card/lds/lds-file';
import { ID_AA, ID_TA } from '../../../card/oids';
import { encodeTlv } from '../../../card/tlv/tlv';

const TAG_BY_DG: Record<number, number> = { 1: 0x61, 2: 0x75, 3: 0x63, 13: 0x6d, 14: 0x6e, 15: 0x6f };

export function encodeCom(dataGroups: number[]): Uint8Array {
  const tags = Uint8Array.from(dataGroups.map((dg) => TAG_BY_DG[dg]!));
  return encodeTlv(EF.COM.tag, encodeTlv(0x5f01, utf8('0107')), encodeTlv(0x5f36, utf8('040000')), encodeTlv(0x5c, tags));
}

export interface Td1Fields {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  optionalData1: string;
  dateOfBirth: string;
  sex: 'M' | 'F' | '<';
  dateOfExpiry: string;
  nationality: string;
  optionalData2: string;
  surname: string;
  givenNames: string;
}

const field = (text: string, length: number) => text.toUpperCase().replace(/[^A-Z0-9<]/g, '<').padEnd(length, '<').slice(0, length);
const nameField = (surname: string, given: string, length: number) =>
  field(`${surname.replace(/ /g, '<')}<<${given.replace(/ /g, '<')}`, length);

/** TD1 (ICAO 9303-5 §4.2): three lines of 30. */
export function td1(f: Td1Fields): string {
  const l1 = field(f.documentCode, 2) + field(f.issuingState, 3) + field(f.documentNumber, 9) + checkDigit(field(f.documentNumber, 9)) + field(f.optionalData1, 15);
  const l2Head = f.dateOfBirth + checkDigit(f.dateOfBirth) + f.sex + f.dateOfExpiry + checkDigit(f.dateOfExpiry) + field(f.nationality, 3) + field(f.optionalData2, 11);
  const composite = l1.slice(5, 30) + l2Head.slice(0, 7) + l2Head.slice(8, 15) + l2Head.slice(18, 29);
  return l1 + l2Head + checkDigit(composite) + nameField(f.surname, f.givenNames, 30);
}

/** TD3 (ICAO 9303-4 §4.2): two lines of 44. */
export function td3(f: Omit<Td1Fields, 'optionalData1' | 'optionalData2'> & { personalNumber: string }): string {
  const l1 = field(f.documentCode, 2) + field(f.issuingState, 3) + nameField(f.surname, f.givenNames, 39);
  const number = field(f.documentNumber, 9);
  const personal = field(f.personalNumber, 14);
  const head = number + checkDigit(number) + field(f.nationality, 3) + f.dateOfBirth + checkDigit(f.dateOfBirth) + f.sex + f.dateOfExpiry + checkDigit(f.dateOfExpiry) + personal + checkDigit(personal);
  const composite = head.slice(0, 10) + head.slice(13, 20) + head.slice(21, 43);
  return l1 + head + checkDigit(composite);
}

export function encodeDg1(mrz: string): Uint8Array {
  return encodeTlv(EF.DG1.tag, encodeTlv(0x5f1f, utf8(mrz)));
}

export type Dg13Value = string | { strings: string[] };

/**
 * DG13 as docs/cccd-chip.md describes it: SEQUENCE { version, UTF-8 OID, SET of SEQUENCE { n, value } }. The ID
 * and dates are PrintableString, text UTF8String; parents and spouse are nested SEQUENCEs of strings.
 */
export function encodeDg13(entries: Map<number, Dg13Value>): Uint8Array {
  const printable = new Set([1, 3, 11, 15, 16]);
  const items = [...entries.entries()].map(([n, value]) => {
    const encoded =
      typeof value === 'string'
        ? printable.has(n)
          ? new asn1js.PrintableString({ value })
          : new asn1js.Utf8String({ value })
        : new asn1js.Sequence({ value: value.strings.map((text) => new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: text })] })) });
    return new asn1js.Sequence({ value: [new asn1js.Integer({ value: n }), encoded] });
  });
  const body = new asn1js.Sequence({
    value: [new asn1js.Integer({ value: 1 }), new asn1js.ObjectIdentifier({ value: '1.0.10646.1.0.8' }), new asn1js.Set({ value: items })],
  });
  return encodeTlv(EF.DG13.tag, toDer(body));
}

export function encodeDg15(subjectPublicKeyInfo: Uint8Array): Uint8Array {
  return encodeTlv(EF.DG15.tag, subjectPublicKeyInfo);
}

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const int = (value: number) => new asn1js.Integer({ value });

export interface SecurityInfoSpec {
  pace?: { protocol: string; parameterId: number };
  /** Without a key (EF.CardAccess) only the ChipAuthenticationInfo is written. */
  chipAuthentication?: { protocol: string; keyId: number | null; keyProtocol?: string; subjectPublicKeyInfo?: Uint8Array };
  activeAuthentication?: { signatureAlgorithm: string };
  terminalAuthentication?: boolean;
}

export function encodeSecurityInfos(spec: SecurityInfoSpec): Uint8Array {
  const infos: asn1js.AsnType[] = [];
  if (spec.terminalAuthentication) infos.push(new asn1js.Sequence({ value: [oid(ID_TA), int(1)] }));
  if (spec.chipAuthentication) {
    const ca = spec.chipAuthentication;
    const keyId = ca.keyId === null ? [] : [int(ca.keyId)];
    infos.push(new asn1js.Sequence({ value: [oid(ca.protocol), int(1), ...keyId] }));
    if (ca.subjectPublicKeyInfo && ca.keyProtocol) {
      const spki = asn1js.fromBER(ca.subjectPublicKeyInfo.slice().buffer).result;
      infos.push(new asn1js.Sequence({ value: [oid(ca.keyProtocol), spki, ...keyId] }));
    }
  }
  if (spec.pace) infos.push(new asn1js.Sequence({ value: [oid(spec.pace.protocol), int(2), int(spec.pace.parameterId)] }));
  if (spec.activeAuthentication) infos.push(new asn1js.Sequence({ value: [oid(ID_AA), int(1), oid(spec.activeAuthentication.signatureAlgorithm)] }));
  return toDer(new asn1js.Set({ value: infos }));
}

export function encodeDg14(spec: SecurityInfoSpec): Uint8Array {
  return encodeTlv(EF.DG14.tag, encodeSecurityInfos(spec));
}
