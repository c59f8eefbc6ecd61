// `tiepdon his export`: a day's visits of an installation as the file an HIS imports — a FHIR R4
// `collection` Bundle, or the QĐ 3176 check-in table (unsigned) — on stdout or into --out.
// `tiepdon his sync`: the HIS lane of the outbox by hand — list it, put dead items back, send it once.
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../../util/clock';
import { HisError } from '../../his/errors';
import { EXPORT_FORMATS, exportDay, type ExportFormat } from '../../handover/day-export';
import { writeExportFile } from '../../handover/export-file';
import { queueDayOf } from '../../store';
import { RefusedError, UsageError } from '../errors';
import { cliInstallationMode, openCliInstallation, type CliInstallation } from '../installation-dir';
import { printJson, type CliIo } from '../io';
import { errorShape } from './checkin';
import { itemView } from './sync';

export const hisUsage = `Usage: npm run -s tiepdon -- his export --data-dir DIR [--date YYYY-MM-DD] [--format fhir|xml3176] [--out FILE] [--json]
       npm run -s tiepdon -- his sync --data-dir DIR [--list] [--retry-dead [--item ID]…] [--once] [--json]

  export   the visits of one day (Vietnam time; default today) of the installation in DIR:
           fhir     a FHIR R4 Bundle of type collection: Patient, Coverage, Encounter, Provenance
           xml3176  the QĐ 3176 check-in table (CHI_TIEU_TRANG_THAI_KCB), unsigned; cancelled visits left out
           Written to --out (whole or not at all), else to stdout. --json prints what was written.
  sync     the hand-overs to the HIS's FHIR server (Settings → Kết nối HIS): --list what waits and what
           needs staff, --retry-dead puts dead items (all, or the --item ids) back, --once sends every
           pending item now (back-off ignored) and exits 0 when nothing is left; the app sends them by itself.`;

type Parsed = ReturnType<typeof parsed>['values'];

async function hisSync(installation: CliInstallation, values: Parsed, io: CliIo, root: string): Promise<number> {
  const { store, his } = installation.desk.desk;
  if (!his) throw new RefusedError(`${root} has no HIS push configured (Settings → Kết nối HIS)`);
  const ids = (values.item ?? []).map((id) => {
    if (!/^\d+$/.test(id)) throw new UsageError('--item takes an outbox item id');
    return Number(id);
  });
  if (values.list) {
    const items = store.outbox.list(['pending', 'in-flight', 'dead'], 1_000, 'his').map(itemView);
    if (values.json) printJson(io, { items, outbox: store.outbox.counts('his') });
    else for (const item of items) io.out(`${item.id}\t${item.kind}\t${item.state}\t${item.attempts}\t${item.lastError?.code ?? ''}`);
    return 0;
  }
  his.worker.recover();
  const revived = values['retry-dead'] ? his.worker.retryDead(installation.desk.staffFor('desk'), ids.length > 0 ? ids : undefined).length : null;
  const report = values.once ? await his.worker.drain({ ignoreSchedule: true }) : null;
  const outbox = store.outbox.counts('his');
  if (values.json) printJson(io, { ...(report ?? {}), ...(revived === null ? {} : { revived }), outbox, connectivity: his.worker.state.connectivity });
  else {
    if (report) io.out(`sent ${report.done}, to retry ${report.retried}, dead ${report.dead} (${report.stoppedBy})`);
    io.out(`HIS lane: ${outbox.pending} pending, ${outbox.inflight} in flight, ${outbox.done} done, ${outbox.dead} dead`);
  }
  return !report || outbox.pending + outbox.inflight + outbox.dead === 0 ? 0 : 1;
}

function parsed(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        date: { type: 'string' },
        format: { type: 'string', default: 'fhir' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        once: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        'retry-dead': { type: 'boolean', default: false },
        item: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export async function hisCommand(args: string[], io: CliIo, deps: { clock?: Clock } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help' || rest.includes('--help')) {
    io.out(hisUsage);
    return sub === undefined ? 2 : 0;
  }
  const clock = deps.clock ?? systemClock;
  let json = rest.includes('--json');
  let installation: CliInstallation | null = null;
  try {
    if (sub !== 'export' && sub !== 'sync') throw new UsageError(`Unknown his command "${sub}"`);
    const { values } = parsed(rest);
    json = values.json ?? false;
    const root = values['data-dir'];
    if (!root) throw new UsageError('Missing --data-dir');
    if (sub === 'sync') {
      installation = await openCliInstallation(root, cliInstallationMode(root, clock), io, clock);
      return await hisSync(installation, values, io, root);
    }
    const day = values.date ?? queueDayOf(clock.now());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new UsageError('--date takes YYYY-MM-DD');
    if (!(EXPORT_FORMATS as readonly string[]).includes(values.format!)) throw new UsageError(`--format takes ${EXPORT_FORMATS.join(' or ')}`);
    installation = await openCliInstallation(root, cliInstallationMode(root, clock), io, clock);
    const { settings, desk } = installation.desk;
    const current = settings.get();
    const result = exportDay(desk.store, {
      day,
      format: values.format as ExportFormat,
      facility: { code: installation.desk.facilityCode, name: current.facility?.name ?? null },
      mapping: { includePhoto: current.his.includePhoto, testData: installation.mode === 'demo' },
      now: clock.now(),
    });
    if (values.out) writeExportFile(values.out, result.text);
    else io.out(result.text);
    const summary = { format: values.format, date: day, visits: result.visits, skipped: result.skipped, file: values.out ?? null, suggestedName: result.fileName };
    if (json && values.out) printJson(io, summary);
    else io.err(`${result.visits} visits exported${result.skipped > 0 ? `, ${result.skipped} left out` : ''}${values.out ? ` to ${values.out}` : ''}`);
    return 0;
  } catch (error) {
    const shape = error instanceof HisError ? { code: error.code, message: error.message } : errorShape(error);
    if (json) printJson(io, { error: shape });
    io.err(`${shape.code}: ${shape.message}${error instanceof UsageError ? `\n\n${hisUsage}` : ''}`);
    return error instanceof UsageError || error instanceof RefusedError ? 2 : 1;
  } finally {
    await installation?.close();
  }
}
