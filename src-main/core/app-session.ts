// What a host runs: the installation in its data folder, one core at a time. It moves the data of the
// always-demo versions aside, boots production unless demo was asked for, and boots again when the user
// enters or leaves demo — requests wait for the new core, and listeners stay subscribed across it.
import { readBackup, restoreBackup, writeBackup, type BackupSummary } from '../backup/installation-backup';
import type { AppInfo, InstallationMode, UploadPurpose } from '../contract';
import { createLogger, type Logger, type LoggerOptions } from '../log/logger';
import type { KeyStore } from '../store';
import type { ReaderPort } from '../reader/port';
import { bootCore, fileKeyStore, type Booted, type BootOptions } from './boot';
import { systemClock, type Clock } from '../util/clock';
import type { ContractCore, EventListener } from './core';
import type { DemoKit, DemoLoader } from './demo-kit';
import type { Download } from './downloads';
import { installationMode, modeDataDir, moveLegacyDemoData, setInstallationMode } from '../settings/installation';

export interface AppSessionOptions {
  host: AppInfo['host'];
  /** The installation's folder (Electron's userData, `--data-dir`, or the default). */
  root: string;
  /** `--demo`: this run is a demo whatever the folder says (not remembered). */
  demo?: boolean;
  /** The host's way to load the demo module; without it, demo cannot be entered. */
  loadDemo?: DemoLoader;
  /** Where the demo's resources are in an installed app. */
  demoResourcesDir?: string;
  /** Real link-model delays for simulated cards (default on). */
  simDelays?: boolean;
  clock?: Clock;
  /** The key store for a mode's folder: Electron's safeStorage in the app, a 0600 file elsewhere. */
  keyStore?: (dataDir: string, mode: InstallationMode) => KeyStore;
  readers?: ReaderPort;
  printTicket?: BootOptions['printTicket'];
  chooseFile?: BootOptions['chooseFile'];
  saveFile?: BootOptions['saveFile'];
  log?: Omit<LoggerOptions, 'dataDir'>;
}

export interface AppSession extends ContractCore {
  readonly logger: Logger;
  readonly mode: InstallationMode;
  /** The embedded gateway simulator of a demo (its /__sim endpoints toggle faults); null in production. */
  readonly demoGatewayUrl: string | null;
  /** A file the host received (the web host's authenticated POST): its id for the request that uses it. */
  upload(purpose: UploadPurpose, bytes: Uint8Array): Promise<string>;
  /** A file the core handed out (a backup), once: the web host's GET /download. */
  download(id: string): Download | null;
  close(): Promise<void>;
}

export async function openAppSession(options: AppSessionOptions): Promise<AppSession> {
  const clock = options.clock ?? systemClock;
  const logger = await createLogger({ ...options.log, dataDir: options.root });
  if (moveLegacyDemoData(options.root, clock.now())) logger.warn('data of an earlier version (always demo) moved to demo/; production starts empty');
  const listeners = new Set<EventListener>();
  let current: { booted: Booted; demo: DemoKit | null; unsubscribe: () => void };
  let ready: Promise<void>;
  const keyStoreOf = (mode: InstallationMode): KeyStore => {
    const dataDir = modeDataDir(options.root, mode);
    return options.keyStore?.(dataDir, mode) ?? fileKeyStore(dataDir, logger);
  };

  const backup: NonNullable<BootOptions['backup']> = {
    create: async (passphrase) => (await writeBackup(options.root, passphrase, (mode) => keyStoreOf(mode).getOrCreateKey(), clock)).archive,
    // Checked whole first: a wrong passphrase or an altered file leaves the running installation as it was.
    // Then the core stops, the files and keys are replaced (the key into this host's key store), and the
    // restored installation boots.
    restore: async (archive, passphrase) => {
      const contents = await readBackup(archive, passphrase);
      let summary: BackupSummary | null = null;
      let failure: unknown = null;
      ready = ready.then(async () => {
        await stop();
        try {
          summary = await restoreBackup(contents, options.root, { force: true, keyStore: (_dataDir, mode) => keyStoreOf(mode) });
        } catch (error) {
          failure = error;
        }
        try {
          await boot(installationMode(options.root));
          logger.info({ mode: current.booted.mode }, 'booted on the restored installation');
          for (const listener of listeners) listener('app.restarted', { mode: current.booted.mode });
        } catch (error) {
          logger.error({ err: error }, 'the restored installation does not start');
          failure ??= error;
        }
      });
      await ready;
      if (failure || !summary) throw failure;
      return summary;
    },
  };

  const boot = async (mode: InstallationMode) => {
    if (mode === 'demo' && !options.loadDemo) throw new Error('this host cannot run the demo');
    const demo = mode === 'demo' ? await options.loadDemo!({ clock, simDelays: options.simDelays ?? true, ...(options.demoResourcesDir ? { resourcesDir: options.demoResourcesDir } : {}) }) : null;
    const dataDir = modeDataDir(options.root, mode);
    const booted = await bootCore({
      host: options.host,
      dataDir,
      demo,
      logger,
      clock,
      setMode: (next) => switchTo(next),
      restart: () => switchTo(mode),
      keyStore: keyStoreOf(mode),
      ...(options.readers ? { readers: options.readers } : {}),
      ...(options.printTicket ? { printTicket: options.printTicket } : {}),
      ...(options.chooseFile ? { chooseFile: options.chooseFile } : {}),
      ...(options.saveFile ? { saveFile: options.saveFile } : {}),
      backup,
    });
    const unsubscribe = booted.core.subscribe((channel, payload) => {
      for (const listener of listeners) listener(channel, payload);
    });
    current = { booted, demo, unsubscribe };
  };

  const stop = async () => {
    current.unsubscribe();
    await current.booted.close();
    await current.demo?.close();
  };

  // After the answer to `app.setMode` or `app.restart` has gone out: boot that mode on the saved
  // configuration, remember the choice, tell the UI. A mode that fails to boot leaves the one before it
  // running, so the desk is never left without a core.
  const switchTo = (mode: InstallationMode) => {
    ready = ready.then(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const before = current.booted.mode;
      await stop();
      try {
        await boot(mode);
        setInstallationMode(options.root, mode);
        logger.info({ mode }, 'installation mode changed');
      } catch (error) {
        logger.error({ err: error, mode }, 'could not boot the other mode; staying as before');
        await boot(before);
      }
      for (const listener of listeners) listener('app.restarted', { mode: current.booted.mode });
    });
  };

  ready = boot(options.demo ? 'demo' : installationMode(options.root));
  await ready;

  return {
    logger,
    get mode() {
      return current.booted.mode;
    },
    get demoGatewayUrl() {
      return current.demo?.gateway.baseUrl ?? null;
    },
    upload: async (purpose, bytes) => {
      await ready;
      return current.booted.uploads.put(purpose, bytes);
    },
    download: (id) => current.booted.downloads.take(id),
    dispatch: async (channel, payload) => {
      await ready;
      return current.booted.core.dispatch(channel, payload);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      await ready.catch(() => undefined);
      await stop();
    },
  };
}
