// `tiepdon his export`: a day's visits of an installation as the file an HIS imports — a FHIR R4
// `collection` Bundle, or the QĐ 3176 check-in table (unsigned) — on stdout or into --out.
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

export const hisUsage = `Usage: npm run -s tiepdon -- his export --data-dir DIR [--date YYYY-MM-DD] [--format fhir|xml3176] [--out FILE] [--json]

  export   the visits of one day (Vietnam time; default today) of the installation in DIR:
           fhir     a FHIR R4 Bundle of type collection: Patient, Coverage, Encounter, Provenance
           xml3176  the QĐ 3176 check-in table (CHI_TIEU_TRANG_THAI_KCB), unsigned; cancelled visits left out
           Written to --out (whole or not at all), else to stdout. --json prints what was written.`;

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
    if (sub !== 'export') throw new UsageError(`Unknown his command "${sub}"`);
    const { values } = parsed(rest);
    json = values.json ?? false;
    const root = values['data-dir'];
    if (!root) throw new UsageError('Missing --data-dir');
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
