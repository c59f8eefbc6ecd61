// Composition root shared by the web host, the CLI and the Electron main process.
import { join } from 'node:path';
import type { AppInfo } from '../contract';
import { createLogger, type Logger, type LoggerOptions } from '../log/logger';
import { PcscReaderManager } from '../reader/pcsc-reader-manager';
import type { ReaderPort } from '../reader/port';
import { SettingsStore } from '../settings/settings-store';
import { appName, appVersion } from './app-meta';
import { systemClock, type Clock } from './clock';
import { Core } from './core';

export interface BootOptions {
  host: AppInfo['host'];
  dataDir: string;
  clock?: Clock;
  readers?: ReaderPort;
  log?: Omit<LoggerOptions, 'dataDir'>;
}

export interface Booted {
  core: Core;
  logger: Logger;
}

export async function bootCore(options: BootOptions): Promise<Booted> {
  const logger = await createLogger({ ...options.log, dataDir: options.dataDir });
  const core = new Core({
    info: { name: appName, version: appVersion, host: options.host, demoMode: false, platform: process.platform },
    readers: options.readers ?? new PcscReaderManager(),
    settings: new SettingsStore(join(options.dataDir, 'settings.json')),
    clock: options.clock ?? systemClock,
    logger,
  });
  logger.info({ host: options.host, version: appVersion }, 'core started');
  return { core, logger };
}
