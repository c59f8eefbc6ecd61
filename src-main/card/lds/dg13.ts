// DG13 of the Vietnamese CCCD (docs/cccd-chip.md "DG13"): personal data as numbered entries, each a SEQUENCE
// { INTEGER n, value }. Entries are keyed by their number, never by position; missing and unknown
// entries are accepted, either string type is read, and text is decoded as UTF-8 explicitly. Parents
// and spouse come in nested SEQUENCEs whose shape sources disagree on, so every string is collected.
import type { Holder } from '../../contract';
import { malformed } from '../errors';
import { parseTlvs, type Tlv } from '../tlv/tlv';
import { EF, unwrapFile } from './lds-file';

const STRING_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1a, 0x1e]);
const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const utf8 = new TextDecoder('utf-8', { fatal: false });

function text(tlv: Tlv): string {
  if (tlv.tag === 0x1e) {
    let out = '';
    for (let i = 0; i + 1 < tlv.value.length; i += 2) out += String.fromCharCode((tlv.value[i]! << 8) | tlv.value[i + 1]!);
    return out.trim();
  }
  return utf8.decode(tlv.value).trim();
}

function strings(tlv: Tlv, out: string[] = []): string[] {
  if (STRING_TAGS.has(tlv.tag)) {
    const value = text(tlv);
    if (value) out.push(value);
  } else if (tlv.tag === SEQUENCE || tlv.tag === SET) {
    for (const child of parseTlvs(tlv.value)) strings(child, out);
  }
  return out;
}

function smallInteger(tlv: Tlv): number | null {
  if (tlv.tag !== INTEGER || tlv.length === 0 || tlv.length > 2) return null;
  return tlv.value.reduce((value, byte) => value * 256 + byte, 0);
}

/** Finds every SEQUENCE { INTEGER n (1..99), value… } at any depth; the first one for each n wins. */
function collectEntries(objects: Tlv[], entries: Map<number, Tlv[]>, depth: number): void {
  if (depth > 6) return;
  for (const tlv of objects) {
    if (tlv.tag !== SEQUENCE && tlv.tag !== SET) continue;
    const children = parseTlvs(tlv.value);
    const number = children[0] ? smallInteger(children[0]) : null;
    const values = children.slice(1);
    const isEntry =
      tlv.tag === SEQUENCE && number !== null && number >= 1 && number < 100 && values.length > 0 && values.every((v) => v.tag !== 0x06);
    if (isEntry) {
      if (!entries.has(number)) entries.set(number, values);
    } else {
      collectEntries(children, entries, depth + 1);
    }
  }
}

export function parseDg13(bytes: Uint8Array): Holder {
  const entries = new Map<number, Tlv[]>();
  try {
    collectEntries(parseTlvs(unwrapFile(bytes, EF.DG13).value), entries, 0);
  } catch (error) {
    throw malformed(`DG13: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  if (entries.size === 0) throw malformed('DG13 has no entries');
  const all = (n: number) => (entries.get(n) ?? []).flatMap((value) => strings(value));
  const one = (n: number) => all(n)[0] ?? null;
  const parents = all(13);
  return {
    idNumber: one(1),
    fullName: one(2),
    dateOfBirth: one(3),
    sex: one(4),
    nationality: one(5),
    ethnicity: one(6),
    religion: one(7),
    placeOfOrigin: one(8),
    placeOfResidence: one(9),
    identifyingMarks: one(10),
    dateOfIssue: one(11),
    dateOfExpiry: one(12),
    fatherName: parents[0] ?? null,
    motherName: parents[1] ?? null,
    spouseName: all(14)[0] ?? null,
    oldIdNumber: one(15),
  };
}
