// Composition root shared by the web host, the CLI and the Electron main process. Demo mode (the default
// until a gateway account is configured) adds the simulated reader and an embedded gateway simulator, and
// trusts the fixtures' test CSCAs, which outside demo mode are never trusted.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from '../contract';
import { startGatewaySim, type GatewaySim } from '../gateway-sim/server';
import { DEMO_CREDENTIALS } from '../gateway-sim/accounts';
import { openCheckInDesk, type GatewayConfig } from '../checkin/checkin-desk';
import { StoreVisits } from '../desk/store-visits';
import { facilityOfUsername, loadFacilityCredential, type FacilityCredential, type Staff } from '../insurance';
import { FileKeyStore, type KeyStore } from '../store';
import { createLogger, type Logger, type LoggerOptions } from '../log/logger';
import { CompositeReaderPort } from '../reader/composite-reader-port';
import { PcscReaderManager } from '../reader/pcsc-reader-manager';
import type { ReaderPort } from '../reader/port';
import { SettingsStore } from '../settings/settings-store';
import { SimReaderPort } from '../simulator/sim-reader-port';
import { DeskTrust } from '../trust/desk-trust';
import { readTrustPath, type TrustMaterial } from '../trust/trust-material';
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

/** The demo account's facility; a real desk takes its code from the gateway username (NNNNN_BV). */
const DEMO_FACILITY = '01001';
const fixturesPki = resolve(fileURLToPath(import.meta.url), '../../../fixtures/pki');

function demoTrust(): TrustMaterial {
  const [ecdsa, rsa] = [readTrustPath(join(fixturesPki, 'test-csca.pem')), readTrustPath(join(fixturesPki, 'test-csca-rsa.pem'))];
  return { anchors: [...ecdsa.anchors, ...rsa.anchors], crls: [...ecdsa.crls, ...rsa.crls] };
}

export async function bootCore(options: BootOptions): Promise<Booted> {
  const logger = await createLogger({ ...options.log, dataDir: options.dataDir });
  const clock = options.clock ?? systemClock;
  const demo = options.demo ?? true;
  const pcsc = options.readers ?? new PcscReaderManager();
  const settings = new SettingsStore(join(options.dataDir, 'settings.json'));
  // Refuses to start on an altered default trust list (TrustError 'tampered-resource').
  const trust = new DeskTrust({
    dataDir: options.dataDir,
    clock,
    ...(demo ? { demo: demoTrust() } : {}),
    onImported: (record) => desk.store.recordTrustImport(record, staff(), clock.now()),
  });
  let sim: SimReaderPort | null = null;
  let gatewaySim: GatewaySim | null = null;
  let gatewayConfig: GatewayConfig | null = null;
  let credential: FacilityCredential | null = null;
  let staff: () => Staff | null = () => settings.get().staff;
  if (demo) {
    sim = new SimReaderPort({ realDelays: options.simDelays ?? true });
    gatewaySim = await startGatewaySim({ clock });
    gatewayConfig = { baseUrl: gatewaySim.url, account: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password } };
    credential = loadFacilityCredential(new Uint8Array(readFileSync(join(fixturesPki, 'facility-01001.p12'))), 'tiepdon-demo');
    const demoStaff = { fullName: DEMO_CREDENTIALS.staff.fullName, idNumber: DEMO_CREDENTIALS.staff.idNumber };
    staff = () => demoStaff;
  } else {
    const { gateway: account } = settings.get();
    const passwordHash = settings.gatewayPasswordHash();
    if (account.url && account.username && passwordHash) gatewayConfig = { baseUrl: account.url, account: { username: account.username, passwordHash } };
  }
  const keyStore = options.keyStore ?? new FileKeyStore(join(options.dataDir, 'master.key'), { warn: (message) => logger.warn(message) });
  const username = gatewayConfig?.account.username ?? settings.get().gateway.username;
  const desk = await openCheckInDesk({
    dbFile: join(options.dataDir, 'tiepdon.db'),
    keyStore,
    clock,
    logger,
    station: { stationCode: settings.get().stationCode, facilityCode: (username && facilityOfUsername(username)?.maCSKCB) || DEMO_FACILITY },
    gateway: gatewayConfig && { ...gatewayConfig, checkInTable: settings.get().gateway.checkInTable },
    credential,
    checkin: { storePhotos: settings.get().storePhotos },
    retention: { days: () => settings.get().retentionDays, quietHour: () => settings.get().retentionQuietHour },
  });
  // The desk's own lookups go through the same client as the outbox: one token, one lookup guard.
  const gateway = (): ReturnType<CoreDeps['gateway']> => {
    const who = staff();
    return desk.gateway && who ? { client: desk.gateway, staff: who } : null;
  };
  const visits = new StoreVisits({ desk, clock, settings, staff });
  const core = new Core({
    info: { name: appName, version: appVersion, host: options.host, demoMode: demo, platform: process.platform },
    readers: sim ? new CompositeReaderPort([sim, pcsc]) : pcsc,
    settings,
    clock,
    logger,
    trust: () => trust.store(),
    gateway,
    sim,
    visits,
    ...(options.printTicket ? { printTicket: options.printTicket } : {}),
    trustAdmin: trust,
  });
  logger.info({ host: options.host, version: appVersion, demo }, 'core started');
  return {
    core,
    logger,
    demoGatewayUrl: gatewaySim?.url ?? null,
    close: async () => {
      core.close();
      await visits.close();
      await gatewaySim?.close();
    },
  };
}
