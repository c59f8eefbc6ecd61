// `--data-dir DIR`: a command on an installation, as the app would run it — the folder's mode, its key
// file, settings, database and trust list (a demo's in DIR/demo/, with the embedded gateway simulator
// brought up for the command). The desktop app's folders keep their key in that user's OS key store,
// which the command line cannot open: those are refused with words.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../util/clock';
import { openInstallationDesk, type InstallationDesk } from '../core/boot';
import { demoDataDir, installationMode, moveLegacyDemoData, SEALED_KEY_FILE, type InstallationMode } from '../settings/installation';
import { createLogger } from '../log/logger';
import { FileKeyStore } from '../store';
import { RefusedError, UsageError } from './errors';
import type { CliIo } from './io';

type Values = Record<string, string | boolean | string[] | undefined>;

/** A desktop app's folder: its key is sealed by the OS key store of the user who runs the app. */
export function isDesktopInstallation(root: string): boolean {
  return existsSync(join(root, SEALED_KEY_FILE)) || existsSync(join(demoDataDir(root), SEALED_KEY_FILE));
}

export function refuseDesktopInstallation(root: string, instead: string): void {
  if (isDesktopInstallation(root)) {
    throw new RefusedError(`${root} belongs to the desktop app, whose keys are in this computer's key store for that user: the command line cannot open it (${instead})`);
  }
}

/** `--data-dir` takes everything from the installation: the flags that would say otherwise are refused. */
export function refuseFlags(values: Values, names: readonly string[]): void {
  const given = names.filter((name) => values[name] !== undefined && values[name] !== false);
  if (given.length > 0) throw new UsageError(`--data-dir uses the installation's own configuration: leave out --${given.join(', --')}`);
}

/** The mode of the installation in `root`, once it is known the command line may open it. */
export function cliInstallationMode(root: string, clock: Clock): InstallationMode {
  refuseDesktopInstallation(root, 'use the app, or make a backup from its Settings');
  moveLegacyDemoData(root, clock.now());
  return installationMode(root);
}

/** The key file the web host and the CLI keep, with the warning they give every time. */
export const cliKeyStore = (dataDir: string, io: CliIo) => new FileKeyStore(join(dataDir, 'master.key'), { warn: (message) => io.err(`warning: ${message}`) });

export interface CliInstallation {
  mode: InstallationMode;
  desk: InstallationDesk;
  close(): Promise<void>;
}

export async function openCliInstallation(root: string, mode: InstallationMode, io: CliIo, clock: Clock): Promise<CliInstallation> {
  const demo = mode === 'demo' ? await (await import('../demo/demo')).openDemo({ clock, simDelays: false }) : null;
  try {
    const dataDir = mode === 'demo' ? demoDataDir(root) : root;
    const logger = await createLogger({ dataDir: root });
    const desk = await openInstallationDesk({ dataDir, demo, logger, clock, keyStore: cliKeyStore(dataDir, io) });
    return {
      mode,
      desk,
      close: async () => {
        await desk.close();
        await demo?.close();
      },
    };
  } catch (error) {
    await demo?.close();
    throw error;
  }
}
