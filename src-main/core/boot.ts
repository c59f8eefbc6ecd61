// Composition root of one core for one mode, shared by the web host, the CLI and the Electron main
// process (through `openAppSession`). Production uses the PC/SC readers, the gateway and staff from the
// settings and the installation's own trust list. Demo takes everything from the demo kit its host
// loaded: the simulated reader only, the embedded gateway simulator, the demo facility certificate and
// the test CSCAs — which nothing outside demo ever trusts.
import { join } from 'node:path';
import type { AppInfo } from '../contract';
import { openCheckInDesk, type CheckInDesk, type GatewayConfig } from '../checkin/checkin-desk';
import { StoreVisits } from '../desk/store-visits';
import { facilityOfUsername, type Staff } from '../insurance';
import { FileKeyStore, type KeyStore } from '../store';
import type { Logger } from '../log/logger';
import { PcscReaderManager } from '../reader/pcsc-reader-manager';
import type { ReaderPort } from '../reader/port';
import { SettingsStore } from '../settings/settings-store';
import { readTrustMaterial } from '../trust/trust-material';
import { openTrustStore, saveTrustMaterial } from '../trust/trust-store-files';
import type { TrustStore } from '../trust/trust-store';
import { appName, appVersion } from './app-meta';
import type { Clock } from './clock';
import { Core, type CoreDeps } from './core';
import type { DemoKit } from './demo-kit';
import type { InstallationMode } from './installation';

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
  setMode: CoreDeps['setMode'];
}

export interface Booted {
  core: Core;
  mode: InstallationMode;
  close(): Promise<void>;
}

/** Queue numbers need a facility; an installation not yet set up has none. */
const UNKNOWN_FACILITY = '00000';

/** A production installation is set up once it can reach its gateway; until then the first-run screen shows. */
function productionGateway(settings: SettingsStore): GatewayConfig | null {
  const { gateway: account } = settings.get();
  const passwordHash = settings.gatewayPasswordHash();
  return account.url && account.username && passwordHash ? { baseUrl: account.url, account: { username: account.username, passwordHash } } : null;
}

export interface InstallationDeskOptions {
  /** The mode's own data folder (`<root>/demo` for demo). */
  dataDir: string;
  demo: DemoKit | null;
  logger: Logger;
  clock: Clock;
  keyStore?: KeyStore;
}

/** One mode's desk: its settings, store and outbox, gateway, staff and trust list. The app and the CLI share it. */
export interface InstallationDesk {
  settings: SettingsStore;
  desk: CheckInDesk;
  staff: () => Staff | null;
  trust: () => TrustStore;
}

export async function openInstallationDesk(options: InstallationDeskOptions): Promise<InstallationDesk> {
  const { demo, logger, clock } = options;
  const settings = new SettingsStore(join(options.dataDir, 'settings.json'), () => clock.now());
  if (settings.restoredFromLastGood) logger.warn({ brokenFile: settings.brokenFile }, 'settings were damaged: the last good copy is in use');
  const gatewayConfig = demo ? demo.gateway : productionGateway(settings);
  const keyStore = options.keyStore ?? new FileKeyStore(join(options.dataDir, 'master.key'), { warn: (message) => logger.warn(message) });
  const username = gatewayConfig?.account.username ?? settings.get().gateway.username;
  const facilityCode = demo?.facilityCode ?? (username ? facilityOfUsername(username)?.maCSKCB : undefined) ?? UNKNOWN_FACILITY;
  const desk = await openCheckInDesk({
    dbFile: join(options.dataDir, 'tiepdon.db'),
    keyStore,
    clock,
    logger,
    station: { stationCode: settings.get().stationCode, facilityCode },
    gateway: gatewayConfig,
    credential: demo?.credential ?? null,
    checkin: { storePhotos: settings.get().storePhotos },
  });
  return {
    settings,
    desk,
    staff: demo ? () => demo.staff : () => settings.get().staff,
    trust: () => (demo ? demo.trust(openTrustStore(options.dataDir)) : openTrustStore(options.dataDir)),
  };
}

export async function bootCore(options: BootOptions): Promise<Booted> {
  const { demo, logger, clock } = options;
  const mode: InstallationMode = demo ? 'demo' : 'production';
  const readers = demo ? demo.readers : (options.readers ?? new PcscReaderManager());
  const { settings, desk, staff, trust } = await openInstallationDesk(options);
  // The desk's own lookups go through the same client as the outbox: one token, one lookup guard.
  const gateway = (): ReturnType<CoreDeps['gateway']> => {
    const who = staff();
    return desk.gateway && who ? { client: desk.gateway, staff: who } : null;
  };
  const visits = new StoreVisits({ desk, clock, settings, staff });
  const core = new Core({
    info: () => ({
      name: appName,
      version: appVersion,
      host: options.host,
      mode,
      setupRequired: !demo && productionGateway(settings) === null,
      platform: process.platform,
      notices: settings.restoredFromLastGood ? ['settings-restored' as const] : [],
    }),
    readers,
    settings,
    clock,
    logger,
    trust,
    gateway,
    demo: demo?.cards ?? null,
    visits,
    setMode: options.setMode,
    ...(options.printTicket ? { printTicket: options.printTicket } : {}),
    importTrust: (bytes) => {
      const material = readTrustMaterial(bytes);
      return { ...saveTrustMaterial(options.dataDir, material), anchors: material.anchors.length, crls: material.crls.length };
    },
  });
  logger.info({ host: options.host, version: appVersion, mode }, 'core started');
  return {
    core,
    mode,
    close: async () => {
      await core.close();
      // The PC/SC manager stops by itself when the core stops watching it.
      await visits.close();
    },
  };
}
