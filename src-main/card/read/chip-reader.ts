// One read of a chip, in the order that shows the person soonest (cccd-chip.md "Reading fast"):
// CardAccess → access (PACE, else BAC) → COM → DG1 → DG13 (identity) → SOD → DG14 → CA → DG15 → AA →
// DG2 last. Each step is reported with its timing. Anything the chip lacks or garbles becomes a warning
// and a verification status, not a failed read: only no access at all, or no DG1, fails the read.
import { performActiveAuthentication } from '../aa/active-authentication';
import { ApduTransport, type TransportStats } from '../apdu/transport';
import { SW, swHex } from '../apdu/status';
import { bacKeys } from '../bac/bac';
import { performBac } from '../bac/bac-terminal';
import { performChipAuthentication, type CheckResult } from '../ca/chip-authentication';
import type { CardChannel } from '../channel';
import { cryptoRandom, type RandomSource } from '../crypto/random';
import { CardError } from '../errors';
import { accessCandidates, pacePasswords, type AccessInput } from '../keys/access-key';
import { mrzInformation } from '../keys/mrz-key';
import { parseCom } from '../lds/com';
import { parseDg1, type Mrz } from '../lds/dg1';
import { parseDg13, type Holder } from '../lds/dg13';
import { parseDg15, type Dg15 } from '../lds/dg15';
import { parseDg2, type FaceImage } from '../lds/dg2';
import { dataGroupFile, EF } from '../lds/lds-file';
import { parseDg14, parseSecurityInfos, type SecurityInfos } from '../lds/security-infos';
import { performPace } from '../pace/pace-terminal';
import { MRTD_AID } from './aid';
import { FileReader } from './file-reader';

export type ReadStep = 'card-access' | 'access' | 'com' | 'sod' | 'dg1' | 'dg13' | 'identity' | 'dg14' | 'ca' | 'dg15' | 'aa' | 'dg2' | 'done';

export interface ReadProgress {
  step: ReadStep;
  /** Milliseconds since the read started. */
  atMs: number;
}

export interface ReadOptions {
  access: AccessInput;
  now: Date;
  random?: RandomSource;
  photo?: boolean;
  onProgress?: (progress: ReadProgress) => void;
  /** Called as soon as DG1 and DG13 are read, before verification and the photo. */
  onIdentity?: (identity: { mrz: Mrz; holder: Holder | null; access: 'PACE' | 'BAC' }) => void;
  /** Monotonic milliseconds; injectable for deterministic tests. */
  elapsed?: () => number;
  /** Production reads leave this unset. */
  strategy?: ReadStrategy;
}

/**
 * How the files are read: a seam for the benchmarks (issue 11), which run peers' strategies through this
 * same reader so that access, CA and AA stay identical and only the file reading differs.
 */
export interface ReadStrategy {
  /** Pins the READ BINARY size (223 for JMRTD, 160 for NFCPassportReader); see FileReaderOptions. */
  maxLe?: number;
  /**
   * 'dg2-first' reads the photo right after DG1 and before DG13, in data-group order as JMRTD-style readers
   * do, so the identity waits for the photo. The default, 'identity-first', reads DG2 last.
   */
  order?: 'identity-first' | 'dg2-first';
}

export interface ChipRead {
  access: 'PACE' | 'BAC';
  documentType: 'cccd' | 'id-card' | 'passport';
  mrz: Mrz;
  holder: Holder | null;
  photo: FaceImage | null;
  /** Raw files as read, by data-group number (0 = EF.COM not included); passive authentication hashes these. */
  dataGroups: Map<number, Uint8Array>;
  sod: Uint8Array | null;
  chipAuthentication: CheckResult;
  activeAuthentication: CheckResult;
  warnings: string[];
  stats: TransportStats & { elapsedMs: number };
}

/** Data groups assumed when EF.COM is missing or unreadable. */
const DEFAULT_GROUPS = [1, 2, 13, 14, 15];
/** Give up after this many wrong keys: cards do not lock on BAC, but brute force is not a reader's job. */
const MAX_KEY_ATTEMPTS = 8;

export async function readChip(channel: CardChannel, options: ReadOptions): Promise<ChipRead> {
  const started = (options.elapsed ?? (() => performance.now()))();
  const elapsed = () => Math.round(((options.elapsed ?? (() => performance.now()))() - started) * 1000) / 1000;
  const progress = (step: ReadStep) => options.onProgress?.({ step, atMs: elapsed() });
  const random = options.random ?? cryptoRandom;
  const transport = new ApduTransport(channel);
  const files = new FileReader(transport, { maxLe: options.strategy?.maxLe });
  const warnings: string[] = [];

  const cardAccessBytes = await readCardAccess(files, warnings);
  progress('card-access');
  const candidates = accessCandidates(options.access, options.now);
  const establish = () => establishAccess(transport, cardAccessBytes, candidates, random);
  const access = await establish();
  progress('access');

  const readGroup = async (number: number) => files.read(dataGroupFile(number));
  let com: number[] = DEFAULT_GROUPS;
  try {
    const comBytes = await files.read(EF.COM);
    if (comBytes) com = parseCom(comBytes).dataGroups;
    else warnings.push('EF.COM is missing');
  } catch (error) {
    rethrowFatal(error);
    warnings.push(`EF.COM unreadable: ${(error as Error).message}`);
  }
  progress('com');

  const dataGroups = new Map<number, Uint8Array>();
  let dg14: SecurityInfos | null = null;
  let chipAuthentication: CheckResult = { result: 'not-supported', reason: 'the chip has no DG14' };

  // The first exchange under the chip-authentication keys proves them; a clone fails here.
  const afterCa = async <T>(action: () => Promise<T>): Promise<T> => {
    if (chipAuthentication.result !== 'passed' || chipAuthentication.reason.startsWith('confirmed')) return action();
    try {
      const value = await action();
      chipAuthentication = { result: 'passed', reason: 'confirmed: the chip holds the DG14 private key' };
      return value;
    } catch (error) {
      if (!(error instanceof CardError) || error.code !== 'secure-messaging') throw error;
      chipAuthentication = { result: 'failed', reason: 'the chip could not answer under the chip-authentication keys' };
      await establish();
      return action();
    }
  };

  let photo: FaceImage | null = null;
  const readPhoto = async () => {
    if (options.photo === false || !com.includes(2)) return;
    const dg2 = await afterCa(() => optionalGroup(readGroup, 2, warnings));
    if (dg2) {
      dataGroups.set(2, dg2);
      try {
        photo = parseDg2(dg2);
      } catch (error) {
        warnings.push(`DG2 malformed: ${(error as Error).message}`);
      }
    }
    progress('dg2');
  };
  const photoFirst = options.strategy?.order === 'dg2-first';

  const dg1 = await readGroup(1);
  if (!dg1) throw new CardError('unsupported-card', 'DG1 (MRZ) is missing');
  dataGroups.set(1, dg1);
  const mrz = parseDg1(dg1);
  progress('dg1');
  if (photoFirst) await readPhoto();

  let holder: Holder | null = null;
  if (com.includes(13)) {
    const dg13 = await optionalGroup(readGroup, 13, warnings);
    if (dg13) {
      dataGroups.set(13, dg13);
      try {
        holder = parseDg13(dg13);
      } catch (error) {
        warnings.push(`DG13 malformed: ${(error as Error).message}`);
      }
    }
    progress('dg13');
  }
  options.onIdentity?.({ mrz, holder, access });
  progress('identity');

  // EF.SOD only serves verification, so it follows the identity (the benchmarks showed reading it first
  // made the person appear ~25 % later than the lower bound).
  let sod: Uint8Array | null = null;
  try {
    sod = await files.read(EF.SOD);
    if (!sod) warnings.push('EF.SOD is missing');
  } catch (error) {
    rethrowFatal(error);
    warnings.push(`EF.SOD unreadable: ${(error as Error).message}`);
  }
  progress('sod');

  if (com.includes(14)) {
    const bytes = await optionalGroup(readGroup, 14, warnings);
    progress('dg14');
    if (bytes) {
      dataGroups.set(14, bytes);
      try {
        dg14 = parseDg14(bytes);
      } catch (error) {
        warnings.push(`DG14 malformed: ${(error as Error).message}`);
      }
    }
    if (dg14) {
      chipAuthentication = await performChipAuthentication(transport, dg14, random);
      progress('ca');
    }
  }

  let activeAuthentication: CheckResult = { result: 'not-supported', reason: 'the chip has no DG15' };
  if (com.includes(15)) {
    const bytes = await afterCa(() => optionalGroup(readGroup, 15, warnings));
    progress('dg15');
    let dg15: Dg15 | null = null;
    if (bytes) {
      dataGroups.set(15, bytes);
      try {
        dg15 = parseDg15(bytes);
      } catch (error) {
        warnings.push(`DG15 malformed: ${(error as Error).message}`);
      }
    }
    if (dg15) {
      activeAuthentication = await performActiveAuthentication(transport, dg15, dg14, random);
      progress('aa');
    }
  }

  if (!photoFirst) await readPhoto();
  if (chipAuthentication.result === 'passed' && !chipAuthentication.reason.startsWith('confirmed')) {
    // Nothing was read after CA: confirm with one protected command anyway.
    await afterCa(() => optionalGroup(readGroup, 1, warnings));
  }

  progress('done');
  return {
    access,
    documentType: documentTypeOf(mrz, holder),
    mrz,
    holder,
    photo,
    dataGroups,
    sod,
    chipAuthentication,
    activeAuthentication,
    warnings,
    stats: { ...transport.stats, elapsedMs: elapsed() },
  };
}

async function readCardAccess(files: FileReader, warnings: string[]): Promise<Uint8Array | null> {
  try {
    return await files.read(EF.CardAccess);
  } catch (error) {
    rethrowFatal(error);
    // 6982/6A82 or garbage: no PACE, use BAC (cccd-chip.md "Access control").
    if (!(error instanceof CardError) || error.code !== 'access-denied') warnings.push(`EF.CardAccess unreadable: ${(error as Error).message}`);
    return null;
  }
}

async function establishAccess(
  transport: ApduTransport,
  cardAccessBytes: Uint8Array | null,
  candidates: ReturnType<typeof accessCandidates>,
  random: RandomSource,
): Promise<'PACE' | 'BAC'> {
  transport.sm = null;
  let attempts = 0;
  let paceInfo = null;
  if (cardAccessBytes) {
    try {
      paceInfo = parseSecurityInfos(cardAccessBytes).pace[0] ?? null;
    } catch {
      paceInfo = null;
    }
  }
  if (paceInfo) {
    for (const password of pacePasswords(candidates)) {
      if (attempts++ >= MAX_KEY_ATTEMPTS) break;
      try {
        await performPace(transport, paceInfo, password, random);
        await selectApplet(transport);
        return 'PACE';
      } catch (error) {
        if (!(error instanceof CardError) || error.code !== 'wrong-access-key') throw error;
      }
    }
  }
  if (candidates.mrz.length === 0) {
    throw new CardError(candidates.can ? 'wrong-access-key' : 'no-access-key', paceInfo ? 'PACE refused the CAN' : 'this chip needs the MRZ data (BAC)');
  }
  for (const key of candidates.mrz) {
    if (attempts++ >= MAX_KEY_ATTEMPTS) break;
    await selectApplet(transport);
    try {
      await performBac(transport, bacKeys(mrzInformation(key)), random);
      return 'BAC';
    } catch (error) {
      if (!(error instanceof CardError) || error.code !== 'wrong-access-key') throw error;
    }
  }
  throw new CardError('wrong-access-key', 'no key candidate was accepted');
}

async function selectApplet(transport: ApduTransport): Promise<void> {
  const response = await transport.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: MRTD_AID });
  if (response.sw !== SW.OK) throw new CardError('unsupported-card', `eMRTD applet not found (${swHex(response.sw)})`, response.sw);
}

async function optionalGroup(read: (n: number) => Promise<Uint8Array | null>, number: number, warnings: string[]): Promise<Uint8Array | null> {
  try {
    const bytes = await read(number);
    if (!bytes) warnings.push(`DG${number} is listed in EF.COM but missing`);
    return bytes;
  } catch (error) {
    rethrowFatal(error);
    warnings.push(`DG${number} unreadable: ${(error as Error).message}`);
    return null;
  }
}

/** Card gone, reader gone or the secure channel broken: nothing more can be read in this session. */
function rethrowFatal(error: unknown): void {
  if (!(error instanceof CardError)) throw error;
  if (error.code === 'card-removed' || error.code === 'transport' || error.code === 'secure-messaging' || error.code === 'replay-divergence') throw error;
}

function documentTypeOf(mrz: Mrz, holder: Holder | null): ChipRead['documentType'] {
  if (mrz.format === 'TD3') return 'passport';
  return mrz.issuingState === 'VNM' && holder ? 'cccd' : 'id-card';
}
