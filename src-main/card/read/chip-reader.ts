// One read of a chip, in the order that shows the person soonest (docs/cccd-chip.md "Reading fast"):
// CardAccess → access (PACE, else BAC) → COM → DG1 → DG13 (identity) → SOD → DG14 → CA → DG15 → AA →
// DG2 last. Each step is reported with its timing. Anything the chip lacks or garbles becomes a warning
// and a verification status, not a failed read: only no access at all, no DG1, a lost session, a hostile
// card (sizes past the caps, lengths it will not settle on) or the deadline fails the read. What EF.SOD
// lists must be delivered: a missing DG14 fails CA, a missing DG15 fails AA (`undelivered`).
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
import type { Holder } from '../../contract';
import { parseDg13 } from '../lds/dg13';
import { parseDg15, type Dg15 } from '../lds/dg15';
import { parseDg2, type FaceImage } from '../lds/dg2';
import { dataGroupFile, EF } from '../lds/lds-file';
import { parseDg14, parseSecurityInfos, type SecurityInfos } from '../lds/security-infos';
import { parseSod } from '../lds/sod';
import { performPace } from '../pace/pace-terminal';
import { SecureMessagingError, type SecureMessaging } from '../sm/secure-messaging';
import { MRTD_AID } from './aid';
import { FileReader, type FileReaderOptions } from './file-reader';

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
  /** Per-exchange and whole-read limits (defaults 5 s and 20 s, the photo included) → card-timeout. */
  timeouts?: { apduMs?: number; readMs?: number };
  /** Largest accepted size by file name; see FileReaderOptions. */
  sizeCaps?: FileReaderOptions['sizeCaps'];
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
  /** Data groups EF.SOD lists that were asked for and not delivered, and why; the verdict counts them. */
  undelivered: { group: number; why: string }[];
  warnings: string[];
  /** `recoveries`: times secure messaging was lost and access opened again (at most MAX_RECOVERIES). */
  stats: TransportStats & { recoveries: number; elapsedMs: number };
}

/** Data groups assumed when EF.COM is missing or unreadable. */
const DEFAULT_GROUPS = [1, 2, 13, 14, 15];
export const DEFAULT_READ_DEADLINE_MS = 20_000;
/** Secure-messaging sessions lost and opened again, at most, in one read. */
export const MAX_RECOVERIES = 2;
/** Give up after this many wrong keys: cards do not lock on BAC, but brute force is not a reader's job. */
const MAX_KEY_ATTEMPTS = 8;

export async function readChip(channel: CardChannel, options: ReadOptions): Promise<ChipRead> {
  const clock = options.elapsed ?? (() => performance.now());
  const started = clock();
  const elapsed = () => Math.round((clock() - started) * 1000) / 1000;
  const progress = (step: ReadStep) => options.onProgress?.({ step, atMs: elapsed() });
  const random = options.random ?? cryptoRandom;
  const deadlineMs = options.timeouts?.readMs ?? DEFAULT_READ_DEADLINE_MS;
  const transport = new ApduTransport(channel, { apduTimeoutMs: options.timeouts?.apduMs, remainingMs: () => deadlineMs - (clock() - started) });
  const files = new FileReader(transport, { maxLe: options.strategy?.maxLe, sizeCaps: options.sizeCaps });
  const warnings: string[] = [];

  const cardAccessBytes = await readCardAccess(files, warnings);
  progress('card-access');
  const opened = await establishAccess(transport, cardAccessBytes, accessCandidates(options.access, options.now), random);
  const access = opened.access;
  progress('access');

  let chipAuthentication: CheckResult = { result: 'not-supported', reason: 'the chip has no DG14' };
  /** DG14 once Chip Authentication has begun: a recovery runs it again. */
  let caKeys: SecurityInfos | null = null;
  /** The chip-authentication session until a response MAC-verified under its keys confirms it. */
  let caSession: SecureMessaging | null = null;
  /** Whether the transport runs under chip-authentication keys (pending or confirmed). */
  let caActive = false;
  /** Set when the session is lost for good after Chip Authentication began: nothing more is read. */
  let accessLost: string | null = null;
  let recoveries = 0;

  const failCa = (reason: string) => {
    chipAuthentication = { result: 'failed', reason };
    caSession = null;
    caActive = false;
    caKeys = null;
  };
  const runCa = async (dg14: SecurityInfos) => {
    caKeys = dg14;
    const start = await performChipAuthentication(transport, dg14, random);
    if (start.result === 'keys-switched') {
      caSession = start.session;
      caActive = true;
    } else failCa(start.reason);
  };
  // Secure messaging lost (6987/6988, a status or data in the clear, a MAC that does not verify, a
  // transmit failure): open access again with the key that worked, select the application and switch the
  // file reader to its conservative strategy. Under CA keys not yet confirmed, an answer that fails secure
  // messaging is the clone's mark (a chip that did the key agreement answers under its keys): CA fails and
  // the read goes on without it. Otherwise (CA confirmed, or a transmit failure) a recovery runs CA again,
  // and it must be confirmed again.
  const recover = async (error: CardError) => {
    const cause = error instanceof SecureMessagingError ? error.failure : error.code;
    if (caSession && error instanceof SecureMessagingError) failCa(`no response MAC-verified under the chip-authentication keys (${cause})`);
    const rerunCa = caActive ? caKeys : null;
    const caBegun = caKeys !== null || chipAuthentication.result === 'failed';
    // After CA began, a session that cannot be opened again fails CA and ends the reading, not the read.
    const giveUp = (why: string) => {
      if (!caBegun) throw error;
      if (chipAuthentication.result !== 'failed') failCa(`no response MAC-verified under the chip-authentication keys (${cause}; ${why})`);
      accessLost = `not read: the session was lost after chip authentication began (${cause}; ${why})`;
    };
    if (recoveries >= MAX_RECOVERIES) return giveUp(`${MAX_RECOVERIES} recoveries used`);
    recoveries += 1;
    files.becomeConservative();
    caActive = false;
    try {
      await opened.reopen();
      if (rerunCa) await runCa(rerunCa);
    } catch (failure) {
      if (!(failure instanceof CardError) || READ_BROKEN.has(failure.code)) throw failure;
      giveUp(failure.message);
    }
  };
  /** One step of the read, run again after a recovery; every MAC-verified answer under pending CA keys confirms CA. */
  const step = async <T>(action: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await action();
      } catch (error) {
        if (!(error instanceof CardError) || !(error instanceof SecureMessagingError || error.code === 'transport')) throw error;
        await recover(error);
      } finally {
        if (caSession?.verifiedResponses) {
          chipAuthentication = { result: 'passed', reason: 'a response MAC-verified under the chip-authentication keys' };
          caSession = null;
        }
      }
    }
  };

  let com: number[] = DEFAULT_GROUPS;
  try {
    const comBytes = await step(() => files.read(EF.COM));
    if (comBytes) com = parseCom(comBytes).dataGroups;
    else warnings.push('EF.COM is missing');
  } catch (error) {
    rethrowFatal(error);
    warnings.push(`EF.COM unreadable: ${(error as Error).message}`);
  }
  progress('com');

  const dataGroups = new Map<number, Uint8Array>();
  /** Why each group asked for was not delivered; the ones EF.SOD lists decide the checks. */
  const notDelivered = new Map<number, string>();
  const readGroup = (number: number): Promise<Uint8Array | null> =>
    step(async () => {
      if (accessLost) {
        notDelivered.set(number, accessLost);
        warnings.push(`DG${number} ${accessLost}`);
        return null;
      }
      try {
        const bytes = await files.read(dataGroupFile(number));
        if (bytes) dataGroups.set(number, bytes);
        else {
          notDelivered.set(number, 'missing or empty');
          warnings.push(`DG${number} is missing or empty`);
        }
        return bytes;
      } catch (error) {
        rethrowFatal(error);
        const why = (error as CardError).code === 'access-denied' ? 'refused by the chip' : `unreadable: ${(error as Error).message}`;
        notDelivered.set(number, why);
        warnings.push(`DG${number} ${why}`);
        return null;
      }
    });

  let photo: FaceImage | null = null;
  const readPhoto = async (wanted: boolean) => {
    if (options.photo === false || !wanted) return;
    const dg2 = await readGroup(2);
    if (dg2) {
      try {
        photo = parseDg2(dg2);
      } catch (error) {
        warnings.push(`DG2 malformed: ${(error as Error).message}`);
      }
    }
    progress('dg2');
  };
  const photoFirst = options.strategy?.order === 'dg2-first';

  const dg1 = await step(() => files.read(EF.DG1));
  if (!dg1) throw new CardError('unsupported-card', 'DG1 (MRZ) is missing');
  dataGroups.set(1, dg1);
  const mrz = parseDg1(dg1);
  progress('dg1');
  if (photoFirst) await readPhoto(com.includes(2));

  let holder: Holder | null = null;
  const readHolder = async () => {
    const dg13 = await readGroup(13);
    if (dg13) {
      try {
        holder = parseDg13(dg13);
      } catch (error) {
        warnings.push(`DG13 malformed: ${(error as Error).message}`);
      }
    }
    progress('dg13');
  };
  if (com.includes(13)) await readHolder();
  options.onIdentity?.({ mrz, holder, access });
  progress('identity');

  // EF.SOD only serves verification, so it follows the identity (the benchmarks showed reading it first
  // made the person appear ~25 % later than the lower bound).
  let sod: Uint8Array | null = null;
  try {
    sod = await step(() => files.read(EF.SOD));
    if (!sod) warnings.push('EF.SOD is missing');
  } catch (error) {
    rethrowFatal(error);
    warnings.push(`EF.SOD unreadable: ${(error as Error).message}`);
  }
  progress('sod');
  // The signed list of data groups says what must be there; EF.COM, which nobody signs, is only a hint.
  const listed = sodGroups(sod);
  const wanted = (number: number) => com.includes(number) || listed.has(number);
  if (!dataGroups.has(13) && !notDelivered.has(13) && wanted(13)) await readHolder();

  let dg14: SecurityInfos | null = null;
  if (wanted(14)) {
    const bytes = await readGroup(14);
    progress('dg14');
    if (bytes) {
      try {
        dg14 = parseDg14(bytes);
      } catch (error) {
        notDelivered.set(14, `malformed: ${(error as Error).message}`);
        warnings.push(`DG14 malformed: ${(error as Error).message}`);
      }
    }
    if (dg14) {
      const infos = dg14;
      await step(async () => {
        // A retry after a recovery that already failed CA (or lost access) does not start it again.
        if (!accessLost && chipAuthentication.result !== 'failed') await runCa(infos);
      });
      progress('ca');
    }
  }
  if (listed.has(14) && notDelivered.has(14)) chipAuthentication = { result: 'failed', reason: `DG14 is listed in EF.SOD but ${notDelivered.get(14)}` };

  let activeAuthentication: CheckResult = { result: 'not-supported', reason: 'the chip has no DG15' };
  if (wanted(15)) {
    const bytes = await readGroup(15);
    progress('dg15');
    let dg15: Dg15 | null = null;
    if (bytes) {
      try {
        dg15 = parseDg15(bytes);
      } catch (error) {
        notDelivered.set(15, `malformed: ${(error as Error).message}`);
        warnings.push(`DG15 malformed: ${(error as Error).message}`);
      }
    }
    if (dg15) {
      const key = dg15;
      activeAuthentication = await step(async () =>
        accessLost ? { result: 'failed', reason: `could not be run: ${accessLost}` } : performActiveAuthentication(transport, key, dg14, random),
      );
      progress('aa');
    }
  }
  if (listed.has(15) && notDelivered.has(15)) activeAuthentication = { result: 'failed', reason: `DG15 is listed in EF.SOD but ${notDelivered.get(15)}` };

  if (!photoFirst) await readPhoto(wanted(2));
  if (caSession) {
    // Nothing was read after CA: confirm with one protected command anyway (its answer is not kept).
    await step(async () => {
      if (accessLost) return;
      try {
        await files.read(EF.DG1);
      } catch (error) {
        rethrowFatal(error);
      }
    });
    // Still unconfirmed: the recoveries ran out or access was lost.
    if (caSession) failCa('no response MAC-verified under the chip-authentication keys');
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
    undelivered: [...notDelivered].filter(([group]) => listed.has(group)).map(([group, why]) => ({ group, why })),
    warnings,
    stats: { ...transport.stats, recoveries, elapsedMs: elapsed() },
  };
}

/** The data groups EF.SOD has hashes for; none when it is missing or unreadable (passive authentication says so). */
function sodGroups(sod: Uint8Array | null): Set<number> {
  if (!sod) return new Set();
  try {
    // DG3 and DG4 need Terminal Authentication (EAC): never asked for, so never owed.
    return new Set([...parseSod(sod).dataGroupHashes.keys()].filter((group) => group !== 3 && group !== 4));
  } catch {
    return new Set();
  }
}

async function readCardAccess(files: FileReader, warnings: string[]): Promise<Uint8Array | null> {
  try {
    return await files.read(EF.CardAccess);
  } catch (error) {
    rethrowFatal(error);
    // 6982/6A82 or garbage: no PACE, use BAC (docs/cccd-chip.md "Access control").
    if (!(error instanceof CardError) || error.code !== 'access-denied') warnings.push(`EF.CardAccess unreadable: ${(error as Error).message}`);
    return null;
  }
}

/**
 * Opens access again. The first plain command after a lost session may only end the chip's side of it
 * (6987/6988, ICAO 9303-11 §9.8.5); the second is then answered.
 */
async function again(open: () => Promise<void>): Promise<void> {
  try {
    await open();
  } catch (error) {
    if (!(error instanceof CardError) || (error.sw !== SW.SM_OBJECTS_MISSING && error.sw !== SW.SM_OBJECTS_INCORRECT)) throw error;
    await open();
  }
}

/** Access as opened, and how to open it again with the key that worked (a recovery). */
interface OpenedAccess {
  access: 'PACE' | 'BAC';
  reopen: () => Promise<void>;
}

async function establishAccess(
  transport: ApduTransport,
  cardAccessBytes: Uint8Array | null,
  candidates: ReturnType<typeof accessCandidates>,
  random: RandomSource,
): Promise<OpenedAccess> {
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
    const info = paceInfo;
    for (const password of pacePasswords(candidates)) {
      if (attempts++ >= MAX_KEY_ATTEMPTS) break;
      const open = async () => {
        transport.sm = null;
        await performPace(transport, info, password, random);
        await selectApplet(transport);
      };
      try {
        await open();
        return { access: 'PACE', reopen: () => again(open) };
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
    const open = async () => {
      transport.sm = null;
      await selectApplet(transport);
      await performBac(transport, bacKeys(mrzInformation(key)), random);
    };
    try {
      await open();
      return { access: 'BAC', reopen: () => again(open) };
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

/** Card gone, reader gone, the secure channel broken or a hostile card: nothing more can be read. */
function rethrowFatal(error: unknown): void {
  if (!(error instanceof CardError) || error.endsRead) throw error;
}

/** Failures of the read itself rather than of the chip's answers: they end the read whatever the step. */
const READ_BROKEN: ReadonlySet<CardError['code']> = new Set(['card-removed', 'transport', 'card-timeout', 'replay-divergence']);

function documentTypeOf(mrz: Mrz, holder: Holder | null): ChipRead['documentType'] {
  if (mrz.format === 'TD3') return 'passport';
  return mrz.issuingState === 'VNM' && holder ? 'cccd' : 'id-card';
}
