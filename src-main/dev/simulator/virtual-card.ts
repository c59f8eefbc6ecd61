// The card side of ICAO 9303 for a simulated CCCD: SELECT, READ BINARY (short, extended, SFI, odd INS),
// BAC, PACE-GM, Chip Authentication, Active Authentication and secure messaging, answering with the status
// words real chips use. Wrong keys and broken commands are answered, never thrown: a simulator that
// throws would hide exactly the failures the reader must survive.
import { createPrivateKey, privateEncrypt, constants } from 'node:crypto';
import { concat, equalBytes, fromHex } from '../../util/bytes';
import { decodeCommand, encodeResponse, isExtended, type CommandApdu, type ResponseApdu } from '../../card/apdu/apdu';
import { isSuccess, SW } from '../../card/apdu/status';
import { iso9796Representative, m1Length } from '../../card/aa/iso9796';
import { bacKeys, bacSession, openBac, sealBac } from '../../card/bac/bac';
import { curveByName, decodePoint, encodePoint, scalarFrom, xCoordinate, type Curve, type Point } from '../../card/crypto/curves';
import { sha, type CipherAlgorithm } from '../../card/crypto/kdf';
import type { RandomSource } from '../../card/crypto/random';
import { CardError } from '../../card/errors';
import { parseSecurityInfos } from '../../card/lds/security-infos';
import { authenticationToken, dynamicAuthenticationData, mapGenerator, nonceCipher, oidContent, paceSuite, passwordKey, sessionKeys, type PacePassword, type PaceSuite } from '../../card/pace/pace';
import { SecureMessaging } from '../../card/sm/secure-messaging';
import { encodeTlv, findTlv, parseTlvs, readTlv } from '../../card/tlv/tlv';
import type { ChipImage } from './chip-image';

import { MRTD_AID } from '../../card/read/aid';
const CARD_ACCESS = 0x011c;
const MF = 0x3f00;
/** Files that need Terminal Authentication (EAC), which a clinic never has. */
const EAC_PROTECTED = new Set([0x0103, 0x0104]);

type PaceState =
  | { step: 'nonce'; suite: PaceSuite; password: PacePassword }
  | { step: 'map'; suite: PaceSuite; nonce: Uint8Array }
  | { step: 'key'; suite: PaceSuite; generator: Point }
  | { step: 'token'; suite: PaceSuite; keys: ReturnType<typeof sessionKeys>; chipPublic: Point; terminalPublic: Point };

/** Events the link model and the record/replay tooling listen to. */
export type ChipOperation = 'pace' | 'bac' | 'ca' | 'aa';

export class VirtualCard {
  private appletSelected = false;
  private selected: number | null = null;
  private sm: SecureMessaging | null = null;
  private authenticated = false;
  private challenge: Uint8Array | null = null;
  private pace: PaceState | null = null;
  private caProtocol: string | null = null;
  /** A 'plain-after-ca' clone after Chip Authentication: it cannot MAC anything any more. */
  private pastCa = false;
  private readonly files = new Map<number, Uint8Array>();
  onOperation: ((operation: ChipOperation) => void) | null = null;

  constructor(
    readonly image: ChipImage,
    private readonly random: RandomSource,
  ) {
    for (const [fid, hex] of Object.entries(image.files)) this.files.set(parseInt(fid, 16), fromHex(hex));
  }

  get atr(): Uint8Array {
    return fromHex(this.image.atr);
  }

  /** Power cycle: all session state is lost. */
  reset(): void {
    this.appletSelected = false;
    this.selected = null;
    this.pastCa = false;
    this.endSession();
  }

  transmit(apdu: Uint8Array): Uint8Array {
    let command: CommandApdu;
    try {
      command = decodeCommand(apdu);
    } catch {
      return encodeResponse({ data: new Uint8Array(0), sw: SW.WRONG_LENGTH });
    }
    if (isExtended(command) && !this.image.behaviour.extendedLength) return encodeResponse(plain(SW.WRONG_LENGTH));
    if (this.pastCa) return encodeResponse(plain(SW.FILE_NOT_FOUND));

    // Under SM, the answer is protected with the keys the command came under: CA answers under the old
    // keys, and BAC/PACE, which open a session, answer in the clear.
    let protectWith = this.sm;
    if (protectWith) {
      if ((command.cla & 0x0c) !== 0x0c) {
        // A plain command ends the secure channel (ICAO 9303-11 §9.8.2); SELECT by AID starts afresh.
        this.endSession();
        protectWith = null;
        if (command.ins !== 0xa4) return encodeResponse(plain(SW.SM_OBJECTS_MISSING));
      } else {
        try {
          command = protectWith.unprotectCommand(command);
        } catch {
          this.endSession();
          return encodeResponse(plain(SW.SM_OBJECTS_INCORRECT));
        }
      }
    }
    const response = this.handle(command);
    if (this.quirk('reselect-after-error') && !isSuccess(response.sw)) {
      this.appletSelected = false;
      this.selected = null;
    }
    if (!protectWith) return encodeResponse(response);
    // Counted either way; some chips then send errors, or data past the end of a file, in the clear.
    const protectedResponse = protectWith.protectResponse(response, command.ins, this.image.behaviour.sendsDo99);
    const inClear =
      (this.quirk('plain-errors') && !isSuccess(response.sw)) || (this.quirk('unauthenticated-eof') && response.sw === SW.END_OF_FILE && response.data.length > 0);
    return encodeResponse(inClear ? response : protectedResponse);
  }

  private quirk(name: NonNullable<ChipImage['behaviour']['quirks']>[number]): boolean {
    return this.image.behaviour.quirks?.includes(name) ?? false;
  }

  private endSession(): void {
    this.sm = null;
    this.authenticated = false;
    this.pace = null;
    this.challenge = null;
    this.caProtocol = null;
  }

  private handle(command: CommandApdu): ResponseApdu {
    switch (command.ins) {
      case 0xa4:
        return this.select(command);
      case 0xb0:
      case 0xb1:
        return this.readBinary(command);
      case 0x84:
        return this.getChallenge(command);
      case 0x82:
        return this.mutualAuthenticate(command);
      case 0x22:
        return this.manageSecurityEnvironment(command);
      case 0x86:
        return this.generalAuthenticate(command);
      case 0x88:
        return this.internalAuthenticate(command);
      default:
        return plain(SW.INS_NOT_SUPPORTED);
    }
  }

  private select(command: CommandApdu): ResponseApdu {
    const data = command.data ?? new Uint8Array(0);
    if (command.p1 === 0x04) {
      if (!equalBytes(data, MRTD_AID)) return plain(SW.FILE_NOT_FOUND);
      // After PACE the terminal selects the applet under secure messaging; the session goes on.
      if (!this.sm) this.endSession();
      this.appletSelected = true;
      this.selected = null;
      return plain(SW.OK);
    }
    const fid = data.length === 2 ? (data[0]! << 8) | data[1]! : -1;
    // The real CCCD refuses SELECT MF with 6D00 (docs/cccd-chip.md "Applet and files").
    if (fid === MF || command.p1 === 0x00) return plain(SW.INS_NOT_SUPPORTED);
    if (command.p1 !== 0x02 || fid < 0) return plain(SW.WRONG_P1P2);
    return this.selectFile(fid);
  }

  private selectFile(fid: number): ResponseApdu {
    if (fid === CARD_ACCESS) {
      if (!this.files.has(fid)) return plain(SW.FILE_NOT_FOUND);
      this.selected = fid;
      return plain(SW.OK);
    }
    if (!this.appletSelected) return plain(SW.FILE_NOT_FOUND);
    if (EAC_PROTECTED.has(fid)) return plain(SW.SECURITY_NOT_SATISFIED);
    if (!this.authenticated) return plain(SW.SECURITY_NOT_SATISFIED);
    if (!this.files.has(fid)) return plain(SW.FILE_NOT_FOUND);
    this.selected = fid;
    return plain(SW.OK);
  }

  private readBinary(command: CommandApdu): ResponseApdu {
    // Never the length asked for: 6Cxx with one less each time.
    if (this.image.behaviour.hostile === 'endless-6c') return plain(0x6c00 | (((command.ne ?? 256) - 1 || 1) & 0xff));
    let offset: number;
    if (command.ins === 0xb1) {
      // Odd INS: offset in DO'54' (ISO 7816-4 §11.2.3), answer in DO'53'.
      const offsetObject = command.data ? findTlv(safeTlvs(command.data), 0x54) : undefined;
      if (!offsetObject) return plain(SW.WRONG_DATA);
      offset = offsetObject.value.reduce((value, byte) => value * 256 + byte, 0);
      if (command.p1 !== 0 || command.p2 !== 0) {
        const status = this.selectFile((command.p1 << 8) | command.p2);
        if (status.sw !== SW.OK) return status;
      }
    } else if (command.p1 & 0x80) {
      if (this.quirk('no-sfi') && (command.p1 & 0x1f) !== (CARD_ACCESS & 0x1f)) return plain(SW.WRONG_P1P2);
      const status = this.selectFile(0x0100 | (command.p1 & 0x1f));
      if (status.sw !== SW.OK) return status;
      offset = command.p2;
    } else {
      offset = ((command.p1 & 0x7f) << 8) | command.p2;
    }
    if (this.selected === null) return plain(SW.CONDITIONS_NOT_SATISFIED);
    const file = this.files.get(this.selected)!;
    if (offset > file.length) return plain(SW.WRONG_P1P2);
    const wanted = Math.min(command.ne ?? 256, this.image.behaviour.maxReadLength);
    const chunk = file.subarray(offset, offset + wanted);
    const sw = chunk.length < (command.ne ?? 256) ? SW.END_OF_FILE : SW.OK;
    return { data: command.ins === 0xb1 ? encodeTlv(0x53, chunk) : chunk.slice(), sw };
  }

  private getChallenge(command: CommandApdu): ResponseApdu {
    if (command.ne !== 8) return plain(SW.WRONG_LENGTH);
    if (!this.appletSelected) return plain(SW.CONDITIONS_NOT_SATISFIED);
    this.challenge = this.random.bytes(8);
    return { data: this.challenge, sw: SW.OK };
  }

  private mutualAuthenticate(command: CommandApdu): ResponseApdu {
    const rndIc = this.challenge;
    this.challenge = null;
    if (!rndIc || !command.data || command.data.length !== 40) return plain(SW.CONDITIONS_NOT_SATISFIED);
    this.onOperation?.('bac');
    const keys = bacKeys(this.image.mrzInformation);
    let plainText: Uint8Array;
    try {
      plainText = openBac(keys, command.data);
    } catch {
      return plain(SW.VERIFICATION_FAILED);
    }
    if (!equalBytes(plainText.subarray(8, 16), rndIc)) return plain(SW.VERIFICATION_FAILED);
    const rndIfd = plainText.subarray(0, 8);
    const kIc = this.random.bytes(16);
    const answer = sealBac(keys, concat(rndIc, rndIfd, kIc));
    const session = bacSession(plainText.subarray(16, 32), kIc, rndIc, rndIfd);
    this.sm = new SecureMessaging(session.keys, session.ssc);
    this.authenticated = true;
    return { data: answer, sw: SW.OK };
  }

  private manageSecurityEnvironment(command: CommandApdu): ResponseApdu {
    const objects = command.data ? safeTlvs(command.data) : [];
    const protocolObject = findTlv(objects, 0x80);
    if (!protocolObject) return plain(SW.WRONG_DATA);
    const protocol = decodeOid(protocolObject.value);
    if (command.p1 === 0xc1 && command.p2 === 0xa4) {
      const cardAccess = this.files.get(CARD_ACCESS);
      if (!cardAccess) return plain(SW.INS_NOT_SUPPORTED);
      const info = parseSecurityInfos(cardAccess).pace.find((candidate) => candidate.protocol === protocol);
      const reference = findTlv(objects, 0x83)?.value[0];
      if (!info || (reference !== 0x01 && reference !== 0x02)) return plain(SW.WRONG_DATA);
      if (reference === 0x02 && !this.image.can) return plain(SW.WRONG_DATA);
      const password: PacePassword = reference === 0x02 ? { kind: 'can', can: this.image.can! } : { kind: 'mrz', mrzInformation: this.image.mrzInformation };
      this.endSession();
      this.pace = { step: 'nonce', suite: paceSuite(info), password };
      return plain(SW.OK);
    }
    if (command.p1 === 0x41 && command.p2 === 0xa4) {
      if (!this.authenticated || !this.image.chipAuthentication || this.image.chipAuthentication.protocol !== protocol) return plain(SW.WRONG_DATA);
      this.caProtocol = protocol;
      return plain(SW.OK);
    }
    return plain(SW.WRONG_P1P2);
  }

  private generalAuthenticate(command: CommandApdu): ResponseApdu {
    let inner;
    try {
      const outer = readTlv(command.data ?? new Uint8Array(0));
      if (outer.tag !== 0x7c) return plain(SW.WRONG_DATA);
      inner = parseTlvs(outer.value);
    } catch {
      return plain(SW.WRONG_DATA);
    }
    if (this.caProtocol) return this.chipAuthenticate(inner);
    const state = this.pace;
    if (!state) return plain(SW.CONDITIONS_NOT_SATISFIED);
    const { suite } = state;
    const curve = suite.curve;
    try {
      switch (state.step) {
        case 'nonce': {
          this.onOperation?.('pace');
          const nonce = this.random.bytes(suite.cipher === '3DES' ? 8 : 16);
          this.pace = { step: 'map', suite, nonce };
          return ok(dynamicAuthenticationData(encodeTlv(0x80, nonceCipher(suite.cipher, passwordKey(state.password, suite.cipher), nonce, true))));
        }
        case 'map': {
          const terminalMapping = decodePoint(curve, required(inner, 0x81));
          const mappingKey = scalarFrom(curve, this.random.bytes(curve.Point.Fn.BYTES + 8));
          this.pace = { step: 'key', suite, generator: mapGenerator(curve, state.nonce, terminalMapping.multiply(mappingKey)) };
          return ok(dynamicAuthenticationData(encodeTlv(0x82, encodePoint(curve.Point.BASE.multiply(mappingKey) as Point))));
        }
        case 'key': {
          const terminalPublic = decodePoint(curve, required(inner, 0x83));
          const key = scalarFrom(curve, this.random.bytes(curve.Point.Fn.BYTES + 8));
          const chipPublic = state.generator.multiply(key);
          const keys = sessionKeys(suite.cipher, xCoordinate(curve, terminalPublic.multiply(key)));
          this.pace = { step: 'token', suite, keys, chipPublic, terminalPublic };
          return ok(dynamicAuthenticationData(encodeTlv(0x84, encodePoint(chipPublic))));
        }
        case 'token': {
          this.pace = null;
          if (!equalBytes(required(inner, 0x85), authenticationToken(state.keys, suite.protocol, state.chipPublic))) {
            return plain(SW.VERIFICATION_FAILED);
          }
          this.sm = new SecureMessaging(state.keys, 0n);
          this.authenticated = true;
          return ok(dynamicAuthenticationData(encodeTlv(0x86, authenticationToken(state.keys, suite.protocol, state.terminalPublic))));
        }
      }
    } catch {
      this.pace = null;
      return plain(SW.WRONG_DATA);
    }
  }

  /** Chip Authentication (ICAO 9303-11 §6.2): ECDH with the DG14 key, then SM restarts with new keys. */
  private chipAuthenticate(inner: ReturnType<typeof parseTlvs>): ResponseApdu {
    const ca = this.image.chipAuthentication!;
    const protocol = this.caProtocol!;
    this.caProtocol = null;
    this.onOperation?.('ca');
    const curve: Curve = curveByName(ca.curve);
    try {
      const terminalPublic = decodePoint(curve, required(inner, 0x80));
      const shared = xCoordinate(curve, terminalPublic.multiply(BigInt(`0x${ca.privateKey}`)));
      this.sm = new SecureMessaging(sessionKeys(caCipher(protocol), shared), 0n);
      this.pastCa = this.image.behaviour.hostile === 'plain-after-ca';
      return ok(dynamicAuthenticationData());
    } catch {
      return plain(SW.WRONG_DATA);
    }
  }

  private internalAuthenticate(command: CommandApdu): ResponseApdu {
    const aa = this.image.activeAuthentication;
    if (!aa) return plain(SW.INS_NOT_SUPPORTED);
    if (!this.authenticated || !command.data || command.data.length !== 8) return plain(SW.CONDITIONS_NOT_SATISFIED);
    this.onOperation?.('aa');
    if (aa.type === 'rsa') {
      const key = createPrivateKey({ key: Buffer.from(fromHex(aa.pkcs8)), format: 'der', type: 'pkcs8' });
      const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 1024) / 8);
      const m1 = this.random.bytes(m1Length(modulusBytes, aa.hash));
      const representative = iso9796Representative(modulusBytes, m1, command.data, aa.hash);
      return ok(new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, representative)));
    }
    const curve = curveByName(aa.curve);
    const digest = sha(aa.hash, command.data);
    const signature = curve.sign(digest, fromHex(aa.privateKey), { prehash: false, format: 'compact' } as never);
    return ok(signature);
  }
}

function plain(sw: number): ResponseApdu {
  return { data: new Uint8Array(0), sw };
}

function ok(data: Uint8Array): ResponseApdu {
  return { data, sw: SW.OK };
}

function required(objects: ReturnType<typeof parseTlvs>, tag: number): Uint8Array {
  const found = findTlv(objects, tag);
  if (!found) throw new CardError('malformed-data', `missing tag ${tag.toString(16)}`);
  return found.value;
}

function safeTlvs(data: Uint8Array) {
  try {
    return parseTlvs(data);
  } catch {
    return [];
  }
}

function decodeOid(content: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  if (arcs.length === 0) return '';
  const first = arcs[0]! < 80 ? Math.floor(arcs[0]! / 40) : 2;
  const decoded = [first, arcs[0]! - first * 40, ...arcs.slice(1)].join('.');
  return equalBytes(oidContent(decoded), content) ? decoded : '';
}

function caCipher(protocol: string): CipherAlgorithm {
  const arc = protocol.split('.').pop();
  return arc === '1' ? '3DES' : arc === '3' ? 'AES-192' : arc === '4' ? 'AES-256' : 'AES-128';
}

