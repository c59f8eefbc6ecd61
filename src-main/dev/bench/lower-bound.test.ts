import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeResponse } from '../../card/apdu/apdu';
import { SW } from '../../card/apdu/status';
import { SecureMessaging, type SmAlgorithm } from '../../card/sm/secure-messaging';
import { defaultLinkModel } from '../simulator/link-model';
import { fileExchanges, largestChunk, lowerBound, protectedResponseBytes, readCommandBytes, type CardLimits } from './lower-bound';

const aesCard: CardLimits = { maxReadLength: 65280, extendedLength: true, sendsDo99: true, blockSize: 16 };
const session = (algorithm: SmAlgorithm) => new SecureMessaging({ algorithm, kEnc: new Uint8Array(16).fill(1), kMac: new Uint8Array(16).fill(2) });

describe('the size formulas agree with the secure messaging the reader really uses', () => {
  for (const [algorithm, blockSize] of [['AES', 16], ['3DES', 8]] as const) {
    for (const sendsDo99 of [true, false]) {
      it(`a protected answer of L bytes (${algorithm}, DO'99' ${sendsDo99 ? 'sent' : 'left out'})`, () => {
        for (const length of [1, 15, 16, 95, 223, 1138, 8694, 26698]) {
          const protectedAnswer = session(algorithm).protectResponse({ data: new Uint8Array(length), sw: SW.OK }, 0xb0, sendsDo99);
          expect(protectedResponseBytes(length, { ...aesCard, blockSize, sendsDo99 })).toBe(encodeResponse(protectedAnswer).length);
        }
      });
    }
  }

  it('a protected READ BINARY is 19 bytes with short lengths and 23 with extended ones', () => {
    const command = (ne: number) => encodeCommand(session('AES').protect({ cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, ne })).length;
    expect(readCommandBytes(100, protectedResponseBytes(100, aesCard) - 2, true)).toBe(command(100));
    expect(readCommandBytes(1000, protectedResponseBytes(1000, aesCard) - 2, true)).toBe(command(1000));
    expect(readCommandBytes(100, 102, false)).toBe(encodeCommand({ cla: 0, ins: 0xb0, p1: 0x9c, p2: 0, ne: 100 }).length);
  });
});

describe('largest chunk one READ BINARY can return', () => {
  it('is 223 bytes on a short-length AES card: the protected answer must fit 256 bytes (JMRTD’s number)', () => {
    expect(largestChunk({ ...aesCard, extendedLength: false }, true)).toBe(223);
  });

  it('is 231 bytes on a short-length 3DES card, whose padding is 8 bytes', () => {
    expect(largestChunk({ ...aesCard, extendedLength: false, blockSize: 8 }, true)).toBe(231);
  });

  it('is the card’s own maximum when extended length leaves room, and less when the SM wrapping would not fit', () => {
    expect(largestChunk(aesCard, true)).toBe(65280);
    expect(largestChunk({ ...aesCard, maxReadLength: 65536 }, true)).toBe(65503);
    expect(largestChunk({ ...aesCard, maxReadLength: 65536 }, false)).toBe(65536);
  });
});

describe('lowerBound', () => {
  it('reads each file in ⌈size / largest chunk⌉ commands', () => {
    const shortCard = { ...aesCard, extendedLength: false };
    expect(fileExchanges({ name: 'DG2', size: 1000, protected: true, forIdentity: false }, shortCard)).toHaveLength(5);
    expect(fileExchanges({ name: 'DG2', size: 1000, protected: true, forIdentity: false }, aesCard)).toHaveLength(1);
    expect(fileExchanges({ name: 'empty', size: 0, protected: true, forIdentity: false }, aesCard)).toHaveLength(1);
  });

  it('adds the link model’s time of every exchange and the chip’s time of the protocol steps', () => {
    // One plain 100-byte file at 424 kbit/s: 5-byte command, 102-byte answer, one I-block each way.
    // 8 ms + (5 + 5 + 102 + 5) × 8 bits / 424 bit/ms = 10.2075 ms; PACE adds its exchange and 400 ms of chip.
    const bound = lowerBound({
      files: [{ name: 'EF.CardAccess', size: 100, protected: false, forIdentity: true }],
      protocol: [{ commandBytes: 10, responseBytes: 20, protected: false, chipMs: 400, forIdentity: true }],
      card: aesCard,
      link: defaultLinkModel(424),
    });
    const pace = 8 + ((10 + 5 + 20 + 5) * 8) / 424 + 400;
    expect(bound.apdus).toBe(2);
    expect(bound.bytes).toBe(5 + 102 + 10 + 20);
    expect(bound.modelledMs).toBeCloseTo(8 + (117 * 8) / 424 + pace, 9);
    expect(bound.identityMs).toBeCloseTo(bound.modelledMs, 9);
  });

  it('counts for the identity only what is marked as needed for it', () => {
    const bound = lowerBound({
      files: [
        { name: 'DG1', size: 95, protected: true, forIdentity: true },
        { name: 'DG2', size: 26698, protected: true, forIdentity: false },
      ],
      protocol: [{ commandBytes: 38, responseBytes: 164, protected: true, chipMs: 150, forIdentity: false }],
      card: aesCard,
      link: defaultLinkModel(106),
    });
    expect(bound.apdus).toBe(3);
    expect(bound.identityApdus).toBe(1);
    expect(bound.identityMs).toBeCloseTo(8 + ((19 + 5 + 115 + 5) * 8) / 106 + (19 + 115) * 0.02, 9);
    expect(bound.modelledMs).toBeGreaterThan(bound.identityMs + 150);
  });
});
