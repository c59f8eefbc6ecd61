// Reads elementary files in as few commands as the card and reader accept, and remembers what worked for
// the rest of the session (after gmrtd's session layer): the first command asks for everything (Le = 65536
// when extended length works), the file's length is learnt from its TLV header, the rest follows in the
// largest chunks accepted. 6700 or a failed transmit shrinks the chunk; 6282 means end of file; offsets
// above 32767 use READ BINARY with odd INS (B1). A file whose header announces more than its size cap is
// refused before any more of it is read: no genuine chip carries a 2 GiB data group.
import { concat, uintBytes } from '../../util/bytes';
import type { ApduTransport } from '../apdu/transport';
import { SW, swHex } from '../apdu/status';
import { CardError, malformed } from '../errors';
import type { LdsFile } from '../lds/lds-file';
import { MRTD_AID } from './aid';
import { encodeTlv, readTlv, readTlvHeader } from '../tlv/tlv';

const SHORT_MAX = 256;
const EXTENDED_MAX = 65536;
/** The smallest chunk worth shrinking to; below it the card is broken, not picky. */
const MIN_CHUNK = 32;
const MAX_OFFSET_EVEN_INS = 0x7fff;

export interface ReadCapabilities {
  /** Largest Le to ask for; starts at 65536 and shrinks on refusal. */
  maxLe: number;
  /** READ BINARY with a short file identifier (saves the SELECT). */
  sfi: boolean;
  /** Header first, then exactly the bytes the file has: never ask past its end (after a lost session). */
  exact: boolean;
}

export interface FileReaderOptions {
  /**
   * Largest Le ever asked for (default 65536). A benchmark seam (issue 11): 223 or 160 pins the chunk size
   * the way JMRTD and NFCPassportReader do, so their strategies run through this same code. Production
   * leaves it unset; shrinking on refusal works the same either way.
   */
  maxLe?: number;
  /** Largest file accepted, by file name ('EF.COM', 'DG2', …); see DEFAULT_SIZE_CAPS. */
  sizeCaps?: Partial<Record<string, number>>;
}

/** 64 KiB for the small files, 1 MiB for the photo: far above any real chip's, far below harm. */
export const DEFAULT_SIZE_CAP = 64 * 1024;
export const DEFAULT_SIZE_CAPS: Readonly<Record<string, number>> = { DG2: 1024 * 1024 };
/** Tag and the longest definite length form (84 + 4 bytes) of an LDS file's outer TLV. */
const HEADER_PROBE = 6;

export class FileReader {
  readonly capabilities: ReadCapabilities;
  private readonly sizeCaps: Partial<Record<string, number>>;
  /** The last READ BINARY asked: what a recovery learns from when it failed. */
  private lastRead: { sfi: boolean; ne: number } | null = null;
  /** Some chips forget the selected application after an error status; the next 6A82 re-selects it. */
  private afterError = false;

  constructor(
    private readonly transport: ApduTransport,
    options: FileReaderOptions = {},
  ) {
    this.capabilities = { maxLe: Math.min(EXTENDED_MAX, Math.max(MIN_CHUNK, options.maxLe ?? EXTENDED_MAX)), sfi: true, exact: false };
    this.sizeCaps = { ...DEFAULT_SIZE_CAPS, ...options.sizeCaps };
  }

  /**
   * After a lost session, read the way every card takes: header first and exact lengths, SELECT where the
   * failed command used an SFI; a second time, also short APDUs where it was extended.
   */
  becomeConservative(): void {
    const last = this.lastRead;
    if (this.capabilities.exact && last && last.ne > SHORT_MAX) this.capabilities.maxLe = SHORT_MAX;
    this.capabilities.exact = true;
    if (last?.sfi) this.capabilities.sfi = false;
  }

  /** Whole file, or null when the card says it does not exist (6A82). */
  async read(file: LdsFile): Promise<Uint8Array | null> {
    const first = await this.readFirst(file);
    if (first === null) return null;
    const header = readTlvHeader(first.data);
    if (!header) {
      if (first.endOfFile) return first.data.length === 0 ? null : first.data;
      throw malformed(`${file.name}: header longer than the first read`);
    }
    const total = header.headerLength + header.length;
    const cap = this.sizeCaps[file.name] ?? DEFAULT_SIZE_CAP;
    if (total > cap) throw new CardError('malformed-data', `${file.name} announces ${total} bytes, over its cap of ${cap}`, undefined, { endsRead: true });
    const parts = [first.data.subarray(0, total)];
    let offset = Math.min(first.data.length, total);
    while (offset < total) {
      const chunk = await this.readAt(offset, Math.min(total - offset, this.capabilities.maxLe));
      if (chunk.length === 0) throw malformed(`${file.name}: ends at ${offset} of ${total} bytes`);
      parts.push(chunk.subarray(0, total - offset));
      offset += chunk.length;
    }
    return concat(...parts);
  }

  private async reselectApplication(): Promise<boolean> {
    this.afterError = false;
    const response = await this.transport.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: MRTD_AID });
    return response.sw === SW.OK;
  }

  private async readFirst(file: LdsFile): Promise<{ data: Uint8Array; endOfFile: boolean } | null> {
    const probe = this.capabilities.exact ? HEADER_PROBE : this.capabilities.maxLe;
    if (this.capabilities.sfi) {
      const suspect = this.afterError;
      let response = await this.readBinary({ p1: 0x80 | file.sfi, p2: 0 }, probe);
      if (response.sw === SW.FILE_NOT_FOUND && suspect && (await this.reselectApplication())) response = await this.readBinary({ p1: 0x80 | file.sfi, p2: 0 }, probe);
      if (response.sw === SW.OK || response.sw === SW.END_OF_FILE) return { data: response.data, endOfFile: response.sw === SW.END_OF_FILE };
      if (response.sw === SW.SECURITY_NOT_SATISFIED) throw new CardError('access-denied', file.name, response.sw);
      if (response.sw === SW.FILE_NOT_FOUND) return null;
      // Any other refusal: this card does not take SFIs; select files from now on.
      this.capabilities.sfi = false;
    }
    const suspect = this.afterError;
    const selectFile = () => this.transport.send({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: uintBytes(file.fid, 2) });
    let select = await selectFile();
    if (select.sw === SW.FILE_NOT_FOUND && suspect && (await this.reselectApplication())) select = await selectFile();
    if (select.sw !== SW.OK) this.afterError = true;
    if (select.sw === SW.FILE_NOT_FOUND) return null;
    if (select.sw === SW.SECURITY_NOT_SATISFIED) throw new CardError('access-denied', file.name, select.sw);
    if (select.sw !== SW.OK) throw new CardError('card-error', `SELECT ${file.name}: ${swHex(select.sw)}`, select.sw);
    const data = await this.readAt(0, probe);
    return { data, endOfFile: data.length < probe };
  }

  /** Reads up to `length` bytes at `offset` of the selected file. */
  private async readAt(offset: number, length: number): Promise<Uint8Array> {
    if (offset > MAX_OFFSET_EVEN_INS) return this.readOdd(offset, length);
    const response = await this.readBinary({ p1: offset >> 8, p2: offset & 0xff }, length);
    if (response.sw === SW.OK || response.sw === SW.END_OF_FILE) return response.data;
    throw new CardError('card-error', `READ BINARY at ${offset}: ${swHex(response.sw)}`, response.sw);
  }

  private async readOdd(offset: number, length: number): Promise<Uint8Array> {
    // The answer comes inside DO'53' (up to 4 header bytes), so ask for that much more.
    const response = await this.readBinary({ p1: 0, p2: 0, ins: 0xb1, data: encodeTlv(0x54, uintBytes(offset, 3)) }, Math.min(length + 4, this.capabilities.maxLe));
    if (response.sw !== SW.OK && response.sw !== SW.END_OF_FILE) {
      throw new CardError('card-error', `READ BINARY (B1) at ${offset}: ${swHex(response.sw)}`, response.sw);
    }
    if (response.data.length === 0) return response.data;
    const wrapped = readTlv(response.data);
    if (wrapped.tag !== 0x53) throw malformed('READ BINARY (B1) answer without DO 53');
    return wrapped.value;
  }

  /**
   * One READ BINARY, shrinking Le as the card or reader demands. The accepted size is kept in
   * `capabilities.maxLe` for every later command of the session.
   */
  private async readBinary(address: { p1: number; p2: number; ins?: number; data?: Uint8Array }, wanted: number) {
    let ne = Math.min(wanted, this.capabilities.maxLe);
    for (;;) {
      let response;
      this.lastRead = { sfi: !address.ins && (address.p1 & 0x80) !== 0, ne };
      try {
        response = await this.transport.send({ cla: 0x00, ins: address.ins ?? 0xb0, p1: address.p1, p2: address.p2, ...(address.data ? { data: address.data } : {}), ne });
      } catch (error) {
        // Readers time out or drop frames on very long answers: shrink and try again. Under secure
        // messaging a lost answer desynchronises the counter, so that is the caller's to recover.
        if (error instanceof CardError && error.code === 'transport' && !this.transport.sm && ne > MIN_CHUNK) {
          ne = this.shrink(ne);
          continue;
        }
        throw error;
      }
      if (response.sw !== SW.OK && response.sw !== SW.END_OF_FILE) this.afterError = true;
      if (response.sw === SW.WRONG_LENGTH && ne > MIN_CHUNK) {
        ne = this.shrink(ne);
        continue;
      }
      return response;
    }
  }

  private shrink(ne: number): number {
    // Extended refused: fall to the short maximum first, then halve.
    const next = ne > SHORT_MAX ? SHORT_MAX : Math.max(MIN_CHUNK, ne >> 1);
    this.capabilities.maxLe = next;
    return next;
  }
}
