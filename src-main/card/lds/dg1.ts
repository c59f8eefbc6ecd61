// DG1: the MRZ (ICAO 9303-10 §4.7.1) in TD1 (ID cards, 3×30), TD2 (2×36) or TD3 (passports, 2×44).
// Sliced by the fixed positions of ICAO 9303-4/-5/-6 rather than with the `mrz` package, which nulls any
// field it finds invalid: a reader must show what the chip holds and flag, not hide, a bad check digit.
import { malformed } from '../errors';
import { checkDigit } from '../keys/mrz-key';
import { readTlv } from '../tlv/tlv';
import { EF, unwrapFile } from './lds-file';

export interface Mrz {
  format: 'TD1' | 'TD2' | 'TD3';
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
  sex: string;
  nationality: string;
  surname: string;
  givenNames: string;
  optionalData: string;
  /** Whether every check digit matches. */
  checkDigitsValid: boolean;
  lines: string[];
}

const clean = (field: string) => field.replace(/<+$/g, '').replace(/</g, ' ').trim();

function names(field: string): { surname: string; givenNames: string } {
  const split = field.indexOf('<<');
  if (split < 0) return { surname: clean(field), givenNames: '' };
  return { surname: clean(field.slice(0, split)), givenNames: clean(field.slice(split + 2)) };
}

export function parseMrzText(text: string): Mrz {
  const mrz = text.replace(/[\r\n]/g, '');
  if (!/^[A-Z0-9<]+$/.test(mrz)) throw malformed('MRZ has characters outside A-Z 0-9 <');
  if (mrz.length === 90) {
    const [l1, l2, l3] = [mrz.slice(0, 30), mrz.slice(30, 60), mrz.slice(60, 90)];
    // A document number over 9 characters continues in the optional data, ended by `<` (9303-5 §4.2.4).
    let documentNumber = l1.slice(5, 14);
    let numberCheck = l1[14]!;
    let optional = l1.slice(15, 30);
    if (numberCheck === '<') {
      const rest = /^([0-9A-Z]*?)(\d)</.exec(optional);
      if (rest) {
        documentNumber += rest[1];
        numberCheck = rest[2]!;
        optional = optional.slice(rest[0].length);
      }
    }
    const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
    const valid =
      checkDigit(documentNumber.padEnd(9, '<')) === numberCheck &&
      checkDigit(l2.slice(0, 6)) === l2[6] &&
      checkDigit(l2.slice(8, 14)) === l2[14] &&
      checkDigit(composite) === l2[29];
    return {
      format: 'TD1',
      documentCode: clean(l1.slice(0, 2)),
      issuingState: clean(l1.slice(2, 5)),
      documentNumber: clean(documentNumber),
      dateOfBirth: l2.slice(0, 6),
      sex: l2[7]!.replace('<', 'X'),
      dateOfExpiry: l2.slice(8, 14),
      nationality: clean(l2.slice(15, 18)),
      optionalData: [clean(optional), clean(l2.slice(18, 29))].filter(Boolean).join(' '),
      ...names(l3),
      checkDigitsValid: valid,
      lines: [l1, l2, l3],
    };
  }
  if (mrz.length === 88 || mrz.length === 72) {
    const width = mrz.length / 2;
    const [l1, l2] = [mrz.slice(0, width), mrz.slice(width)];
    const optionalEnd = width === 44 ? 42 : 35;
    const composite = width === 44 ? l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43) : l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 35);
    const valid =
      checkDigit(l2.slice(0, 9)) === l2[9] &&
      checkDigit(l2.slice(13, 19)) === l2[19] &&
      checkDigit(l2.slice(21, 27)) === l2[27] &&
      checkDigit(composite) === l2[width - 1];
    return {
      format: width === 44 ? 'TD3' : 'TD2',
      documentCode: clean(l1.slice(0, 2)),
      issuingState: clean(l1.slice(2, 5)),
      documentNumber: clean(l2.slice(0, 9)),
      nationality: clean(l2.slice(10, 13)),
      dateOfBirth: l2.slice(13, 19),
      sex: l2[20]!.replace('<', 'X'),
      dateOfExpiry: l2.slice(21, 27),
      optionalData: clean(l2.slice(28, optionalEnd)),
      ...names(l1.slice(5)),
      checkDigitsValid: valid,
      lines: [l1, l2],
    };
  }
  throw malformed(`MRZ of ${mrz.length} characters`);
}

export function parseDg1(bytes: Uint8Array): Mrz {
  const inner = readTlv(unwrapFile(bytes, EF.DG1).value);
  if (inner.tag !== 0x5f1f) throw malformed('DG1 without MRZ (5F1F)');
  return parseMrzText(String.fromCharCode(...inner.value));
}
