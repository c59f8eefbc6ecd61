// What a backup holds and how it comes back: for each mode folder of the installation (production's, and
// the demo's when there is one), a consistent snapshot of the database, the settings, the sealed secrets,
// the imported trust files and the master key that opens them, plus the mode the installation was in.
// Restoring writes them into another folder, the key through that host's key store (Electron's
// safeStorage on a desktop PC), so unsent reports go out from the new PC.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { InstallationMode } from '../contract';
import { appVersion } from '../util/app-meta';
import type { Clock } from '../util/clock';
import { installationMode, modeDataDir, setInstallationMode } from '../settings/installation';
import { SCHEMA_VERSION, schemaVersionOfImage, snapshotDatabase, type KeyStore } from '../store';
import { BackupError, openArchive, sealArchive } from './archive';

const DATABASE = 'tiepdon.db';
/** The files of a mode folder besides its database; the key travels apart, never as its file. */
const CONFIG_FILES = ['settings.json', 'secrets.sealed'];
const TRUST_DIR = 'trust';
/** Only these names are ever written on restore, so a crafted archive cannot reach outside the folder. */
const FILE_NAME = /^(tiepdon\.db|settings\.json|secrets\.sealed|trust\/imports\.json|trust\/anchors\/[0-9A-Fa-f]{16,128}\.der|trust\/crls\/[0-9A-Fa-f]{16,128}\.crl)$/;

const Manifest = z.object({
  format: z.literal('tiepdon-backup'),
  createdAt: z.string().datetime(),
  appVersion: z.string().max(50),
  mode: InstallationMode,
  folders: z
    .array(
      z.object({
        mode: InstallationMode,
        key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
        files: z.array(z.object({ name: z.string().regex(FILE_NAME), size: z.number().int().nonnegative() })).max(10_000),
      }),
    )
    .min(1)
    .max(2),
});

export interface BackupFolder {
  mode: InstallationMode;
  key: Uint8Array;
  files: Map<string, Uint8Array>;
}

export interface BackupContents {
  createdAt: string;
  appVersion: string;
  /** The mode the installation was in. */
  mode: InstallationMode;
  folders: BackupFolder[];
}

/** What a backup or a restore says it did (never what the data is). */
export interface BackupSummary {
  createdAt: string;
  appVersion: string;
  mode: InstallationMode;
  folders: { mode: InstallationMode; files: number }[];
}

const summaryOf = (contents: BackupContents): BackupSummary => ({
  createdAt: contents.createdAt,
  appVersion: contents.appVersion,
  mode: contents.mode,
  folders: contents.folders.map((folder) => ({ mode: folder.mode, files: folder.files.size })),
});

const hasData = (dir: string) => [DATABASE, ...CONFIG_FILES].some((name) => existsSync(join(dir, name)));

function trustFiles(dir: string): string[] {
  const root = join(dir, TRUST_DIR);
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => `${TRUST_DIR}/${join(entry.parentPath, entry.name).slice(root.length + 1).split(/[\\/]/).join('/')}`)
    .filter((name) => FILE_NAME.test(name));
}

/** The installation in `root` as backup contents: every mode folder that holds data, with its key. */
export async function collectBackup(root: string, keyOf: (mode: InstallationMode) => Promise<Uint8Array>, clock: Clock): Promise<BackupContents> {
  const folders: BackupFolder[] = [];
  for (const mode of ['production', 'demo'] as const) {
    const dir = modeDataDir(root, mode);
    if (!hasData(dir)) continue;
    const files = new Map<string, Uint8Array>();
    for (const name of [...CONFIG_FILES, ...trustFiles(dir)]) if (existsSync(join(dir, name))) files.set(name, new Uint8Array(readFileSync(join(dir, name))));
    if (existsSync(join(dir, DATABASE))) files.set(DATABASE, snapshotDatabase(join(dir, DATABASE)));
    folders.push({ mode, key: await keyOf(mode), files });
  }
  if (folders.length === 0) throw new BackupError('no-installation', `${root} holds no installation to back up (no settings, no database)`);
  return { createdAt: clock.now().toISOString(), appVersion, mode: installationMode(root), folders };
}

function encodeContents(contents: BackupContents): Uint8Array {
  const manifest = {
    format: 'tiepdon-backup',
    createdAt: contents.createdAt,
    appVersion: contents.appVersion,
    mode: contents.mode,
    folders: contents.folders.map((folder) => ({
      mode: folder.mode,
      key: Buffer.from(folder.key).toString('base64'),
      files: [...folder.files].map(([name, bytes]) => ({ name, size: bytes.length })),
    })),
  };
  const json = Buffer.from(JSON.stringify(manifest), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, ...contents.folders.flatMap((folder) => [...folder.files.values()])]);
}

function decodeContents(plain: Uint8Array): BackupContents {
  const bytes = Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
  const damaged = () => new BackupError('damaged', 'the backup’s contents are not what this version of Tiếp đón writes');
  if (bytes.length < 4) throw damaged();
  const length = bytes.readUInt32BE(0);
  let manifest: z.infer<typeof Manifest>;
  try {
    manifest = Manifest.parse(JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')));
  } catch {
    throw damaged();
  }
  let at = 4 + length;
  const folders = manifest.folders.map((folder) => {
    const files = new Map<string, Uint8Array>();
    for (const { name, size } of folder.files) {
      if (at + size > bytes.length) throw damaged();
      files.set(name, new Uint8Array(bytes.subarray(at, (at += size))));
    }
    return { mode: folder.mode, key: new Uint8Array(Buffer.from(folder.key, 'base64')), files };
  });
  if (at !== bytes.length || new Set(folders.map((folder) => folder.mode)).size !== folders.length) throw damaged();
  for (const folder of folders) {
    const image = folder.files.get(DATABASE);
    if (image && schemaVersionOfImage(image) > SCHEMA_VERSION) throw new BackupError('newer-schema', 'this backup was made by a newer version of Tiếp đón: install that version (or newer) first');
  }
  return { createdAt: manifest.createdAt, appVersion: manifest.appVersion, mode: manifest.mode, folders };
}

export async function writeBackup(root: string, passphrase: string, keyOf: (mode: InstallationMode) => Promise<Uint8Array>, clock: Clock): Promise<{ archive: Uint8Array; summary: BackupSummary }> {
  const contents = await collectBackup(root, keyOf, clock);
  return { archive: await sealArchive(encodeContents(contents), passphrase), summary: summaryOf(contents) };
}

/** The contents of an archive, checked whole before anything is written. */
export async function readBackup(archive: Uint8Array, passphrase: string): Promise<BackupContents> {
  return decodeContents(await openArchive(archive, passphrase));
}

/** Whether `root` may receive a restore: missing, or an empty folder. */
export function isEmptyFolder(root: string): boolean {
  return !existsSync(root) || readdirSync(root).length === 0;
}

export interface RestoreOptions {
  /** Replace what a non-empty folder holds (the mode folders' database, settings, secrets, trust files). */
  force: boolean;
  /** The key store of a mode folder on this host: the key is handed to it, never written here. */
  keyStore: (dataDir: string, mode: InstallationMode) => KeyStore;
}

/** Writes checked contents into `root`; the installation's mode last, so a folder cut short is not taken for a whole one. */
export async function restoreBackup(contents: BackupContents, root: string, options: RestoreOptions): Promise<BackupSummary> {
  if (!options.force && !isEmptyFolder(root)) throw new BackupError('target-not-empty', `${root} is not empty: restore into a new folder, or replace what it holds with --force`);
  for (const folder of contents.folders) {
    const dir = modeDataDir(root, folder.mode);
    // A WAL left by the database being replaced would be replayed into the restored one.
    for (const name of [DATABASE, `${DATABASE}-wal`, `${DATABASE}-shm`, ...CONFIG_FILES, TRUST_DIR]) rmSync(join(dir, name), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await options.keyStore(dir, folder.mode).importKey(folder.key);
    for (const [name, bytes] of folder.files) {
      const file = join(dir, ...name.split('/'));
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, bytes, { mode: 0o600 });
    }
  }
  setInstallationMode(root, contents.mode);
  return summaryOf(contents);
}
