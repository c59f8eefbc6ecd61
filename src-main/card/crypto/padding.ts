// ISO/IEC 9797-1 padding method 2 (ISO 7816-4): 0x80 then zeros up to the block size. ICAO 9303-11 §9.8
// uses it for secure messaging and MACs.
import { malformed } from '../errors';

export function pad(data: Uint8Array, blockSize: number): Uint8Array {
  const length = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(length);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

export function unpad(data: Uint8Array): Uint8Array {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i -= 1;
  if (i < 0 || data[i] !== 0x80) throw malformed('bad padding');
  return data.subarray(0, i);
}
