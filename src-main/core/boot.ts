// Composition root of one core for one mode, shared by the web host, the CLI and the Electron main
// process (through `openAppSession`). Production uses the PC/SC readers, the gateway and staff from the
// settings and the installation's own trust list. Demo takes everything from the demo kit its host
// loaded: the simulated reader only, the embedded gateway simulator, the demo facility certificate and
// the test CSCAs — which nothing outside demo ever trusts.
import { join } from 'node:path';
import type { AppInfo } from '../contract';
import { openCheckInStation, type CheckInStation, type GatewayConfig } from '../checkin/checkin-station';
import { SiteQueueVisits } from '../desk/site-queue-visits';
import { StoreVisits } from '../desk/store-visits';
import type { VisitsPort } from '../desk/visits-port';
import { ContractError, type ReadChannel } from '../contract';
import { OperatorSession } from '../desk/operator-session';
import { facilityOfUsername, loadFacilityCredential, testConnection, type FacilityCredential, type Staff } from '../insurance';
import { readSigningCertificate } from '../settings/certificate';
import { SecretVault } from '../settings/secret-vault';
import { FileKeyStore, PiiCipher, StaticKeyStore, type KeyStore } from '../store';
import { SiteStore } from '../site-store/site-store';
import type { SiteLinkOptions } from '../checkin/site-link';
import type { Logger } from '../log/logger';
import { PcscReaderManager } from '../reader/pcsc-reader-manager';
import type { ReaderPort } from '../reader/port';
import { SettingsStore } from '../settings/settings-store';
import { InstallationTrust } from '../trust/installation-trust';
import { hisPushConfigOf } from '../handover/his-push';
import { ScheduledExport } from '../handover/scheduled-export';
import { appName, appVersion } from '../util/app-meta';
import type { Clock } from '../util/clock';
import { Core, type CoreDeps } from './core';
import type { DemoKit } from './demo-kit';
import type { InstallationMode } from '../settings/installation';
import { Downloads } from './downloads';
import { Uploads } from './uploads';

export interface BootOptions {
  host: AppInfo['host'];
  /** The mode's own data folder (`<root>/demo` for demo). */
  dataDir: string;
  /** Present exactly when booting a demo. */
  demo: DemoKit | null;
  logger: Logger;
  clock: Clock;
  /** Where the master key comes from: Electron's safeStorage in the app, a 0600 file elsewhere. */
  keyStore?: KeyStore;
  /** Replaces the PC/SC readers of production (tests). */
  readers?: ReaderPort;
  /** Silent ticket printing (the Electron host). */
  printTicket?: CoreDeps['printTicket'];
  /** Electron's file dialog. */
  chooseFile?: CoreDeps['chooseFile'];
  /** Electron's save dialog. */
  saveFile?: CoreDeps['saveFile'];
  /** Backup and restore of the installation (the host's session). */
  backup?: CoreDeps['backup'];
  setMode: CoreDeps['setMode'];
  restart: CoreDeps['restart'];
}

export interface Booted {
  core: Core;
  mode: InstallationMode;
  uploads: Uploads;
  downloads: Downloads;
  close(): Promise<void>;
}

/** Queue numbers need a facility; an installation not yet set up has none. */
const UNKNOWN_FACILITY = '00000';

/** The gateway from the settings, once its URL, account and password are there. */
function productionGateway(settings: SettingsStore): GatewayConfig | null {
  const { gateway: account } = settings.get();
  const passwordHash = settings.gatewayPasswordHash();
  return account.url && account.username && passwordHash ? { baseUrl: account.url, account: { username: account.username, passwordHash } } : null;
}

/** A production installation is set up once it can look patients up and sign what it reports. */
export function isSetUp(settings: SettingsStore): boolean {
  const current = settings.get();
  return productionGateway(settings) !== null && current.facility !== null && current.certificate !== null && current.operators.length > 0;
}

/** The signing credential from the vault; a file that no longer opens is logged and leaves reports queued. */
function productionCredential(settings: SettingsStore, logger: Logger): FacilityCredential | null {
  const file = settings.certificateFile();
  if (!file) return null;
  try {
    return loadFacilityCredential(file.p12, file.password);
  } catch (error) {
    logger.error({ err: error }, 'the stored signing certificate cannot be opened; check-in reports wait until it is replaced');
    return null;
  }
}

export interface InstallationDeskOptions {
  /** The mode's own data folder (`<root>/demo` for demo). */
  dataDir: string;
  demo: DemoKit | null;
  logger: Logger;
  clock: Clock;
  keyStore?: KeyStore;
  /** The site link's limits (the CLI's --site-timeout-ms); defaults otherwise. */
  site?: Partial<SiteLinkOptions>;
}

/** One mode's desk: its settings, store and outbox, gateway, operators and trust list. The app and the CLI share it. */
export interface InstallationDesk {
  settings: SettingsStore;
  /** MA_CSKCB of this installation (the demo's, the settings', or the gateway username's). */
  facilityCode: string;
  desk: CheckInStation;
  /** Production's operators at this desk; null in a demo, which has one staff member. */
  operators: OperatorSession | null;
  /** Whom a lookup from the desk or the kiosk is made as; null when nobody is signed in. */
  staffFor: (channel: ReadChannel) => Staff | null;
  /** The trust list: default, the demo's test CSCAs, imported; every read takes `trust.store()`. */
  trust: InstallationTrust;
  close(): Promise<void>;
}

/** The key store of the web host and the CLI: a 0600 file, with its warning on every use. */
export function fileKeyStore(dataDir: string, logger: Logger): KeyStore {
  return new FileKeyStore(join(dataDir, 'master.key'), { warn: (message) => logger.warn(message) });
}

/** A mode folder's settings, their secrets opened with its master key. */
export function openSettings(dataDir: string, masterKey: Uint8Array, now?: () => Date): SettingsStore {
  return new SettingsStore(join(dataDir, 'settings.json'), new SecretVault(join(dataDir, 'secrets.sealed'), masterKey), now);
}

/** The site store of a station that joined one; null for a lone station, or one whose enrolment does not fit its mode. */
function siteOf(settings: SettingsStore, demo: boolean, logger: Logger, options: Partial<SiteLinkOptions> | undefined) {
  const { site: membership, stationCode } = settings.get();
  const secrets = settings.siteSecrets();
  if (!membership || !secrets) return null;
  // Demo and production never mix, whatever a settings file says.
  if (membership.demo !== demo) {
    logger.error({ event: 'site-refused' }, membership.demo ? 'a production installation never joins a demo site' : 'a demo installation never joins a production site');
    return null;
  }
  return {
    site: SiteStore.open({ url: membership.url, password: secrets.password, applicationName: `tiepdon station ${stationCode}` }),
    cipher: new PiiCipher(secrets.key),
    siteId: membership.siteId,
    demo,
    stationCode,
    ...(options ? { options } : {}),
  };
}

export async function openInstallationDesk(options: InstallationDeskOptions): Promise<InstallationDesk> {
  const { demo, logger, clock } = options;
  const keyStore = options.keyStore ?? fileKeyStore(options.dataDir, logger);
  // One key for the settings' secrets and the database; asked for once (an OS key store may prompt).
  const masterKey = await keyStore.getOrCreateKey();
  const settings = openSettings(options.dataDir, masterKey, () => clock.now());
  if (settings.restoredFromLastGood) logger.warn({ brokenFile: settings.brokenFile }, 'settings were damaged: the last good copy is in use');
  const gatewayConfig = demo ? demo.gateway : productionGateway(settings);
  const username = gatewayConfig?.account.username ?? settings.get().gateway.username;
  const facilityCode = demo?.facilityCode ?? settings.get().facility?.code ?? (username ? facilityOfUsername(username)?.maCSKCB : undefined) ?? UNKNOWN_FACILITY;
  const desk = await openCheckInStation({
    dbFile: join(options.dataDir, 'tiepdon.db'),
    keyStore: new StaticKeyStore(masterKey),
    clock,
    logger,
    station: { stationCode: settings.get().stationCode, facilityCode },
    gateway: gatewayConfig && { ...gatewayConfig, checkInTable: settings.get().gateway.checkInTable },
    credential: demo ? demo.credential : productionCredential(settings, logger),
    checkin: { storePhotos: settings.get().storePhotos },
    retention: { days: () => settings.get().retentionDays, quietHour: () => settings.get().retentionQuietHour },
    site: siteOf(settings, demo !== null, logger, options.site),
    // A demo hands over to an HIS only when one is set, and tags all of it as test data.
    his: hisPushConfigOf(settings.get().his, settings.hisSecret(), { code: facilityCode, name: settings.get().facility?.name ?? null }, demo !== null),
  });
  const operators = demo ? null : new OperatorSession(settings, clock);
  const staffFor = (channel: ReadChannel): Staff | null => {
    if (demo) return demo.staff;
    if (channel === 'desk') return operators!.current();
    const kioskOperator = settings.get().kiosk.operatorId;
    return kioskOperator ? settings.operator(kioskOperator) : null;
  };
  // Refuses to start on an altered default trust list (TrustError 'tampered-resource').
  const trust = new InstallationTrust({
    dataDir: options.dataDir,
    clock,
    ...(demo ? { demo: demo.testCscas } : {}),
    onImported: (record) => desk.store.recordTrustImport(record, staffFor('desk'), clock.now()),
  });
  return {
    settings,
    facilityCode,
    desk,
    operators,
    staffFor,
    trust,
    close: async () => {
      operators?.close();
      await desk.close();
    },
  };
}

export async function bootCore(options: BootOptions): Promise<Booted> {
  const { demo, logger, clock } = options;
  const mode: InstallationMode = demo ? 'demo' : 'production';
  const readers = demo ? demo.readers : (options.readers ?? new PcscReaderManager());
  const installation = await openInstallationDesk(options);
  const { settings, desk, operators, staffFor, trust } = installation;
  // The desk's own lookups go through the same client as the outbox: one token, one lookup guard.
  const gateway = (channel: ReadChannel): ReturnType<CoreDeps['gateway']> => {
    const who = staffFor(channel);
    return desk.gateway && who ? { client: desk.gateway, staff: who } : null;
  };
  const own = new StoreVisits({ desk, clock, settings, staff: staffFor });
  // A station of a site calls from the site's queue and shows every counter's calls; alone otherwise.
  const site = desk.site;
  const visits: VisitsPort = site
    ? new SiteQueueVisits({
        inner: own,
        store: desk.store,
        ...site.calling(),
        stationCode: settings.get().stationCode,
        settings,
        clock,
        operator: () => staffFor('desk'),
        clockOffsetMs: () => site.clockOffsetMs(),
        logger: logger.child({ component: 'site-queue' }),
      })
    : own;
  // Files for an HIS that imports them, when Settings name a folder.
  const hisExportConfig = settings.get().his.export;
  const hisExport = hisExportConfig.folder
    ? new ScheduledExport({
        store: desk.store,
        clock,
        logger,
        config: { folder: hisExportConfig.folder, format: hisExportConfig.format, everyMinutes: hisExportConfig.everyMinutes },
        facility: { code: installation.facilityCode, name: settings.get().facility?.name ?? null },
        mapping: { includePhoto: settings.get().his.includePhoto, testData: demo !== null },
      })
    : null;
  hisExport?.start();
  const uploads = new Uploads(clock);
  const downloads = new Downloads(clock);
  const core = new Core({
    info: () => ({
      name: appName,
      version: appVersion,
      host: options.host,
      mode,
      setupRequired: !demo && !isSetUp(settings),
      platform: process.platform,
      notices: settings.restoredFromLastGood ? ['settings-restored' as const] : [],
    }),
    readers,
    settings,
    clock,
    logger,
    trust: () => trust.store(),
    gateway,
    operators,
    uploads,
    downloads,
    ...(options.chooseFile ? { chooseFile: options.chooseFile } : {}),
    ...(options.saveFile ? { saveFile: options.saveFile } : {}),
    ...(options.backup ? { backup: options.backup } : {}),
    setCertificate: (p12, password, adminPin) => {
      const { info } = readSigningCertificate(p12, password, clock.now());
      settings.setCertificate(p12, password, info, adminPin);
      return info;
    },
    testConnection: async (operator) => {
      const config = productionGateway(settings);
      if (!config) throw new ContractError('bad-request', 'enter the gateway address, username and password first', 'gateway');
      return testConnection(config, operator, clock);
    },
    restart: options.restart,
    demo: demo?.cards ?? null,
    visits,
    setMode: options.setMode,
    ...(options.printTicket ? { printTicket: options.printTicket } : {}),
    trustAdmin: trust,
  });
  logger.info({ host: options.host, version: appVersion, mode }, 'core started');
  return {
    core,
    mode,
    uploads,
    downloads,
    close: async () => {
      hisExport?.close();
      await core.close();
      // The PC/SC manager stops by itself when the core stops watching it.
      await visits.close();
      operators?.close();
    },
  };
}
