// Terminal randomness (RND.IFD, K.IFD, PACE and CA keys, AA challenges) behind a port, so a replayed
// session can feed back exactly the bytes it recorded. Production uses the OS CSPRNG, never Math.random.
import { randomBytes } from 'node:crypto';

export interface RandomSource {
  bytes(length: number): Uint8Array;
}

export const cryptoRandom: RandomSource = {
  bytes: (length) => new Uint8Array(randomBytes(length)),
};
