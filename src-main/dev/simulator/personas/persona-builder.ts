// Turns a persona source into a full chip image: EF.CardAccess, EF.COM, DG1, DG2, DG13, DG14, DG15 and
// EF.SOD signed by a test Document Signer, plus the chip's private keys. Adversarial personas are made
// here by doing to the image exactly what their name says; hostile behaviour the virtual card acts out
// is named in the image's behaviour.
import * as asn1js from 'asn1js';
import { bytesToBigInt, fromHex, toHex, uintBytes, utf8 } from '../../../util/bytes';
import { toDer } from '../../../card/asn1';
import { curveByName, encodePoint, type Point } from '../../../card/crypto/curves';
import { CURVE_OID_BY_NAME } from '../../../card/crypto/public-keys';
import { checkDigit, mrzInformation, type MrzKey } from '../../../card/keys/mrz-key';
import { ID_PK_ECDH, OID_CA_ECDH_AES_128, OID_PACE_ECDH_GM_AES_128 } from '../../../card/oids';
import { defaultBehaviour, type ChipImage } from '../chip-image';
import { encodeCom, encodeDg1, encodeDg13, encodeDg14, encodeDg15, encodeSecurityInfos, td1, td3, type Dg13Value } from '../lds/encoders';
import { rsaKeyFromSeed, seedBytes } from '../pki/signing-key';
import { readTlvHeader } from '../../../card/tlv/tlv';
import type { PersonaSource } from './persona-source';

/** What the builder needs from the PKI and image tooling. */
export interface PersonaTools {
  signer(kind: PersonaSource['chip']['signer']): { sign(data: Uint8Array): Uint8Array } & object;
  buildSod(dataGroups: Map<number, Uint8Array>, signerKind: PersonaSource['chip']['signer']): Uint8Array;
  tamperSodSignature(sod: Uint8Array): Uint8Array;
  face(seed: string, kind: PersonaSource['chip']['photo']): { bytes: Uint8Array; mimeType: 'image/jpeg' | 'image/jp2'; width: number; height: number };
  buildDg2(image: Uint8Array, mimeType: 'image/jpeg' | 'image/jp2', size: { width: number; height: number }): Uint8Array;
}

export interface PersonaSummary {
  id: string;
  description: string;
  can: string | null;
  idNumber: string | null;
  dateOfBirth: string;
  mrzKey: string;
}

const CA_CURVE = 'brainpoolP256r1';
const AA_CURVE = 'brainpoolP256r1';
const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
/** prime-field (X9.62 §6.2), the field type of every curve the chips use. */
const PRIME_FIELD = '1.2.840.10045.1.1';
/** ecdsa-with-SHA256, named in DG14's ActiveAuthenticationInfo for EC active authentication. */
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** Latin letters of a Vietnamese name, as the MRZ writes it. */
export function mrzName(fullName: string): { surname: string; givenNames: string } {
  const latin = fullName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toUpperCase();
  const [surname = '', ...given] = latin.split(/\s+/);
  return { surname, givenNames: given.join(' ') };
}

function yymmdd(date: string): string {
  const match = /^(\d{2})\/(\d{2})\/\d{2}(\d{2})$/.exec(date);
  return match ? `${match[3]}${match[2]}${match[1]}` : '<<<<<<';
}

export function personaMrzKey(source: PersonaSource): MrzKey {
  return {
    documentNumber: source.document === 'cccd' ? source.idNumber.slice(3) : source.idNumber,
    dateOfBirth: yymmdd(source.dateOfBirth),
    dateOfExpiry: yymmdd(source.dateOfExpiry),
  };
}

export function summarize(source: PersonaSource): PersonaSummary {
  const key = personaMrzKey(source);
  return {
    id: source.id,
    description: source.description,
    can: source.document === 'cccd' && source.chip.pace ? source.idNumber.slice(6) : null,
    idNumber: source.document === 'cccd' ? source.idNumber : null,
    dateOfBirth: source.dateOfBirth,
    mrzKey: `${key.documentNumber}:${key.dateOfBirth}:${key.dateOfExpiry}`,
  };
}

/** ATR of an ISO 14443-4 card as PC/SC readers build it (PC/SC part 3 §3.1.3.2.3): 3B 8n 80 01 hist TCK. */
function contactlessAtr(historical: Uint8Array): Uint8Array {
  const body = [0x80 | historical.length, 0x80, 0x01, ...historical];
  return Uint8Array.from([0x3b, ...body, body.reduce((x, b) => x ^ b, 0)]);
}

function ecScalar(curveName: string, label: string): bigint {
  const n = curveByName(curveName).Point.Fn.ORDER;
  return (bytesToBigInt(seedBytes(`chip:${label}`, 64)) % (n - 1n)) + 1n;
}

/** SubjectPublicKeyInfo of an id-ecPublicKey EC key, with the curve named (DG15 AA keys) or spelled out. */
function ecSpki(curveName: string, point: Point, parameters: 'named' | 'explicit'): Uint8Array {
  return toDer(
    new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: ID_EC_PUBLIC_KEY }),
            parameters === 'named' ? new asn1js.ObjectIdentifier({ value: CURVE_OID_BY_NAME[curveName as keyof typeof CURVE_OID_BY_NAME] }) : explicitDomain(curveName),
          ],
        }),
        new asn1js.BitString({ valueHex: encodePoint(point).slice().buffer }),
      ],
    }),
  );
}

/**
 * SpecifiedECDomain (RFC 3279 §2.3.5, BSI TR-03111 §5.1.1) as real eMRTDs put it in DG14's chip
 * authentication key: version 1, the prime field, a and b, the base point, its order and the cofactor.
 */
function explicitDomain(curveName: string): asn1js.Sequence {
  const curve = curveByName(curveName);
  const { p, a, b, n, h } = curve.Point.CURVE();
  const length = curve.Point.Fp.BYTES;
  const octets = (value: bigint) => new asn1js.OctetString({ valueHex: uintBytes(value, length).slice().buffer });
  return new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: PRIME_FIELD }), asn1js.Integer.fromBigInt(p)] }),
      new asn1js.Sequence({ value: [octets(a), octets(b)] }),
      new asn1js.OctetString({ valueHex: encodePoint(curve.Point.BASE as Point).slice().buffer }),
      asn1js.Integer.fromBigInt(n),
      asn1js.Integer.fromBigInt(h),
    ],
  });
}

function dg13Entries(source: PersonaSource): Map<number, Dg13Value> {
  const entries = new Map<number, Dg13Value>();
  const put = (n: number, value: string | null) => value !== null && entries.set(n, value);
  put(1, source.idNumber);
  put(2, source.fullName);
  put(3, source.dateOfBirth);
  put(4, source.sex);
  put(5, source.nationality);
  put(6, source.ethnicity);
  put(7, source.religion);
  put(8, source.placeOfOrigin);
  put(9, source.placeOfResidence);
  put(10, source.identifyingMarks);
  put(11, source.dateOfIssue);
  put(12, source.dateOfExpiry);
  entries.set(13, { strings: [source.fatherName, source.motherName].filter((name): name is string => name !== null) });
  entries.set(14, { strings: source.spouseName ? [source.spouseName] : [] });
  put(15, source.oldIdNumber);
  put(16, toHex(seedBytes(`dg13-16:${source.id}`, 8)));
  return entries;
}

/** `keysFrom` lets a clone carry another persona's public data with its own private keys. */
export function buildChipImage(source: PersonaSource, tools: PersonaTools, keysFrom: PersonaSource = source): ChipImage {
  const dataFrom = source.clonedFrom ? keysFrom : source;
  const label = dataFrom.id;
  const mrzKey = personaMrzKey(dataFrom);
  const names = dataFrom.mrzName ?? mrzName(dataFrom.fullName);
  const sex = dataFrom.sex === 'Nam' ? 'M' : 'F';
  const mrz =
    dataFrom.document === 'cccd'
      ? td1({ documentCode: 'ID', issuingState: 'VNM', documentNumber: mrzKey.documentNumber, optionalData1: `${dataFrom.idNumber}<${checkDigit(dataFrom.idNumber)}`, dateOfBirth: mrzKey.dateOfBirth, sex, dateOfExpiry: mrzKey.dateOfExpiry, nationality: 'VNM', optionalData2: '', ...names })
      : td3({ documentCode: 'P', issuingState: dataFrom.nationalityCode, documentNumber: mrzKey.documentNumber, dateOfBirth: mrzKey.dateOfBirth, sex, dateOfExpiry: mrzKey.dateOfExpiry, nationality: dataFrom.nationalityCode, personalNumber: '', ...names });

  const groups = new Map<number, Uint8Array>();
  groups.set(1, encodeDg1(mrz));
  const face = tools.face(`face:${label}`, dataFrom.chip.photo);
  groups.set(2, tools.buildDg2(face.bytes, face.mimeType, face));
  if (dataFrom.document === 'cccd') groups.set(13, encodeDg13(dg13Entries(dataFrom)));

  // Public keys come from the persona whose data this is; private keys from this chip (a clone differs).
  const caCurve = curveByName(CA_CURVE);
  const caPublic = caCurve.Point.BASE.multiply(ecScalar(CA_CURVE, `ca:${label}`)) as Point;
  const caPrivate = ecScalar(CA_CURVE, `ca:${source.id}`);
  const aaKind = dataFrom.chip.activeAuthentication;
  const rsaAa = (id: string) => rsaKeyFromSeed(1024, `aa:${id}`, { kind: 'rsa-pkcs1', digest: 'sha256' });
  const aaPublicKeyInfo =
    aaKind === 'rsa'
      ? rsaAa(label).subjectPublicKeyInfo
      : aaKind === 'ec'
        ? ecSpki(AA_CURVE, curveByName(AA_CURVE).Point.BASE.multiply(ecScalar(AA_CURVE, `aa:${label}`)) as Point, 'named')
        : null;
  if (dataFrom.chip.chipAuthentication || aaKind === 'ec') {
    groups.set(
      14,
      encodeDg14({
        ...(dataFrom.chip.chipAuthentication ? { chipAuthentication: { protocol: OID_CA_ECDH_AES_128, keyProtocol: ID_PK_ECDH, subjectPublicKeyInfo: ecSpki(CA_CURVE, caPublic, 'explicit'), keyId: null } } : {}),
        ...(aaKind === 'ec' ? { activeAuthentication: { signatureAlgorithm: ECDSA_WITH_SHA256 } } : {}),
      }),
    );
  }
  if (aaPublicKeyInfo) groups.set(15, encodeDg15(aaPublicKeyInfo));

  if (dataFrom.adversarial === 'malformed-dg13' && groups.has(13)) {
    // The inner SEQUENCE claims a 4-byte length far past the file, signed as it is: the parser must refuse
    // it, not the signature.
    const dg13 = groups.get(13)!.slice();
    dg13[readTlvHeader(dg13)!.headerLength + 1] = 0x84;
    groups.set(13, dg13);
  }
  if (source.adversarial === 'giant-file' && groups.has(2)) {
    // DG2's header announces 2^31 bytes: a reader that believes it reads (and holds) gigabytes.
    const dg2 = groups.get(2)!;
    groups.set(2, Uint8Array.from([0x75, 0x84, 0x80, 0x00, 0x00, 0x00, ...dg2.subarray(readTlvHeader(dg2)!.headerLength)]));
  }
  let sod = dataFrom.chip.sod ? tools.buildSod(groups, dataFrom.chip.signer) : null;
  if (source.adversarial === 'clone-hidden-groups') {
    // The clone has no DG14 or DG15 private key, so it hides those groups and drops them from EF.COM,
    // which nobody signs; the copied EF.SOD still lists them.
    groups.delete(14);
    groups.delete(15);
  }
  if (source.adversarial === 'forged-sod' && sod) sod = tools.tamperSodSignature(sod);
  if (source.adversarial === 'tampered-dg13' && groups.has(13)) {
    // Changed after signing: the house number in the address, as a forger moving someone would.
    const dg13 = groups.get(13)!.slice();
    const at = indexOf(dg13, utf8(dataFrom.placeOfResidence ?? dataFrom.fullName));
    const digit = dg13.findIndex((byte, i) => i >= at && byte >= 0x30 && byte <= 0x38);
    dg13[digit] = dg13[digit]! + 1;
    groups.set(13, dg13);
  }

  const files: Record<string, string> = {};
  const put = (fid: number, bytes: Uint8Array) => (files[fid.toString(16).toUpperCase().padStart(4, '0')] = toHex(bytes));
  if (dataFrom.chip.pace) {
    // As the real card's EF.CardAccess (docs/cccd-chip.md): TA, CA and PACE-GM AES-128 on brainpoolP256r1.
    put(
      0x011c,
      encodeSecurityInfos({
        terminalAuthentication: true,
        ...(dataFrom.chip.chipAuthentication ? { chipAuthentication: { protocol: OID_CA_ECDH_AES_128, keyId: null } } : {}),
        pace: { protocol: OID_PACE_ECDH_GM_AES_128, parameterId: 13 },
      }),
    );
  }
  put(0x011e, encodeCom([...groups.keys()].sort((a, b) => a - b)));
  if (sod) put(0x011d, sod);
  for (const [dg, bytes] of groups) put(0x0100 + dg, bytes);

  return {
    id: source.id,
    atr: toHex(contactlessAtr(fromHex(dataFrom.document === 'cccd' ? '564E2D43434344' : '455041535350'))),
    can: dataFrom.document === 'cccd' && dataFrom.chip.pace ? dataFrom.idNumber.slice(6) : null,
    mrzInformation: mrzInformation(mrzKey),
    files,
    activeAuthentication:
      aaKind === 'rsa'
        ? { type: 'rsa', pkcs8: toHex(rsaAa(source.id).pkcs8), hash: 'sha256' }
        : aaKind === 'ec'
          ? { type: 'ec', curve: AA_CURVE, privateKey: toHex(uintBytes(ecScalar(AA_CURVE, `aa:${source.id}`), 32)), hash: 'sha256' }
          : null,
    chipAuthentication: dataFrom.chip.chipAuthentication ? { protocol: OID_CA_ECDH_AES_128, curve: CA_CURVE, privateKey: toHex(uintBytes(caPrivate, 32)), keyId: null } : null,
    behaviour: {
      ...defaultBehaviour,
      extendedLength: dataFrom.chip.extendedLength,
      sendsDo99: dataFrom.chip.sendsDo99,
      maxReadLength: dataFrom.chip.extendedLength ? 0xff00 : 256,
      bitRate: source.link?.bitRate ?? 424,
      ...(source.adversarial === 'clone-after-ca' ? { hostile: 'plain-after-ca' as const } : {}),
      ...(source.adversarial === 'endless-6c' ? { hostile: 'endless-6c' as const } : {}),
      ...(source.adversarial === 'slow-chip' ? { apduDelayMs: 10_000 } : {}),
      ...(dataFrom.chip.quirks.length > 0 ? { quirks: dataFrom.chip.quirks } : {}),
    },
  };
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return 0;
}
