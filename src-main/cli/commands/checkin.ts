// `tiepdon checkin`: one check-in from the command line, as a desk does it: read the card (or take the
// QR or typed identity), look the patient up at the gateway (or queue the lookup when it cannot be
// reached), record the visit with its queue number and outbox items in one transaction, then send the
// check-in report at once if the gateway answered. Support staff use it to prove a desk's setup works.
import { CodedError, type Words } from '../../contract/errors';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CardError } from '../../card/errors';
import { parseCccdQr } from '../../card/keys/qr';
import { CheckInError, openCheckInStation, readCardIdentity, typedIdentity, type CheckInStation, type IdentityInput } from '../../checkin';
import { systemClock, type Clock } from '../../util/clock';
import type { InstallationDesk } from '../../core/boot';
import { InstallationError } from '../../settings/installation';
import { BackupError } from '../../backup/archive';
import { identityFromQr } from '../../checkin/identity';
import { facilityOfUsername, GatewayError, loadFacilityCredential, type FacilityCredential } from '../../insurance';
import { ReaderError } from '../../reader/port';
import { FileKeyStore, StoreError, type StaffMember } from '../../store';
import { TrustError } from '../../trust/certificates';
import { readTrustPath } from '../../trust/trust-material';
import { loadDefaultTrust } from '../../trust/default-trust';
import { TrustStore } from '../../trust/trust-store';
import type { Verification } from '../../contract';
import { accessFrom, cardKeyOptions, isSimulatedReader, readerPortFor } from '../card-options';
import { RefusedError, UsageError } from '../errors';
import { cliInstallationMode, openCliInstallation, refuseFlags } from '../installation-dir';
import { printJson, type CliIo } from '../io';

export const checkinUsage = `Usage: npm run -s tiepdon -- checkin (--data-dir DIR | --db FILE <account>) <patient> [options]

  patient: --reader <PC/SC reader | sim:<persona>> [--can N | --id ID12 --dob dd/mm/yyyy | --mrz-key K | --qr "…"]
         | --qr "<QR text>"                               (no chip: the front-side QR alone)
         | --id ID --name "FULL NAME" --dob DATE [--sex Nam|Nữ]   (typed by staff)
  --data-dir DIR   an installation: its database, key, gateway account, staff and trust list. A demo
                   installation (tiepdon setup --demo) reads simulated cards only and reports to its
                   embedded gateway simulator; a production one refuses simulated cards.
  --db FILE        no installation, everything from flags (scripts, support):
                   --gateway URL --username NNNNN_BV --password P --staff-name NAME --staff-id ID12
                   [--signing-cert FILE.p12 --signing-cert-password PW] [--station A] [--facility NNNNN]
                   [--key-file FILE]. Simulated cards only with a gateway on this machine (a simulator).
  options: [--service CODE [--service-name NAME]] [--trust FILE|DIR]… [--lookup-timeout-ms N] [--json]

  Facility code and province default from the username (01001_BV → 01001, province 01).
  --password, --signing-cert-password: or TIEPDON_GATEWAY_PASSWORD, TIEPDON_SIGNING_CERT_PASSWORD.
  --key-file: the database key (default FILE.key beside the database, rights 0600). The desktop app
  keeps its key in the OS key store instead; a key file is only as safe as the folder it is in.`;

/** The account, staff and signing options `checkin` and `sync` share. */
export const accountOptions = {
  db: { type: 'string' },
  gateway: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'staff-name': { type: 'string' },
  'staff-id': { type: 'string' },
  'signing-cert': { type: 'string' },
  'signing-cert-password': { type: 'string' },
  'key-file': { type: 'string' },
  station: { type: 'string', default: 'A' },
  facility: { type: 'string' },
  'connect-timeout-ms': { type: 'string', default: '15000' },
  'timeout-ms': { type: 'string', default: '60000' },
  json: { type: 'boolean', default: false },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;

const text = (values: Values, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

export function required(values: Values, names: readonly string[]): void {
  const missing = names.filter((name) => !text(values, name));
  if (missing.length > 0) throw new UsageError(`Missing --${missing.join(', --')}`);
}

export function staffFrom(values: Values): StaffMember | null {
  const fullName = text(values, 'staff-name');
  const idNumber = text(values, 'staff-id');
  return fullName && idNumber ? { fullName, idNumber } : null;
}

export function credentialFrom(values: Values, env: NodeJS.ProcessEnv): FacilityCredential | null {
  const file = text(values, 'signing-cert');
  if (!file) return null;
  const password = text(values, 'signing-cert-password') ?? env.TIEPDON_SIGNING_CERT_PASSWORD;
  if (password === undefined) throw new UsageError('Missing --signing-cert-password');
  return loadFacilityCredential(readFileSync(file), password);
}

/** Opens the desk's store and outbox with the account given on the command line. */
export async function deskFrom(values: Values, io: CliIo, deps: { clock: Clock; env: NodeJS.ProcessEnv }): Promise<CheckInStation> {
  required(values, ['db', 'gateway', 'username']);
  const password = text(values, 'password') ?? deps.env.TIEPDON_GATEWAY_PASSWORD;
  if (!password) throw new UsageError('Missing --password');
  const connectMs = Number(text(values, 'connect-timeout-ms'));
  const totalMs = Number(text(values, 'timeout-ms'));
  if (!(connectMs > 0 && totalMs > 0)) throw new UsageError('timeouts must be positive numbers of milliseconds');
  const username = text(values, 'username')!;
  const facilityCode = text(values, 'facility') ?? facilityOfUsername(username)?.maCSKCB;
  if (!facilityCode) throw new UsageError('Give --facility, or a NNNNN_BV username');
  const db = text(values, 'db')!;
  const keyStore = new FileKeyStore(text(values, 'key-file') ?? `${db}.key`, { warn: (message) => io.err(`warning: ${message}`) });
  return openCheckInStation({
    dbFile: db,
    keyStore,
    clock: deps.clock,
    station: { stationCode: text(values, 'station') ?? 'A', facilityCode },
    gateway: { baseUrl: text(values, 'gateway')!, account: { username, password }, timeouts: { connectMs, totalMs } },
    credential: credentialFrom(values, deps.env),
  });
}

/** One line per error kind, with a code scripts can test; never personal data. */
export function errorShape(error: unknown): { code: string; message: string } {
  if (error instanceof UsageError) return { code: 'usage', message: error.message };
  if (error instanceof RefusedError || error instanceof InstallationError) return { code: 'refused', message: error.message };
  if (error instanceof AlreadyCheckedInError) return { code: error.code, message: error.message };
  if (error instanceof CheckInError || error instanceof StoreError || error instanceof BackupError) return { code: error.code, message: error.message };
  if (error instanceof GatewayError) return { code: error.code, message: error.message };
  if (error instanceof CardError) return { code: error.code, message: error.words.en };
  if (error instanceof ReaderError) return { code: error.code, message: error.message };
  if (error instanceof TrustError) return { code: 'trust-file', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** The patient has a visit today already; `--allow-repeat` makes a second one, as staff confirm at the desk. */
export class AlreadyCheckedInError extends CodedError {
  readonly code = 'already-checked-in';
  constructor(readonly visitId: string) {
    super('already checked in today: give --allow-repeat for a second visit');
  }

  get words(): Words {
    return { vi: 'Người bệnh đã tiếp đón hôm nay.', en: 'The patient was already checked in today.' };
  }

  get retryable(): boolean {
    return false;
  }
}

async function identityFrom(values: Values, clock: Clock, trustStore: () => TrustStore): Promise<{ identity: IdentityInput; verification: Verification | null }> {
  const reader = text(values, 'reader');
  if (reader) {
    let trust = trustStore();
    for (const path of (values.trust as string[] | undefined) ?? []) trust = trust.with(readTrustPath(path));
    const card = await readCardIdentity(await readerPortFor(reader), { reader, access: accessFrom(values), trust, clock });
    return { identity: card.identity, verification: card.verification };
  }
  const qr = text(values, 'qr');
  if (qr) return { identity: identityFromQr(parseCccdQr(qr)), verification: null };
  required(values, ['id', 'name', 'dob']);
  return { identity: typedIdentity({ idNumber: text(values, 'id')!, fullName: text(values, 'name')!, dateOfBirth: text(values, 'dob')!, sex: text(values, 'sex') ?? null }), verification: null };
}

const isLoopback = (url: string) => {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
};

/** What a check-in runs on: the desk, who is working, and the trust list for the card's verdict. */
interface CheckinSetup {
  desk: CheckInStation;
  staff: StaffMember;
  trust: () => TrustStore;
  /** The Vietnamese name of a service code (the installation's list, or the code itself). */
  serviceName: (code: string) => string;
  close(): Promise<void>;
}

/** `--data-dir`: the installation's own configuration; a demo one brings its simulator up for the command. */
async function installationSetup(root: string, values: Values, io: CliIo, clock: Clock): Promise<CheckinSetup> {
  refuseFlags(values, ['db', 'gateway', 'username', 'password', 'staff-name', 'staff-id', 'signing-cert', 'key-file', 'facility']);
  const mode = cliInstallationMode(root, clock);
  const reader = text(values, 'reader');
  if (mode === 'production' && reader && isSimulatedReader(reader)) {
    throw new RefusedError(`${root} is a production installation: simulated cards are checked in only on a demo installation (tiepdon setup --demo --data-dir DIR)`);
  }
  if (mode === 'demo' && reader && !isSimulatedReader(reader)) throw new RefusedError(`${root} is a demo installation: it reads simulated cards only (--reader sim:<persona>)`);
  const opened = await openCliInstallation(root, mode, io, clock);
  try {
    const installation = opened.desk;
    const services = installation.settings.get().services;
    return {
      desk: installation.desk,
      staff: operatorFor(installation, values, root),
      trust: () => installation.trust.store(),
      serviceName: (code) => {
        const service = services.find((candidate) => candidate.code === code);
        if (!service) throw new UsageError(`--service ${code} is not one of ${root}'s services: ${services.map((candidate) => candidate.code).join(', ')}`);
        return service.name.vi;
      },
      close: () => opened.close(),
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/** `--operator CCCD`, or the roster's only operator; a demo has its one staff member. */
function operatorFor(installation: InstallationDesk, values: Values, root: string): StaffMember {
  if (!installation.operators) return installation.staffFor('desk')!;
  const roster = installation.settings.get().operators;
  const wanted = text(values, 'operator');
  if (wanted) {
    const operator = installation.settings.operator(wanted);
    if (!operator) throw new UsageError(`--operator ${wanted} is not on the roster of ${root}`);
    return operator;
  }
  if (roster.length === 1) return roster[0]!;
  throw new UsageError(roster.length === 0 ? `${root} has no operator: run tiepdon setup --staff "Họ tên:CCCD"` : `${root} has ${roster.length} operators: say who is working with --operator CCCD`);
}

/** `--db` and flags: no installation. A simulated card is never reported to a gateway off this machine. */
async function flagSetup(values: Values, io: CliIo, clock: Clock, env: NodeJS.ProcessEnv): Promise<CheckinSetup> {
  required(values, ['db', 'gateway', 'username', 'staff-name', 'staff-id']);
  const reader = text(values, 'reader');
  if (reader && isSimulatedReader(reader) && !isLoopback(text(values, 'gateway')!)) {
    throw new RefusedError('simulated cards are reported only to a gateway simulator on this machine (127.0.0.1): use a demo installation, or a real card');
  }
  const desk = await deskFrom(values, io, { clock, env });
  // Flags name no installation: the shipped default list and what --trust gives are trusted.
  return { desk, staff: staffFrom(values)!, trust: () => new TrustStore().with(loadDefaultTrust()), serviceName: (code) => (code === 'NOI' ? 'Khám Nội' : code), close: () => desk.close() };
}

export async function checkinCommand(args: string[], io: CliIo, deps: { clock?: Clock; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  if (args.includes('--help') || args[0] === 'help') {
    io.out(checkinUsage);
    return 0;
  }
  const clock = deps.clock ?? systemClock;
  const env = deps.env ?? process.env;
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...accountOptions,
      reader: { type: 'string' },
      ...cardKeyOptions,
      name: { type: 'string' },
      sex: { type: 'string' },
      trust: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      service: { type: 'string', default: 'NOI' },
      'service-name': { type: 'string' },
      'lookup-timeout-ms': { type: 'string', default: '10000' },
      operator: { type: 'string' },
      'allow-repeat': { type: 'boolean', default: false },
    },
  });
  let setup: CheckinSetup | null = null;
  try {
    const root = text(values, 'data-dir');
    setup = root ? await installationSetup(root, values, io, clock) : await flagSetup(values, io, clock, env);
    const { desk, staff } = setup;
    const { identity, verification } = await identityFrom(values, clock, setup.trust);
    // As at the desk: a second visit the same day only when staff say so.
    const earlier = desk.service.visitsTodayOf(identity.idNumber);
    if (earlier.length > 0 && !values['allow-repeat']) throw new AlreadyCheckedInError(earlier[0]!.visitId);
    const serviceCode = values.service!;
    const outcome = await desk.service.checkIn({
      identity,
      staff,
      service: { code: serviceCode, name: values['service-name'] ?? setup.serviceName(serviceCode) },
    });
    // The gateway just answered: send the report now rather than leave it for the next sync.
    let report: 'sent' | 'queued' = 'queued';
    if (outcome.eligibility.status !== 'pending' && desk.worker.state.pending > 0) {
      await desk.worker.drain();
      if (desk.store.visit(outcome.visitId)?.sync === 'sent') report = 'sent';
    }
    const result = {
      visitId: outcome.visitId,
      queueNumber: outcome.queueNumber,
      holder: { idNumber: identity.idNumber, fullName: identity.fullName },
      eligibility: outcome.eligibility,
      verification: { verdict: verification?.verdict ?? null },
      provenance: identity.provenance,
      flags: outcome.flags,
      report,
    };
    if (values.json) printJson(io, result);
    else {
      io.out(`${outcome.queueNumber} · ${identity.fullName} · ${identity.idNumber} · ${identity.provenance}${verification ? ` (${verification.verdict})` : ''}`);
      io.out(`BHYT: ${outcome.eligibility.status}${'code' in outcome.eligibility ? ` ${outcome.eligibility.code}` : ''} · check-in report ${report}`);
      for (const flag of outcome.flags) io.err(`flag: ${flag}`);
    }
    return 0;
  } catch (error) {
    const shape = errorShape(error);
    if (values.json) printJson(io, { error: error instanceof AlreadyCheckedInError ? { ...shape, visitId: error.visitId } : shape });
    io.err(`${shape.code}: ${shape.message}${error instanceof UsageError ? `\n\n${checkinUsage}` : ''}`);
    if (error instanceof AlreadyCheckedInError) return 3;
    return error instanceof UsageError || error instanceof RefusedError ? 2 : 1;
  } finally {
    await setup?.close();
  }
}
