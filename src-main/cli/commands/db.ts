// `tiepdon db info|purge`: the desk database as support staff see it. Neither needs the key: `info`
// counts rows and reads pragmas, `purge` removes personal data past the retention period. `--data-dir`
// finds the database of an installation (a demo's in DIR/demo/).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../../util/clock';
import { modeDataDir, type InstallationMode } from '../../settings/installation';
import { databaseInfo, DEFAULT_RETENTION_DAYS, openDatabase, purgeExpiredPii, StoreError } from '../../store';
import { RefusedError, UsageError } from '../errors';
import { cliInstallationMode } from '../installation-dir';
import { printJson, type CliIo } from '../io';

export const dbUsage = `Usage: npm run -s tiepdon -- db info (--data-dir DIR | --db FILE) [--json]
       npm run -s tiepdon -- db purge (--data-dir DIR | --db FILE) [--days ${DEFAULT_RETENTION_DAYS}] [--json]

  info   journal mode, synchronous level, schema version, visits, outbox items by state (with
         --data-dir, also the installation's mode)
  purge  removes personal data of visits older than --days (their report must have been sent)`;

export async function dbCommand(args: string[], io: CliIo, deps: { clock?: Clock } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help' || rest.includes('--help')) {
    io.out(dbUsage);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'info' && sub !== 'purge') {
    io.err(dbUsage);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      days: { type: 'string', default: String(DEFAULT_RETENTION_DAYS) },
      json: { type: 'boolean', default: false },
    },
  });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1) {
    io.err(`--days must be a whole number ≥ 1\n\n${dbUsage}`);
    return 2;
  }
  const refuse = (error: UsageError | RefusedError) => {
    if (values.json) printJson(io, { error: { code: error instanceof RefusedError ? error.code : 'usage', message: error.message } });
    io.err(`${error.message}${error instanceof UsageError ? `\n\n${dbUsage}` : ''}`);
    return 2;
  };
  let file: string;
  let mode: InstallationMode | null = null;
  try {
    const root = values['data-dir'];
    if (root && values.db) throw new UsageError('--data-dir finds the installation’s own database: leave out --db');
    if (!root && !values.db) throw new UsageError('Missing --data-dir or --db');
    if (root) {
      mode = cliInstallationMode(root, deps.clock ?? systemClock);
      file = join(modeDataDir(root, mode), 'tiepdon.db');
    } else file = values.db!;
  } catch (error) {
    if (error instanceof UsageError || error instanceof RefusedError) return refuse(error);
    throw error;
  }
  try {
    const db = openDatabase(file, { mustExist: true, migrate: sub === 'purge' });
    try {
      if (sub === 'info') {
        const { journalMode, synchronous, schemaVersion, visits, outbox } = databaseInfo(db);
        const info = { ...(mode ? { mode } : {}), journalMode, synchronous, schemaVersion, visits, outbox };
        if (values.json) printJson(io, info);
        else {
          io.out(`journal ${journalMode}, synchronous ${synchronous}, schema ${schemaVersion}, ${visits} visits`);
          io.out(`outbox: ${outbox.pending} pending, ${outbox.inflight} in flight, ${outbox.done} done, ${outbox.dead} dead`);
        }
      } else {
        const result = purgeExpiredPii(db, (deps.clock ?? systemClock).now(), days);
        if (values.json) printJson(io, { days, ...result });
        else io.out(`purged ${result.visits} visits and ${result.patients} patients; ${result.heldBack} old visits kept until their report is sent`);
      }
    } finally {
      db.close();
    }
    return 0;
  } catch (error) {
    const shape = error instanceof StoreError ? { code: error.code, message: error.message } : { code: 'internal', message: String(error) };
    if (values.json) printJson(io, { error: shape });
    io.err(`${shape.code}: ${shape.message}`);
    return 1;
  }
}
