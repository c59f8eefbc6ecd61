// The core behind the contract: one dispatcher that validates every request and response with the
// contract's schemas, so hosts (Electron IPC, web host, tests) only carry bytes and check senders.
import {
  CodedError,
  ContractError,
  events,
  isRequestChannel,
  requests,
  type AppInfo,
  type CertificateInfo,
  type ConnectionResult,
  type Operator,
  type ReadChannel,
  type UploadPurpose,
  type EventChannel,
  type EventOf,
  type RequestChannel,
  type ResponseOf,
  type SiteJoinRequest,
} from '../contract';
import type { z } from 'zod';
import { parseCccdQr } from '../card/keys/qr';
import { DeskReads } from '../desk/desk-reads';
import type { GatewayClient, Staff } from '../insurance';
import type { Logger } from '../log/logger';
import type { ReaderPort } from '../reader/port';
import { SettingsError, type SettingsStore } from '../settings/settings-store';
import type { OperatorSession } from '../desk/operator-session';
import { SiteStoreError } from '../site-store/errors';
import { TrustError } from '../trust/certificates';
import { BackupError } from '../backup/archive';
import type { BackupSummary } from '../backup/installation-backup';
import type { InstallationTrust } from '../trust/installation-trust';
import type { TrustStore } from '../trust/trust-store';
import type { VisitsPort } from '../desk/visits-port';
import type { Clock } from '../util/clock';
import type { DemoCards } from './demo-kit';
import type { Downloads } from './downloads';
import { checkSite, joinSite, siteCheckCodeOf, type JoinSiteRequest, type OpenSite } from './join-site';
import type { Uploads } from './uploads';
import type { InstallationMode } from '../settings/installation';

export interface CoreDeps {
  /** Asked each time: a first-run setup changes `setupRequired`. */
  info: () => AppInfo;
  readers: ReaderPort;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  trust: () => TrustStore;
  gateway: (channel: ReadChannel) => { client: GatewayClient; staff: Staff } | null;
  /** Who works at this desk (production); a demo has its one registered staff member instead. */
  operators: OperatorSession | null;
  /** Files received by the host outside the contract. */
  uploads: Uploads;
  /** Files handed out outside the contract (a backup, for the web host's GET /download). */
  downloads: Downloads;
  /** Electron's save dialog; absent where the page downloads the file (web host). */
  saveFile?: (fileName: string, bytes: Uint8Array) => Promise<boolean>;
  /** The installation's backup, and its restore into this (new) installation, by the host's session. */
  backup?: { create(passphrase: string): Promise<Uint8Array>; restore(archive: Uint8Array, passphrase: string): Promise<BackupSummary> };
  /** Electron's file dialog; absent where the UI uploads itself (web host). */
  chooseFile?: (purpose: UploadPurpose) => Promise<Uint8Array | null>;
  /** Checks and keeps the facility's signing certificate. */
  setCertificate: (p12: Uint8Array, password: string, adminPin: string | undefined) => CertificateInfo;
  testConnection: (operator: Staff) => Promise<ConnectionResult>;
  /** Boots the core again on the saved configuration. */
  restart: () => void;
  /** The simulated cards of a demo installation; null in production. */
  demo: DemoCards | null;
  /** Switches the installation between production and demo (the host boots the core again). */
  setMode: (mode: InstallationMode) => void;
  visits: VisitsPort;
  /** Prints a ticket silently where the host can (Electron); absent elsewhere. */
  printTicket?: (visitId: string, printerName: string | null) => Promise<boolean>;
  /** The trust list as Settings shows it, and administrators' imports (trust/installation-trust.ts). */
  trustAdmin: Pick<InstallationTrust, 'list' | 'imports' | 'import'>;
  /** How joining reaches a site store (tests give a fake); the real one by default. */
  openSite?: OpenSite;
}

/** The setup screen waits this long at most for a site store to answer. */
const SITE_TIMEOUT_MS = 5_000;

/** Which field of the site form a refusal is about, so the words show beside it. */
const SITE_FIELDS: Partial<Record<ReturnType<typeof siteCheckCodeOf>, string>> = {
  invalid: 'url',
  unreachable: 'url',
  timeout: 'url',
  'enrolment-invalid': 'passphrase',
  'wrong-site': 'uploadId',
  'wrong-key': 'uploadId',
  'demo-mismatch': 'uploadId',
  'station-taken': 'stationCode',
};

/** Settings and site store refusals of a join as contract errors with their words. */
async function joinCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SiteStoreError) throw ContractError.carrying(error.transient ? 'unavailable' : 'bad-request', error.message.slice(0, 300), error, SITE_FIELDS[siteCheckCodeOf(error)]);
    if (error instanceof SettingsError) throw settingsRefusal(error);
    throw error;
  }
}

/** Requests that count as someone working at the desk. */
const DESK_WORK = new Set<RequestChannel>(['desk.read', 'checkin.create', 'visits.today', 'visits.cancel', 'visits.correct', 'queue.callNext', 'queue.skip', 'queue.recall', 'sim.tap']);

/** Settings refusals as contract errors: the field goes along so the form can show the words beside it. */
function settingsCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    throw settingsRefusal(error);
  }
}

function settingsRefusal(error: SettingsError): ContractError {
  return ContractError.carrying(error.code === 'invalid' ? 'bad-request' : 'forbidden', error.message, error, error.field);
}

/** Backup refusals as contract errors, with the backup's words for the UI; the code leads the message for logs. */
async function backupCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    const field = error.code === 'wrong-passphrase' || error.code === 'weak-passphrase' ? 'passphrase' : undefined;
    throw ContractError.carrying('bad-request', `${error.code}: ${error.message}`, error, field);
  }
}

/** `tiepdon-01001-K1-20260315-0830.tiepdon-backup`, in Vietnam time. */
function backupFileName(settings: SettingsStore, now: Date): string {
  const { facility, stationCode } = settings.get();
  const stamp = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace(/-/g, '').replace('T', '-').replace(':', '');
  return `tiepdon-${facility?.code ?? 'demo'}-${stationCode.replace(/[^A-Za-z0-9]/g, '')}-${stamp}.tiepdon-backup`;
}

type Handlers = {
  [C in RequestChannel]: (request: z.output<(typeof requests)[C]['request']>) => Promise<ResponseOf<C>>;
};

/** What a host needs of the core: requests in, events out. */
export type ContractCore = Pick<Core, 'dispatch' | 'subscribe'>;

export type EventListener = <C extends EventChannel>(channel: C, payload: EventOf<C>) => void;

export class Core {
  private readonly handlers: Handlers;
  private readonly listeners = new Set<EventListener>();
  private readonly stopWatching: () => void;
  private readonly desk: DeskReads;

  constructor(private readonly deps: CoreDeps) {
    this.desk = new DeskReads({ ...deps, emit: (event) => this.emit('read.event', event) });
    this.handlers = {
      'app.info': async () => deps.info(),
      'readers.list': () => deps.readers.list(),
      'settings.get': async () => deps.settings.get(),
      'settings.set': async (patch) => {
        const next = settingsCall(() => deps.settings.update(patch));
        deps.logger.info({ keys: Object.keys(patch).filter((key) => key !== 'adminPin') }, 'settings changed');
        return next;
      },
      'app.restart': async () => {
        setImmediate(deps.restart);
        return {};
      },
      'setup.certificate': async ({ uploadId, password, adminPin }) => {
        const bytes = deps.uploads.take(uploadId, 'certificate');
        const info = settingsCall(() => deps.setCertificate(bytes, password, adminPin));
        deps.logger.info({ notAfter: info.notAfter }, 'signing certificate set');
        return info;
      },
      'setup.testConnection': async ({ operatorId }) => {
        const operator = deps.settings.operator(operatorId);
        if (!operator) throw new ContractError('bad-request', 'that CCCD is not on the roster', 'operatorId');
        return deps.testConnection(operator);
      },
      'site.check': async (request) => {
        // The check connects wherever it is told: once an administrator PIN guards this PC, only with it.
        settingsCall(() => deps.settings.authorize(request.adminPin));
        return checkSite(deps.settings, this.siteRequest(request), deps.openSite);
      },
      'site.join': async (request) => {
        const membership = await joinCall(() => joinSite(deps.settings, this.siteRequest(request), deps.clock, deps.openSite));
        deps.uploads.drop(request.uploadId);
        // The site's id and the code only: the URL may carry a password.
        deps.logger.info({ siteId: membership.siteId, station: request.stationCode }, 'joined the site store');
        return membership;
      },
      'backup.create': async ({ passphrase, adminPin }) => {
        settingsCall(() => deps.settings.authorize(adminPin));
        const backup = this.backupOnly();
        const bytes = await backupCall(() => backup.create(passphrase));
        const fileName = backupFileName(deps.settings, deps.clock.now());
        deps.logger.info({ bytes: bytes.length }, 'backup made');
        if (deps.saveFile) return { fileName, downloadId: null, saved: await deps.saveFile(fileName, bytes) };
        return { fileName, downloadId: deps.downloads.put(fileName, bytes), saved: false };
      },
      'backup.restore': async ({ uploadId, passphrase }) => {
        const info = deps.info();
        // Over a configured installation only the command line restores (tiepdon restore --force).
        if (info.mode !== 'production' || !info.setupRequired) throw new ContractError('forbidden', 'a backup is restored on a new installation only, from its first-run screen');
        const backup = this.backupOnly();
        const summary = await backupCall(() => backup.restore(deps.uploads.get(uploadId, 'backup'), passphrase));
        deps.uploads.drop(uploadId);
        deps.logger.info({ made: summary.createdAt, mode: summary.mode }, 'backup restored');
        return { createdAt: summary.createdAt, mode: summary.mode };
      },
      'files.choose': async ({ purpose }) => {
        if (!deps.chooseFile) throw new ContractError('unavailable', 'this host uploads files itself');
        const bytes = await deps.chooseFile(purpose);
        return { uploadId: bytes ? deps.uploads.put(purpose, bytes) : null };
      },
      'operator.current': async () => this.currentOperator(),
      'operator.signIn': async ({ idNumber }) => {
        const operator = this.operatorsOnly().signIn(idNumber);
        if (!operator) throw new ContractError('bad-request', 'that CCCD is not on the roster', 'idNumber');
        deps.logger.info('operator signed in');
        return operator;
      },
      'operator.signOut': async () => {
        this.operatorsOnly().signOut();
        return {};
      },
      'audit.list': async ({ adminPin, limit }) => {
        settingsCall(() => deps.settings.authorize(adminPin));
        return deps.visits.audit(limit);
      },
      'demo.ping': async ({ message }) => ({ message, receivedAt: deps.clock.now().toISOString() }),
      'desk.read': async ({ reader, key, channel }) => ({ readId: this.desk.start(reader ?? (await this.chooseReader()), key, channel) }),
      'desk.parseQr': async ({ text }) => {
        try {
          return parseCccdQr(text);
        } catch {
          return null;
        }
      },
      'services.list': async () => deps.settings.get().services,
      'checkin.create': async (request) => {
        const read = request.readId ? this.desk.get(request.readId) : null;
        if (request.readId && !read) throw new ContractError('bad-request', 'that card read is no longer available; read the card again');
        if (read && !read.done) throw new ContractError('bad-request', 'the card is still being read');
        return deps.visits.checkIn(request, read ?? null);
      },
      'visits.today': ({ search }) => deps.visits.today(search),
      'visits.retry': async ({ visitId }) => {
        await deps.visits.retry(visitId);
        return {};
      },
      'ticket.get': ({ visitId }) => deps.visits.ticket(visitId),
      // Silent printing is the Electron host's; elsewhere the ticket is shown and printed from the page.
      'ticket.print': async ({ visitId }) => ({ printed: deps.printTicket ? await deps.printTicket(visitId, deps.settings.get().printerName) : false }),
      'visits.cancel': ({ visitId, reason }) => deps.visits.cancel(visitId, reason),
      'visits.correct': (request) => deps.visits.correct(request),
      'queue.callNext': async ({ counter }) => ({ called: await deps.visits.callNext(counter) }),
      'queue.skip': async ({ counter }) => ({ skipped: await deps.visits.skip(counter) }),
      'queue.recall': async ({ counter, visitId }) => ({ called: await deps.visits.recall(counter, visitId) }),
      'queue.nowServing': () => deps.visits.nowServing(),
      'queue.display': () => deps.visits.display(),
      'queue.siteState': async () => deps.visits.queueSite(),
      'sync.state': async () => deps.visits.syncState(),
      'sync.flush': () => deps.visits.flush(),
      'his.state': async () => deps.visits.hisState(),
      'his.retryDead': async ({ adminPin }) => {
        settingsCall(() => deps.settings.authorize(adminPin));
        return deps.visits.hisRetryDead();
      },
      'trust.import': async ({ fileName, uploadId, confirmation, adminPin }) => {
        settingsCall(() => deps.settings.authorize(adminPin));
        try {
          const result = deps.trustAdmin.import(deps.uploads.get(uploadId, 'trust'), { fileName, via: 'settings', acceptUnsigned: confirmation?.acceptUnsigned === true });
          // An unsigned file waits for the confirmation with the same upload; anything else is done with it.
          if (result.status !== 'needs-confirmation') deps.uploads.drop(uploadId);
          deps.logger.info({ status: result.status, signed: result.status === 'imported' && result.signedBy !== null }, 'trust import');
          return result;
        } catch (error) {
          if (error instanceof TrustError) throw ContractError.carrying('bad-request', `${error.code}: ${error.message.slice(0, 300)}`, error);
          throw error;
        }
      },
      'trust.list': async () => deps.trustAdmin.list(),
      'trust.imports': async () => deps.trustAdmin.imports(),
      'retention.last': async () => deps.visits.lastPurge(),
      'kiosk.exit': async ({ pin }) => {
        const ok = deps.settings.verifyKioskPin(pin);
        if (ok) this.emit('kiosk.exited', {});
        deps.logger.info({ ok }, 'kiosk exit attempted');
        return { ok };
      },
      'app.setMode': async ({ mode }) => {
        const from = deps.info().mode;
        deps.logger.info({ from, to: mode }, 'installation mode change asked');
        if (mode !== from) deps.setMode(mode);
        return {};
      },
      'sim.personas': async () => deps.demo?.personas() ?? [],
      'sim.tap': async ({ personaId, channel }) => {
        const { reader, key } = this.demoOnly().tap(personaId);
        return { readId: this.desk.start(reader, key, channel) };
      },
      'sim.remove': async () => {
        this.demoOnly().remove();
        return {};
      },
    };
    const stopReaders = deps.readers.watch((event) => this.emit('readers.changed', event));
    const stopOperators = deps.operators?.watch((operator) => this.emit('operator.changed', operator)) ?? (() => undefined);
    const stopVisits = deps.visits.watch((event) => {
      if (event.type === 'visits-changed') this.emit('visits.changed', {});
      else if (event.type === 'called') this.emit('queue.called', event.called);
      else if (event.type === 'site') this.emit('queue.site', event.state);
      else this.emit('sync.changed', event.state);
    });
    this.stopWatching = () => {
      stopReaders();
      stopOperators();
      stopVisits();
    };
  }

  /** Validates, runs and re-validates one request. Throws ContractError only. */
  async dispatch(channel: unknown, payload: unknown): Promise<unknown> {
    if (!isRequestChannel(channel)) throw new ContractError('unknown-channel', `unknown channel ${String(channel).slice(0, 64)}`);
    const spec = requests[channel];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ContractError('bad-request', `${channel}: ${issue?.message ?? 'invalid'}`, issue?.path.join('.') || undefined);
    }
    // Work at the desk keeps its operator signed in.
    if (DESK_WORK.has(channel)) this.deps.operators?.touch();
    let result: unknown;
    try {
      result = await (this.handlers[channel] as (request: unknown) => Promise<unknown>)(parsed.data);
    } catch (error) {
      if (error instanceof ContractError) throw error;
      this.deps.logger.error({ err: error, channel }, 'request failed');
      // A module's coded error keeps its words on the way to the UI.
      if (error instanceof CodedError) throw ContractError.carrying('internal', `${channel} failed`, error);
      throw new ContractError('internal', `${channel} failed`);
    }
    const checked = spec.response.safeParse(result);
    if (!checked.success) {
      this.deps.logger.error({ channel, issues: checked.error.issues.length }, 'handler returned an invalid response');
      throw new ContractError('bad-response', `${channel} returned an invalid response`);
    }
    return checked.data;
  }

  /** A site form as joining takes it: the uploaded enrolment file (kept for the join after a check), the installation's mode. */
  private siteRequest({ url, uploadId, passphrase, stationCode, adminPin }: SiteJoinRequest): JoinSiteRequest {
    const enrolment = Buffer.from(this.deps.uploads.get(uploadId, 'enrolment')).toString('utf8');
    return { url, enrolment, passphrase, stationCode, demo: this.deps.info().mode === 'demo', timeoutMs: SITE_TIMEOUT_MS, ...(adminPin !== undefined ? { adminPin } : {}) };
  }

  /** The operator the desk's lookups carry: the one signed in, or a demo's staff member. */
  private currentOperator(): Operator | null {
    if (!this.deps.operators) return this.deps.gateway('desk')?.staff ?? null;
    return this.deps.operators.current();
  }

  private operatorsOnly(): OperatorSession {
    if (!this.deps.operators) throw new ContractError('unavailable', 'a demo has one staff member and no roster');
    return this.deps.operators;
  }

  private backupOnly(): NonNullable<CoreDeps['backup']> {
    if (!this.deps.backup) throw new ContractError('unavailable', 'this host makes no backups');
    return this.deps.backup;
  }

  private demoOnly(): DemoCards {
    if (!this.deps.demo) throw new ContractError('unavailable', 'simulated cards exist in demo mode only');
    return this.deps.demo;
  }

  /** The preferred reader when it is there, else the first with a card, else the first. */
  private async chooseReader(): Promise<string> {
    const { readers } = await this.deps.readers.list();
    const preferred = this.deps.settings.get().preferredReader;
    const chosen = readers.find((r) => r.name === preferred) ?? readers.find((r) => r.cardPresent) ?? readers[0];
    if (!chosen) throw new ContractError('unavailable', 'no card reader');
    return chosen.name;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.stopWatching();
    this.listeners.clear();
    await this.desk.close();
  }

  private emit<C extends EventChannel>(channel: C, payload: EventOf<C>): void {
    const checked = events[channel].safeParse(payload);
    if (!checked.success) {
      this.deps.logger.error({ channel }, 'dropped an invalid event');
      return;
    }
    for (const listener of this.listeners) listener(channel, checked.data as EventOf<C>);
  }
}
