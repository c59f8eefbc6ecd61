// Basic Access Control (ICAO 9303-11 §4.3): keys from the MRZ, the mutual-authentication cryptograms and
// the session keys, shared by the terminal (bac-terminal.ts) and the simulated card.
import { concat, equalBytes } from '../../util/bytes';
import { des3Cbc, retailMac } from '../crypto/cipher';
import { kdf, KDF_ENC, KDF_MAC, sha } from '../crypto/kdf';
import { pad } from '../crypto/padding';
import { CardError } from '../errors';
import type { SessionKeys } from '../sm/secure-messaging';

export interface BacKeys {
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

/** K_seed = SHA-1(MRZ information)[0..16] (§9.7.2). */
export function bacKeys(mrzInformation: string): BacKeys {
  const seed = sha('sha1', new TextEncoder().encode(mrzInformation)).subarray(0, 16);
  return { kEnc: kdf(seed, KDF_ENC, '3DES'), kMac: kdf(seed, KDF_MAC, '3DES') };
}

/** E ‖ MAC(E) over S, as both sides send it in MUTUAL AUTHENTICATE. */
export function sealBac(keys: BacKeys, plain: Uint8Array): Uint8Array {
  const encrypted = des3Cbc(keys.kEnc, plain, true);
  return concat(encrypted, retailMac(keys.kMac, pad(encrypted, 8)));
}

/** Checks the MAC and decrypts; a wrong key shows as a MAC mismatch. */
export function openBac(keys: BacKeys, sealed: Uint8Array): Uint8Array {
  if (sealed.length !== 40) throw new CardError('wrong-access-key', 'BAC cryptogram length');
  const encrypted = sealed.subarray(0, 32);
  if (!equalBytes(retailMac(keys.kMac, pad(encrypted, 8)), sealed.subarray(32))) {
    throw new CardError('wrong-access-key', 'BAC MAC');
  }
  return des3Cbc(keys.kEnc, encrypted, false);
}

export function bacSession(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): { keys: SessionKeys; ssc: Uint8Array } {
  const seed = kIfd.map((byte, i) => byte ^ kIc[i]!);
  return {
    keys: { algorithm: '3DES', kEnc: kdf(seed, KDF_ENC, '3DES'), kMac: kdf(seed, KDF_MAC, '3DES') },
    ssc: concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
}
