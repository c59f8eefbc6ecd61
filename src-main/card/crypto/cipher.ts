// Block ciphers for BAC (two-key 3DES) and PACE/CA (AES), from Node's OpenSSL, without padding: the
// callers pad per ISO 9797-1 method 2 themselves.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { cmac as aesCmacFull } from '@noble/ciphers/aes.js';
import { concat } from '../../util/bytes';

const ZERO8 = new Uint8Array(8);
const ZERO16 = new Uint8Array(16);

function run(algorithm: string, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array, encrypt: boolean): Uint8Array {
  const cipher = encrypt ? createCipheriv(algorithm, key, iv) : createDecipheriv(algorithm, key, iv);
  cipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

export function des3Cbc(key16: Uint8Array, data: Uint8Array, encrypt: boolean, iv: Uint8Array = ZERO8): Uint8Array {
  return run('des-ede-cbc', key16, iv, data, encrypt);
}

export function aesCbc(key: Uint8Array, data: Uint8Array, encrypt: boolean, iv: Uint8Array = ZERO16): Uint8Array {
  return run(`aes-${key.length * 8}-cbc`, key, iv, data, encrypt);
}

export function aesEcbBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return run(`aes-${key.length * 8}-ecb`, key, null, block, true);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") with DES, over already padded data: single-DES CBC with
 * Ka, the last block finished with 3DES (Ka, Kb, Ka). Single DES is 3DES with three equal keys, which
 * keeps it inside OpenSSL 3's default provider.
 */
export function retailMac(key16: Uint8Array, padded: Uint8Array): Uint8Array {
  const ka = key16.subarray(0, 8);
  const head = padded.subarray(0, padded.length - 8);
  const chain = head.length > 0 ? run('des-ede3-cbc', concat(ka, ka, ka), ZERO8, head, true).subarray(-8) : ZERO8;
  return run('des-ede-cbc', key16, chain, padded.subarray(-8), true);
}

/** AES-CMAC (RFC 4493) truncated to 8 bytes, as ICAO 9303-11 §9.8.6.2 uses it. */
export function aesCmac8(key: Uint8Array, data: Uint8Array): Uint8Array {
  return aesCmacFull(data, key).subarray(0, 8);
}
