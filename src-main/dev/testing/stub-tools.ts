// Persona tools without the PKI and image generators, for tests of the card protocol alone.
import { concat, fromHex } from '../../util/bytes';
import { encodeTlv } from '../../card/tlv/tlv';
import type { PersonaTools } from '../simulator/personas/persona-builder';

export const stubTools: PersonaTools = {
  signer: () => ({ sign: () => new Uint8Array(0) }),
  buildSod: () => encodeTlv(0x77, fromHex('3000')),
  tamperSodSignature: (sod) => sod,
  face: () => ({ bytes: concat(fromHex('FFD8FFE0'), new Uint8Array(3000).fill(0x55), fromHex('FFD9')), mimeType: 'image/jpeg', width: 240, height: 320 }),
  buildDg2: (image) => encodeTlv(0x75, encodeTlv(0x7f61, encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x7f60, encodeTlv(0x5f2e, image)))),
};
