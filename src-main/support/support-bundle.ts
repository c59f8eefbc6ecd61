// What IT staff send when a desk misbehaves: versions, the installation's layout, its settings without
// secrets or anyone's personal data, the reader list, database counts and the recent logs — never patient
// data. Everything that comes from a file passes the logger's redaction again, so a value that slipped
// into a log line or a setting is scrubbed here too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { arch, release } from 'node:os';
import { join } from 'node:path';
import { appName, appVersion } from '../util/app-meta';
import type { Clock } from '../util/clock';
import { installationMode, modeDataDir } from '../settings/installation';
import { redactPii, scrubText } from '../log/redact';
import type { ReaderPort } from '../reader/port';
import { defaultSettings } from '../settings/settings-store';
import { databaseInfo, openDatabase } from '../store';
import { InstallationTrust } from '../trust/installation-trust';

/** The newest part of each log file; older lines are rarely what support needs. */
const LOG_TAIL_BYTES = 512 * 1024;
const READERS_TIMEOUT_MS = 3000;

export interface SupportBundleOptions {
  root: string;
  clock: Clock;
  readers: ReaderPort;
}

/** An error as support may see it: its kind and code, and a message scrubbed of anything like an ID. */
function failure(error: unknown): { error: { name: string; code: string | null; message: string } } {
  const { name = 'Error', code = null, message = String(error) } = error as { name?: string; code?: string; message?: string };
  return { error: { name, code: typeof code === 'string' ? code : null, message: scrubText(message) } };
}

function attempt<T>(work: () => T): T | ReturnType<typeof failure> {
  try {
    return work();
  } catch (error) {
    return failure(error);
  }
}

/** Names and sizes only: what is there, never what is in it. */
function layout(dir: string): { name: string; bytes: number | null }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).map((entry) => ({ name: entry.isDirectory() ? `${entry.name}/` : entry.name, bytes: entry.isFile() ? statSync(join(dir, entry.name)).size : null }));
}

function logTails(root: string): { file: string; lines: unknown[] }[] {
  const dir = join(root, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.includes('.log'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name));
      const text = bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('utf8');
      const lines = text.split('\n').filter(Boolean);
      // The first line of a tail may be cut in half.
      if (bytes.length > LOG_TAIL_BYTES) lines.shift();
      return {
        file: name,
        lines: lines.map((line) => {
          try {
            return redactPii(JSON.parse(line));
          } catch {
            return scrubText(line);
          }
        }),
      };
    });
}

async function readerList(readers: ReaderPort): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer from the reader service within ${READERS_TIMEOUT_MS} ms`), { code: 'timeout' })), READERS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([readers.list(), timeout]);
  } catch (error) {
    return failure(error);
  } finally {
    clearTimeout(timer);
  }
}

export async function supportBundle(options: SupportBundleOptions): Promise<Record<string, unknown>> {
  const { root } = options;
  const mode = attempt(() => installationMode(root));
  const dataDir = modeDataDir(root, typeof mode === 'string' ? mode : 'production');
  const dbFile = join(dataDir, 'tiepdon.db');
  return {
    bundle: 'tiepdon-support',
    generatedAt: options.clock.now().toISOString(),
    versions: { app: `${appName} ${appVersion}`, node: process.versions.node, electron: process.versions.electron ?? null, v8: process.versions.v8, platform: process.platform, arch: arch(), osRelease: release() },
    installation: { mode, dataDir, files: layout(root), modeFiles: dataDir === root ? null : layout(dataDir) },
    // The file as it is, without its secrets (they are in the sealed vault, which the bundle never opens).
    settings: attempt(() => {
      const file = join(dataDir, 'settings.json');
      return redactPii(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { settings: unknown }).settings : defaultSettings);
    }),
    readers: await readerList(options.readers),
    database: existsSync(dbFile)
      ? attempt(() => {
          const db = openDatabase(dbFile, { mustExist: true, migrate: false });
          try {
            return { ...databaseInfo(db), sqlite: (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v };
          } finally {
            db.close();
          }
        })
      : null,
    trust: attempt(() => ({ entries: new InstallationTrust({ dataDir, clock: options.clock }).list().map((entry) => ({ kind: entry.kind, source: entry.source, subject: entry.subject, notAfter: entry.notAfter, stale: entry.stale ?? false })) })),
    logs: logTails(root),
  };
}
