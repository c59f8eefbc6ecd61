// `tiepdon backup` and `tiepdon restore`: an installation in one file protected by a passphrase, to keep
// or to move a station to a new PC — its database (unsent reports included), settings, sealed secrets,
// trust files and master key. Restore refuses a folder that holds anything unless --force, and writes
// nothing until the whole archive has been opened and checked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError } from '../../backup/archive';
import { isEmptyFolder, readBackup, restoreBackup, writeBackup } from '../../backup/installation-backup';
import { systemClock, type Clock } from '../../util/clock';
import { modeDataDir } from '../../settings/installation';
import { databaseInfo, FILE_KEY_WARNING, openDatabase, replaceFile } from '../../store';
import { RefusedError, UsageError } from '../errors';
import { cliInstallationMode, cliKeyStore, refuseDesktopInstallation } from '../installation-dir';
import { printJson, readStdinLine, type CliIo } from '../io';
import { errorShape } from './checkin';

export const backupUsage = `Usage: npm run -s tiepdon -- backup --data-dir DIR --out FILE (--passphrase P | --passphrase-stdin) [--json]
       npm run -s tiepdon -- restore --data-dir NEWDIR --in FILE (--passphrase P | --passphrase-stdin) [--force] [--json]

  backup   writes one file, encrypted with the passphrase (scrypt, AES-256-GCM), holding the installation:
           database (a consistent snapshot, unsent reports included), settings, sealed secrets, trust
           files and the master key that opens them. Keep the passphrase apart from the file: with both,
           anyone can read the patient data.
  restore  brings it back into NEWDIR (a new PC): refused when NEWDIR holds anything, unless --force
           replaces its database, settings and keys. A wrong passphrase or an altered file is refused
           before anything is written. Afterwards, sync --data-dir NEWDIR --once sends what was queued.
  The desktop app keeps its key in the OS key store: back it up from its Settings, restore it from its
  first-run screen ("Khôi phục từ bản sao lưu").
  --passphrase-stdin reads the passphrase from standard input (a passphrase on the command line can be
  seen by other users of this computer).`;

interface Values {
  'data-dir'?: string;
  passphrase?: string;
  'passphrase-stdin'?: boolean;
  json?: boolean;
}

function passphraseOf(values: Values): string {
  if (values.passphrase !== undefined && values['passphrase-stdin']) throw new UsageError('give --passphrase or --passphrase-stdin, not both');
  const passphrase = values['passphrase-stdin'] ? readStdinLine() : values.passphrase;
  if (!passphrase) throw new UsageError('Missing --passphrase or --passphrase-stdin');
  return passphrase;
}

/** usage and refusals exit 2; a wrong passphrase, an altered file or a failed write 1. */
function failed(error: unknown, values: Values, io: CliIo): number {
  const shape = errorShape(error);
  if (values.json) printJson(io, { error: shape });
  io.err(`${shape.code}: ${shape.message}${error instanceof UsageError ? `\n\n${backupUsage}` : ''}`);
  const refusal = error instanceof UsageError || error instanceof RefusedError || (error instanceof BackupError && (error.code === 'target-not-empty' || error.code === 'weak-passphrase'));
  return refusal ? 2 : 1;
}

const common = {
  'data-dir': { type: 'string' },
  passphrase: { type: 'string' },
  'passphrase-stdin': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export async function backupCommand(args: string[], io: CliIo, deps: { clock?: Clock } = {}): Promise<number> {
  if (args.includes('--help')) {
    io.out(backupUsage);
    return 0;
  }
  const clock = deps.clock ?? systemClock;
  const { values } = parseArgs({ args, strict: true, options: { ...common, out: { type: 'string' } } });
  try {
    const root = values['data-dir'];
    if (!root || !values.out) throw new UsageError('Missing --data-dir or --out');
    refuseDesktopInstallation(root, 'make the backup in the app: Settings → Sao lưu');
    const passphrase = passphraseOf(values);
    cliInstallationMode(root, clock);
    const { archive, summary } = await writeBackup(root, passphrase, (mode) => cliKeyStore(modeDataDir(root, mode), io).getOrCreateKey(), clock);
    replaceFile(values.out, archive);
    const result = { out: values.out, bytes: archive.length, ...summary };
    if (values.json) printJson(io, result);
    else io.out(`${values.out}: ${archive.length} bytes, ${summary.folders.map((folder) => `${folder.mode} (${folder.files} files)`).join(', ')}, made ${summary.createdAt}`);
    return 0;
  } catch (error) {
    return failed(error, values, io);
  }
}

export async function restoreCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.out(backupUsage);
    return 0;
  }
  const { values } = parseArgs({ args, strict: true, options: { ...common, in: { type: 'string' }, force: { type: 'boolean', default: false } } });
  try {
    const root = values['data-dir'];
    if (!root || !values.in) throw new UsageError('Missing --data-dir or --in');
    refuseDesktopInstallation(root, 'restore it from the app’s first-run screen');
    if (!existsSync(values.in)) throw new UsageError(`${values.in}: no such file`);
    // Said before the passphrase is asked for and the archive opened.
    if (!values.force && !isEmptyFolder(root)) throw new BackupError('target-not-empty', `${root} is not empty: restore into a new folder, or replace what it holds with --force`);
    const passphrase = passphraseOf(values);
    const contents = await readBackup(new Uint8Array(readFileSync(values.in)), passphrase);
    const summary = await restoreBackup(contents, root, { force: values.force, keyStore: (dataDir) => cliKeyStore(dataDir, io) });
    io.err(`warning: ${FILE_KEY_WARNING}`);
    const folders = summary.folders.map((folder) => {
      const file = join(modeDataDir(root, folder.mode), 'tiepdon.db');
      if (!existsSync(file)) return { ...folder, visits: 0, outbox: null };
      const db = openDatabase(file, { mustExist: true, migrate: false });
      try {
        const { visits, outbox } = databaseInfo(db);
        return { ...folder, visits, outbox };
      } finally {
        db.close();
      }
    });
    const result = { dataDir: root, ...summary, folders };
    if (values.json) printJson(io, result);
    else {
      io.out(`${root}: restored the backup made ${summary.createdAt} (${summary.mode})`);
      for (const folder of folders) io.out(`${folder.mode}: ${folder.visits} visits, ${folder.outbox ? folder.outbox.pending + folder.outbox.inflight : 0} items still to send (tiepdon sync --data-dir ${root} --once)`);
    }
    return 0;
  } catch (error) {
    return failed(error, values, io);
  }
}
