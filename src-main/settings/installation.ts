// An installation is a data folder. Production is what it is unless someone chose demo (the first-run
// screen's "try it", `tiepdon setup --demo`): that choice is kept in `installation.json` until the user
// leaves demo. Demo keeps everything under `<dataDir>/demo/`, so a clinic's data and the demo's never mix.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CodedError, InstallationMode, type Words } from '../contract';

export type { InstallationMode } from '../contract';

const MARKER = 'installation.json';

/** The database key as the desktop app keeps it: sealed by the OS key store (Electron safeStorage). */
export const SEALED_KEY_FILE = 'db-key.sealed';

const Marker = z.object({
  mode: InstallationMode,
  /** When data from a version that always ran as a demo was moved to `demo/`. */
  movedLegacyDemoAt: z.string().optional(),
});
type Marker = z.infer<typeof Marker>;

/** Files that versions before 0.2 kept at the top of the folder, all of them demo data. */
const LEGACY_FILES = ['tiepdon.db', 'tiepdon.db-wal', 'tiepdon.db-shm', 'master.key', 'settings.json', 'trust'];

export class InstallationError extends CodedError {
  readonly code = 'installation';
  constructor(message: string) {
    super(message);
    this.name = 'InstallationError';
  }

  get words(): Words {
    return { vi: 'Thư mục dữ liệu của phần mềm bị hỏng hoặc không dùng được. Vui lòng báo bộ phận CNTT.', en: "The app's data folder is damaged or unusable. Tell IT." };
  }

  get retryable(): boolean {
    return false;
  }
}

export function demoDataDir(root: string): string {
  return join(root, 'demo');
}

/** The folder a mode keeps its settings, database, key and trust list in. */
export function modeDataDir(root: string, mode: InstallationMode): string {
  return mode === 'demo' ? demoDataDir(root) : root;
}

function readMarker(root: string): Marker | null {
  const file = join(root, MARKER);
  if (!existsSync(file)) return null;
  try {
    return Marker.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new InstallationError(`${file} is damaged: it should say {"mode":"production"} or {"mode":"demo"}`);
  }
}

function writeMarker(root: string, marker: Marker): void {
  mkdirSync(root, { recursive: true });
  const file = join(root, MARKER);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/**
 * The data of a version that always ran as a demo (a database under a plain key file at the top of the
 * folder, no marker) moves to `demo/` once, so production starts empty. Returns whether it moved.
 */
export function moveLegacyDemoData(root: string, now: Date): boolean {
  if (readMarker(root)) return false;
  const present = LEGACY_FILES.filter((name) => existsSync(join(root, name)));
  if (present.length === 0) return false;
  const demo = demoDataDir(root);
  mkdirSync(demo, { recursive: true, mode: 0o700 });
  for (const name of present) {
    if (existsSync(join(demo, name))) throw new InstallationError(`cannot move ${name} to ${demo}: a file of that name is already there`);
  }
  for (const name of present) renameSync(join(root, name), join(demo, name));
  writeMarker(root, { mode: 'production', movedLegacyDemoAt: now.toISOString() });
  return true;
}

/** The mode the folder was left in: production unless demo was chosen. */
export function installationMode(root: string): InstallationMode {
  return readMarker(root)?.mode ?? 'production';
}

export function setInstallationMode(root: string, mode: InstallationMode): void {
  writeMarker(root, { ...readMarker(root), mode });
}
