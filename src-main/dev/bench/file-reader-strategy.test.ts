// The benchmark's strategy seam in the card reader (FileReaderOptions.maxLe), on a tiny synthetic file.
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeResponse } from '../../card/apdu/apdu';
import { SW } from '../../card/apdu/status';
import { ApduTransport } from '../../card/apdu/transport';
import { EF } from '../../card/lds/lds-file';
import { FileReader } from '../../card/read/file-reader';
import { encodeTlv } from '../../card/tlv/tlv';

/** A card holding one file, DG1 of `size` bytes, answering plain READ BINARY by SFI and by offset. */
function oneFileCard(size: number) {
  const file = encodeTlv(0x61, Uint8Array.from({ length: size - 4 }, (_, i) => i & 0xff));
  const reads: number[] = [];
  const channel = {
    transmit: async (bytes: Uint8Array) => {
      const command = decodeCommand(bytes);
      const offset = command.p1 & 0x80 ? command.p2 : (command.p1 << 8) | command.p2;
      const chunk = file.subarray(offset, offset + (command.ne ?? 256));
      reads.push(command.ne ?? 256);
      return encodeResponse({ data: chunk, sw: chunk.length < (command.ne ?? 256) ? SW.END_OF_FILE : SW.OK });
    },
  };
  return { file, reads, channel };
}

describe('FileReader with a pinned READ BINARY size', () => {
  it('reads a 1000-byte file in one command by default, asking for 65536 bytes', async () => {
    const card = oneFileCard(1000);
    expect(await new FileReader(new ApduTransport(card.channel)).read(EF.DG1)).toEqual(card.file);
    expect(card.reads).toEqual([65536]);
  });

  it('takes ⌈1000 / 223⌉ = 5 commands with 223-byte reads, the last one asking for what is left', async () => {
    const card = oneFileCard(1000);
    expect(await new FileReader(new ApduTransport(card.channel), { maxLe: 223 }).read(EF.DG1)).toEqual(card.file);
    expect(card.reads).toEqual([223, 223, 223, 223, 108]);
  });

  it('takes ⌈1000 / 160⌉ = 7 commands with 160-byte reads', async () => {
    const card = oneFileCard(1000);
    expect(await new FileReader(new ApduTransport(card.channel), { maxLe: 160 }).read(EF.DG1)).toEqual(card.file);
    expect(card.reads).toHaveLength(7);
  });
});
