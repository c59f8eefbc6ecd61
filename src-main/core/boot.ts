// Composition root shared by the web host, the CLI and the Electron main process. Demo mode (the default
// until a gateway account is configured) adds the simulated reader and an embedded gateway simulator, and
// trusts the fixtures' test CSCAs, which outside demo mode are never trusted.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from '../contract';
import { startGatewaySim, type GatewaySim } from '../gateway-sim/server';
import { DEMO_CREDENTIALS } from '../gateway-sim/accounts';
import { facilityOfUsername, GatewayClient, loadFacilityCredential, type FacilityCredential } from '../insurance';
import { StoreVisits } from '../desk/store-visits';
import { FileKeyStore, Store, type KeyStore } from '../store';
import { createLogger, type Logger, type LoggerOptions } from '../log/logger';
import { CompositeReaderPort } from '../reader/composite-reader-port';
import { PcscReaderManager } from '../reader/pcsc-reader-manager';
import type { ReaderPort } from '../reader/port';
import { SettingsStore } from '../settings/settings-store';
import { SimReaderPort } from '../simulator/sim-reader-port';
import { readTrustMaterial, readTrustPath } from '../trust/trust-material';
import { openTrustStore, saveTrustMaterial } from '../trust/trust-store-files';
import type { TrustStore } from '../trust/trust-store';
import { appName, appVersion } from './app-meta';
import { systemClock, type Clock } from './clock';
import { Core, type CoreDeps } from './core';

export interface BootOptions {
  host: AppInfo['host'];
  dataDir: string;
  /** Where the master key comes from: Electron's safeStorage in the app, a 0600 file elsewhere. */
  keyStore?: KeyStore;
  clock?: Clock;
  /** Replaces the PC/SC readers (tests). */
  readers?: ReaderPort;
  demo?: boolean;
  /** Silent ticket printing (the Electron host). */
  printTicket?: CoreDeps['printTicket'];
  /** Real delays from the link model for simulated cards (demo); off in tests that want speed. */
  simDelays?: boolean;
  log?: Omit<LoggerOptions, 'dataDir'>;
}

export interface Booted {
  core: Core;
  logger: Logger;
  /** The embedded gateway simulator's address in demo mode (its /__sim endpoints toggle faults). */
  demoGatewayUrl: string | null;
  close(): Promise<void>;
}

const fixturesPki = resolve(fileURLToPath(import.meta.url), '../../../fixtures/pki');

function demoTrust(dataDir: string): TrustStore {
  const store = openTrustStore(dataDir);
  return store.with(readTrustPath(join(fixturesPki, 'test-csca.pem'))).with(readTrustPath(join(fixturesPki, 'test-csca-rsa.pem')));
}

export async function bootCore(options: BootOptions): Promise<Booted> {
  const logger = await createLogger({ ...options.log, dataDir: options.dataDir });
  const clock = options.clock ?? systemClock;
  const demo = options.demo ?? true;
  const pcsc = options.readers ?? new PcscReaderManager();
  const settings = new SettingsStore(join(options.dataDir, 'settings.json'));
  let sim: SimReaderPort | null = null;
  let gatewaySim: GatewaySim | null = null;
  let gateway: ReturnType<CoreDeps['gateway']> = null;
  let credential: FacilityCredential | null = null;
  let facilityCode = '01001';
  if (demo) {
    sim = new SimReaderPort({ realDelays: options.simDelays ?? true });
    gatewaySim = await startGatewaySim({ clock });
    const client = new GatewayClient({ baseUrl: gatewaySim.url, account: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password }, clock, logger });
    gateway = { client, staff: { fullName: DEMO_CREDENTIALS.staff.fullName, idNumber: DEMO_CREDENTIALS.staff.idNumber } };
    credential = loadFacilityCredential(new Uint8Array(readFileSync(join(fixturesPki, 'facility-01001.p12'))), 'tiepdon-demo');
  } else {
    const { gateway: account, staff } = settings.get();
    const passwordHash = settings.gatewayPasswordHash();
    if (account.username) facilityCode = facilityOfUsername(account.username)?.maCSKCB ?? facilityCode;
    if (account.url && account.username && passwordHash && staff) {
      gateway = { client: new GatewayClient({ baseUrl: account.url, account: { username: account.username, passwordHash }, clock, logger }), staff };
    }
  }
  const keyStore = options.keyStore ?? new FileKeyStore(join(options.dataDir, 'master.key'), { warn: (message) => logger.warn(message) });
  const store = await Store.open({ file: join(options.dataDir, 'tiepdon.db'), keyStore, clock });
  const visits = new StoreVisits({ store, clock, logger, settings, facilityCode, gateway, credential });
  const core = new Core({
    info: { name: appName, version: appVersion, host: options.host, demoMode: demo, platform: process.platform },
    readers: sim ? new CompositeReaderPort([sim, pcsc]) : pcsc,
    settings,
    clock,
    logger,
    trust: () => (demo ? demoTrust(options.dataDir) : openTrustStore(options.dataDir)),
    gateway: () => gateway,
    sim,
    visits,
    ...(options.printTicket ? { printTicket: options.printTicket } : {}),
    importTrust: (bytes) => {
      const material = readTrustMaterial(bytes);
      return { ...saveTrustMaterial(options.dataDir, material), anchors: material.anchors.length, crls: material.crls.length };
    },
  });
  logger.info({ host: options.host, version: appVersion, demo }, 'core started');
  return {
    core,
    logger,
    demoGatewayUrl: gatewaySim?.url ?? null,
    close: async () => {
      core.close();
      await visits.close();
      gateway?.client.close();
      await gatewaySim?.close();
    },
  };
}
