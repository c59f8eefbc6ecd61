// Secure messaging of ICAO 9303-11 §9.8, both directions: the terminal protects commands and checks
// responses; the simulated card does the reverse with the same code and the same send-sequence counter.
// Tolerant where real cards differ only in form: a response without DO'99' whose MAC verifies is accepted.
// Strict where it matters: once the session is open, only a response whose MAC verifies counts. A status
// or data in the clear is a failure of the session, never an answer (a clone can send any status in the
// clear, but cannot MAC one without the session keys).
import { concat, equalBytes, uintBytes } from '../../util/bytes';
import type { CommandApdu, ResponseApdu } from '../apdu/apdu';
import { CardError, malformed } from '../errors';
import { aesCbc, aesCmac8, aesEcbBlock, des3Cbc, retailMac } from '../crypto/cipher';
import { pad, unpad } from '../crypto/padding';
import { SW, swHex } from '../apdu/status';
import { encodeTlv, parseTlvs, type Tlv } from '../tlv/tlv';

export type SmAlgorithm = '3DES' | 'AES';

export interface SessionKeys {
  algorithm: SmAlgorithm;
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

/**
 * How a protected exchange failed. 'session-ended': the chip said so in the clear (6987/6988, ICAO 9303-11
 * §9.8.5); 'unprotected-status': another status in the clear, after which the chip's counter is unknown;
 * 'unauthenticated-data': data without a MAC that verifies the form; 'mac-mismatch': a MAC that does not
 * verify. Each ends the session.
 */
export type SmFailure = 'session-ended' | 'unprotected-status' | 'unauthenticated-data' | 'mac-mismatch';

export class SecureMessagingError extends CardError {
  constructor(
    readonly failure: SmFailure,
    detail: string,
    sw?: number,
  ) {
    super('secure-messaging', detail, sw);
  }
}

const smError = (failure: SmFailure, detail: string, sw?: number) => new SecureMessagingError(failure, detail, sw);

export class SecureMessaging {
  readonly blockSize: number;
  private ssc: bigint;
  /** Responses whose MAC verified under these keys: the only proof that the chip holds them. */
  verifiedResponses = 0;

  constructor(
    private readonly keys: SessionKeys,
    ssc: Uint8Array | bigint = 0n,
  ) {
    this.blockSize = keys.algorithm === 'AES' ? 16 : 8;
    this.ssc = typeof ssc === 'bigint' ? ssc : BigInt(`0x${Buffer.from(ssc).toString('hex') || '0'}`);
  }

  get algorithm(): SmAlgorithm {
    return this.keys.algorithm;
  }

  /** The counter as it goes into MACs: 8 bytes for 3DES, 16 for AES. */
  sscBytes(): Uint8Array {
    return uintBytes(this.ssc, this.blockSize);
  }

  // --- terminal side ---------------------------------------------------------------------------

  protect(command: CommandApdu): CommandApdu {
    this.increment();
    const header = pad(Uint8Array.of(command.cla | 0x0c, command.ins, command.p1, command.p2), this.blockSize);
    const dataObject = command.data && command.data.length > 0 ? this.encryptedObject(command.ins, command.data) : new Uint8Array(0);
    const extended = (command.ne ?? 0) > 256 || (command.data?.length ?? 0) > 223;
    const leObject =
      command.ne === undefined ? new Uint8Array(0) : encodeTlv(0x97, leBytes(command.ne, extended));
    const mac = this.mac(concat(header, dataObject, leObject));
    return {
      cla: command.cla | 0x0c,
      ins: command.ins,
      p1: command.p1,
      p2: command.p2,
      data: concat(dataObject, leObject, encodeTlv(0x8e, mac)),
      // Le covers the protected response: its data, DO'99' and DO'8E' (§9.8.4).
      ne: extended ? 65536 : 256,
    };
  }

  /** Throws SecureMessagingError unless the response's MAC verifies under this session's keys. */
  unprotect(response: ResponseApdu): ResponseApdu {
    if (response.data.length === 0) {
      const ended = response.sw === SW.SM_OBJECTS_MISSING || response.sw === SW.SM_OBJECTS_INCORRECT;
      throw smError(ended ? 'session-ended' : 'unprotected-status', `${swHex(response.sw)} in the clear`, response.sw);
    }
    let objects: Tlv[];
    try {
      objects = parseProtected(response.data);
    } catch {
      throw smError('unauthenticated-data', 'response data are not secure-messaging objects', response.sw);
    }
    const macObject = objects.find((tlv) => tlv.tag === 0x8e);
    if (!macObject) throw smError('unauthenticated-data', 'response without DO 8E', response.sw);
    this.increment();
    const covered = objects.filter((tlv) => tlv.tag !== 0x8e);
    const macInput = concat(...covered.map((tlv) => response.data.subarray(tlv.end - tlv.headerLength - tlv.length, tlv.end)));
    if (!equalBytes(this.mac(macInput), macObject.value)) throw smError('mac-mismatch', 'response MAC does not verify', response.sw);
    this.verifiedResponses += 1;
    const statusObject = covered.find((tlv) => tlv.tag === 0x99);
    if (statusObject && statusObject.length !== 2) throw malformed('DO 99 is not 2 bytes');
    const sw = statusObject ? (statusObject.value[0]! << 8) | statusObject.value[1]! : response.sw;
    const encrypted = covered.find((tlv) => tlv.tag === 0x87 || tlv.tag === 0x85);
    return { data: encrypted ? this.decryptObject(encrypted) : new Uint8Array(0), sw };
  }

  // --- card side -------------------------------------------------------------------------------

  /** Checks and opens a protected command; throws CardError('secure-messaging') when it is not right. */
  unprotectCommand(command: CommandApdu): CommandApdu {
    this.increment();
    if ((command.cla & 0x0c) !== 0x0c) throw smError('unprotected-status', 'command not protected');
    const objects = parseProtected(command.data ?? new Uint8Array(0));
    const macObject = objects.find((tlv) => tlv.tag === 0x8e);
    if (!macObject) throw smError('unauthenticated-data', 'command without DO 8E');
    const data = command.data!;
    const covered = objects.filter((tlv) => tlv.tag !== 0x8e);
    const header = pad(Uint8Array.of(command.cla, command.ins, command.p1, command.p2), this.blockSize);
    const macInput = concat(header, ...covered.map((tlv) => data.subarray(tlv.end - tlv.headerLength - tlv.length, tlv.end)));
    if (!equalBytes(this.mac(macInput), macObject.value)) throw smError('mac-mismatch', 'command MAC does not verify');
    const encrypted = covered.find((tlv) => tlv.tag === 0x87 || tlv.tag === 0x85);
    const leObject = covered.find((tlv) => tlv.tag === 0x97);
    const plain: CommandApdu = { cla: command.cla & ~0x0c, ins: command.ins, p1: command.p1, p2: command.p2 };
    if (encrypted) plain.data = this.decryptObject(encrypted);
    if (leObject) {
      const le = leObject.value.reduce((value, byte) => value * 256 + byte, 0);
      plain.ne = le === 0 ? (leObject.length === 1 ? 256 : 65536) : le;
    }
    return plain;
  }

  /** `includeStatus: false` imitates cards that leave DO'99' out and MAC only the data object. */
  protectResponse(response: ResponseApdu, ins: number, includeStatus = true): ResponseApdu {
    this.increment();
    const dataObject = response.data.length > 0 ? this.encryptedObject(ins, response.data) : new Uint8Array(0);
    const statusObject = includeStatus ? encodeTlv(0x99, uintBytes(response.sw, 2)) : new Uint8Array(0);
    const mac = this.mac(concat(dataObject, statusObject));
    return { data: concat(dataObject, statusObject, encodeTlv(0x8e, mac)), sw: response.sw };
  }

  // --- shared ----------------------------------------------------------------------------------

  private increment(): void {
    this.ssc = (this.ssc + 1n) & ((1n << BigInt(this.blockSize * 8)) - 1n);
  }

  private mac(data: Uint8Array): Uint8Array {
    const input = pad(concat(this.sscBytes(), data), this.blockSize);
    return this.keys.algorithm === 'AES' ? aesCmac8(this.keys.kMac, input) : retailMac(this.keys.kMac, input);
  }

  private cipher(data: Uint8Array, encrypt: boolean): Uint8Array {
    if (this.keys.algorithm === '3DES') return des3Cbc(this.keys.kEnc, data, encrypt);
    // AES: IV = E(KSenc, SSC) (§9.8.6.1).
    return aesCbc(this.keys.kEnc, data, encrypt, aesEcbBlock(this.keys.kEnc, this.sscBytes()));
  }

  /** DO'87' (padding indicator 01 + cryptogram) or, for odd INS whose data is BER-TLV, DO'85'. */
  private encryptedObject(ins: number, data: Uint8Array): Uint8Array {
    const cryptogram = this.cipher(pad(data, this.blockSize), true);
    return ins & 1 ? encodeTlv(0x85, cryptogram) : encodeTlv(0x87, Uint8Array.of(0x01), cryptogram);
  }

  private decryptObject(object: Tlv): Uint8Array {
    const cryptogram = object.tag === 0x87 ? object.value.subarray(1) : object.value;
    if (object.tag === 0x87 && object.value[0] !== 0x01) throw malformed('DO 87 padding indicator');
    if (cryptogram.length === 0 || cryptogram.length % this.blockSize !== 0) throw malformed('cryptogram length');
    return unpad(this.cipher(cryptogram, false));
  }
}

function leBytes(ne: number, extended: boolean): Uint8Array {
  if (!extended) return Uint8Array.of(ne === 256 ? 0 : ne);
  return uintBytes(ne === 65536 ? 0 : ne, 2);
}

function parseProtected(data: Uint8Array): Tlv[] {
  const objects = parseTlvs(data);
  for (const tlv of objects) {
    if (![0x85, 0x87, 0x97, 0x99, 0x8e].includes(tlv.tag)) throw smError('unauthenticated-data', `unexpected SM object 0x${tlv.tag.toString(16)}`);
    if (tlv.tag === 0x8e && tlv.length !== 8) throw smError('unauthenticated-data', 'DO 8E is not 8 bytes');
  }
  return objects;
}
