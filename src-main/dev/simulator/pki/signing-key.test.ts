import { constants, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../util/bytes';
import { TestPkiError } from './errors';
import { ecKeyFromSeed, rsaKeyFromSeed, seedBytes, signingKeyFromPkcs8 } from './signing-key';

const data = new TextEncoder().encode('LDSSecurityObject signed attributes');
const spki = (bytes: Uint8Array) => createPublicKey({ key: Buffer.from(bytes), format: 'der', type: 'spki' });

describe('seedBytes', () => {
  it('is a fixed SHA-512 counter-mode stream of the label', () => {
    expect(toHex(seedBytes('a', 80))).toBe(toHex(seedBytes('a', 80)));
    expect(toHex(seedBytes('a', 80)).slice(0, 128)).toBe(toHex(seedBytes('a', 64)));
    expect(toHex(seedBytes('a', 32))).not.toBe(toHex(seedBytes('b', 32)));
  });
});

describe('ecKeyFromSeed', () => {
  const ecdsa256 = { kind: 'ecdsa', digest: 'sha256' } as const;

  it('derives the same brainpoolP256r1 key from the same label, another from another label', () => {
    const a = ecKeyFromSeed('brainpoolP256r1', 'label-a', ecdsa256);
    expect(toHex(ecKeyFromSeed('brainpoolP256r1', 'label-a', ecdsa256).pkcs8)).toBe(toHex(a.pkcs8));
    expect(toHex(ecKeyFromSeed('brainpoolP256r1', 'label-b', ecdsa256).pkcs8)).not.toBe(toHex(a.pkcs8));
  });

  it('writes PKCS#8 and SPKI that OpenSSL (node:crypto) reads as the same brainpool key', () => {
    const key = ecKeyFromSeed('brainpoolP512r1', 'label-a', { kind: 'ecdsa', digest: 'sha512' });
    const privateKey = createPrivateKey({ key: Buffer.from(key.pkcs8), format: 'der', type: 'pkcs8' });
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe('brainpoolP512r1');
    const derived = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    expect(toHex(derived)).toBe(toHex(key.subjectPublicKeyInfo));
  });

  it('signs deterministically (RFC 6979) with a DER Ecdsa-Sig-Value that node:crypto verifies', () => {
    for (const [curve, digest] of [
      ['brainpoolP256r1', 'sha256'],
      ['brainpoolP512r1', 'sha512'],
      ['P-256', 'sha256'],
    ] as const) {
      const key = ecKeyFromSeed(curve, 'label-a', { kind: 'ecdsa', digest });
      const signature = key.sign(data);
      expect(signature[0]).toBe(0x30);
      expect(toHex(key.sign(data))).toBe(toHex(signature));
      expect(verify(digest, data, { key: spki(key.subjectPublicKeyInfo), dsaEncoding: 'der' }, signature)).toBe(true);
      expect(verify(digest, data.subarray(1), { key: spki(key.subjectPublicKeyInfo), dsaEncoding: 'der' }, signature)).toBe(false);
    }
  });

  it('refuses to act as an RSA signer', () => {
    expect(() => ecKeyFromSeed('brainpoolP256r1', 'x', { kind: 'rsa-pss', digest: 'sha256' })).toThrow(TestPkiError);
  });
});

describe('rsaKeyFromSeed', () => {
  // 1024 bits keeps the test fast; the fixtures use 2048 and 3072 through the same code.
  const pkcs1 = rsaKeyFromSeed(1024, 'label-rsa', { kind: 'rsa-pkcs1', digest: 'sha256' });

  it('derives the same key from the same label', () => {
    expect(toHex(rsaKeyFromSeed(1024, 'label-rsa', { kind: 'rsa-pkcs1', digest: 'sha256' }).pkcs8)).toBe(toHex(pkcs1.pkcs8));
    const privateKey = createPrivateKey({ key: Buffer.from(pkcs1.pkcs8), format: 'der', type: 'pkcs8' });
    expect(privateKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 1024, publicExponent: 65537n });
  });

  it('signs PKCS#1 v1.5 SHA-256 signatures that node:crypto verifies', () => {
    const signature = pkcs1.sign(data);
    expect(signature).toHaveLength(128);
    expect(verify('sha256', data, spki(pkcs1.subjectPublicKeyInfo), signature)).toBe(true);
  });

  it('signs RSASSA-PSS SHA-256 (MGF1-SHA-256, salt 32) that node:crypto verifies, with a fixed salt', () => {
    const pss = signingKeyFromPkcs8(pkcs1.pkcs8, { kind: 'rsa-pss', digest: 'sha256' });
    const signature = pss.sign(data);
    expect(toHex(pss.sign(data))).toBe(toHex(signature));
    const key = { key: spki(pss.subjectPublicKeyInfo), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    expect(verify('sha256', data, key, signature)).toBe(true);
    expect(verify('sha256', data, spki(pss.subjectPublicKeyInfo), signature)).toBe(false);
  });
});

describe('signingKeyFromPkcs8', () => {
  it('gives back a key that signs exactly as the one it was written from', () => {
    const ec = ecKeyFromSeed('brainpoolP256r1', 'label-a', { kind: 'ecdsa', digest: 'sha256' });
    const reread = signingKeyFromPkcs8(ec.pkcs8, ec.scheme);
    expect(toHex(reread.subjectPublicKeyInfo)).toBe(toHex(ec.subjectPublicKeyInfo));
    expect(toHex(reread.sign(data))).toBe(toHex(ec.sign(data)));
  });

  it('rejects bytes that are not PKCS#8 with malformed-key', () => {
    expect(() => signingKeyFromPkcs8(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), { kind: 'ecdsa', digest: 'sha256' })).toThrow(
      expect.objectContaining({ code: 'malformed-key' }),
    );
  });
});
