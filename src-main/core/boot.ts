// Composition root shared by the web host, the CLI and the Electron main process. Demo mode (the default
// until a gateway account is configured) adds the simulated reader and an embedded gateway simulator, and
// trusts the fixtures' test CSCAs, which outside demo mode are never trusted.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from '../contract';
import { startGatewaySim, type GatewaySim } from '../gateway-sim/server';
import { DEMO_CREDENTIALS } from '../gateway-sim/accounts';
import { GatewayClient } from '../insurance';
import { createLogger, type Logger, type LoggerOptions } from '../log/logger';
import { CompositeReaderPort } from '../reader/composite-reader-port';
import { PcscReaderManager } from '../reader/pcsc-reader-manager';
import type { ReaderPort } from '../reader/port';
import { SettingsStore } from '../settings/settings-store';
import { SimReaderPort } from '../simulator/sim-reader-port';
import { readTrustPath } from '../trust/trust-material';
import { openTrustStore } from '../trust/trust-store-files';
import type { TrustStore } from '../trust/trust-store';
import { appName, appVersion } from './app-meta';
import { systemClock, type Clock } from './clock';
import { Core, type CoreDeps } from './core';

export interface BootOptions {
  host: AppInfo['host'];
  dataDir: string;
  clock?: Clock;
  /** Replaces the PC/SC readers (tests). */
  readers?: ReaderPort;
  demo?: boolean;
  /** Real delays from the link model for simulated cards (demo); off in tests that want speed. */
  simDelays?: boolean;
  log?: Omit<LoggerOptions, 'dataDir'>;
}

export interface Booted {
  core: Core;
  logger: Logger;
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
  let sim: SimReaderPort | null = null;
  let gatewaySim: GatewaySim | null = null;
  let gateway: ReturnType<CoreDeps['gateway']> = null;
  if (demo) {
    sim = new SimReaderPort({ realDelays: options.simDelays ?? true });
    gatewaySim = await startGatewaySim({ clock });
    const client = new GatewayClient({ baseUrl: gatewaySim.url, account: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password }, clock, logger });
    gateway = { client, staff: { fullName: DEMO_CREDENTIALS.staff.fullName, idNumber: DEMO_CREDENTIALS.staff.idNumber } };
  }
  const core = new Core({
    info: { name: appName, version: appVersion, host: options.host, demoMode: demo, platform: process.platform },
    readers: sim ? new CompositeReaderPort([sim, pcsc]) : pcsc,
    settings: new SettingsStore(join(options.dataDir, 'settings.json')),
    clock,
    logger,
    trust: () => (demo ? demoTrust(options.dataDir) : openTrustStore(options.dataDir)),
    gateway: () => gateway,
    sim,
  });
  logger.info({ host: options.host, version: appVersion, demo }, 'core started');
  return {
    core,
    logger,
    close: async () => {
      core.close();
      gateway?.client.close();
      await gatewaySim?.close();
    },
  };
}
