// Key derivation function of ICAO 9303-11 §9.7.1: KDF(K, c) = H(K ‖ c) cut to the key length.
import { createHash } from 'node:crypto';
import { concat, uintBytes } from '../../util/bytes';

export type CipherAlgorithm = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PACE = 3;

export function sha(name: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512', ...parts: Uint8Array[]): Uint8Array {
  const hash = createHash(name);
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** DES keys carry odd parity in each byte's low bit; BAC test vectors are given parity-adjusted. */
export function adjustParity(key: Uint8Array): Uint8Array {
  return key.map((byte) => {
    const high = byte & 0xfe;
    let ones = 0;
    for (let bit = 1; bit < 8; bit += 1) ones += (high >> bit) & 1;
    return high | (ones % 2 === 0 ? 1 : 0);
  });
}

export function kdf(secret: Uint8Array, counter: number, algorithm: CipherAlgorithm): Uint8Array {
  const input = concat(secret, uintBytes(counter, 4));
  switch (algorithm) {
    case '3DES':
      return adjustParity(sha('sha1', input).subarray(0, 16));
    case 'AES-128':
      return sha('sha1', input).subarray(0, 16);
    case 'AES-192':
      return sha('sha256', input).subarray(0, 24);
    case 'AES-256':
      return sha('sha256', input);
  }
}
