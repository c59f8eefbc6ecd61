// `tiepdon sync`: sends what the desk's outbox holds (queued lookups, check-in reports) to the gateway.
// `--once` makes one pass over everything pending, back-off times ignored, and exits; without it the
// worker runs until SIGINT/SIGTERM. `--list` shows what waits; `--retry-dead` puts items that need staff
// back in the queue (audited with --staff-name/--staff-id).
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../../util/clock';
import type { CheckInStation } from '../../checkin';
import type { OutboxItem, StaffMember } from '../../store';
import { printJson, type CliIo } from '../io';
import { RefusedError, UsageError } from '../errors';
import { cliInstallationMode, openCliInstallation, refuseFlags, type CliInstallation } from '../installation-dir';
import { accountOptions, deskFrom, errorShape, staffFrom } from './checkin';

export const syncUsage = `Usage: npm run -s tiepdon -- sync --data-dir DIR [--operator CCCD] [--once] [--list] [--retry-dead [--item ID]…] [--json]
       npm run -s tiepdon -- sync --db FILE --gateway URL --username NNNNN_BV --password P
         --signing-cert FILE.p12 --signing-cert-password PW [--staff-name NAME --staff-id ID12]
         [--once] [--list] [--retry-dead [--item ID]…] [--key-file FILE] [--json]

  --data-dir    an installation: its database, key, gateway account and signing certificate (a demo
                installation's embedded gateway simulator); --operator names who revives dead items

  --once        one pass over every pending item (back-off times ignored), and on a station of a hospital
                site its site backlog in order, then exit; exit 0 when nothing is left to send
  --list        print the items still to send and those waiting for staff (dead), then exit
  --retry-dead  put dead items (all, or the --item ids) back in the queue; the staff named are audited
  Without --once or --list the worker runs until SIGINT/SIGTERM, printing its state on stderr.
  Items left in flight by a crash go back to the queue first. Run one worker per database: a second
  one only risks sending a check-in twice (the gateway sees the same MA_LK), never losing one.`;

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const itemView = (item: OutboxItem) => ({
  id: item.id,
  kind: item.kind,
  visitId: item.visitId,
  state: item.state,
  attempts: item.attempts,
  nextAttemptAt: new Date(item.nextAttemptAt).toISOString(),
  lastError: item.lastErrorCode ? { code: item.lastErrorCode, message: item.lastError } : null,
});

export async function syncCommand(args: string[], io: CliIo, deps: { clock?: Clock; env?: NodeJS.ProcessEnv; until?: Promise<unknown> } = {}): Promise<number> {
  if (args.includes('--help') || args[0] === 'help') {
    io.out(syncUsage);
    return 0;
  }
  const clock = deps.clock ?? systemClock;
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...accountOptions,
      once: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      'retry-dead': { type: 'boolean', default: false },
      item: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      operator: { type: 'string' },
    },
  });
  let desk: CheckInStation | null = null;
  let installation: CliInstallation | null = null;
  try {
    const ids = (values.item ?? []).map((id) => {
      if (!/^\d+$/.test(id)) throw new UsageError('--item takes an outbox item id');
      return Number(id);
    });
    const root = values['data-dir'];
    let staff: StaffMember | null;
    if (root) {
      refuseFlags(values, ['db', 'gateway', 'username', 'password', 'staff-name', 'staff-id', 'signing-cert', 'signing-cert-password', 'key-file', 'facility']);
      installation = await openCliInstallation(root, cliInstallationMode(root, clock), io, clock);
      desk = installation.desk.desk;
      staff = operatorOf(installation, values.operator, root);
      if (installation.mode === 'production' && !installation.desk.settings.get().certificate) io.err(`warning: ${root} has no signing certificate: check-in reports stay queued, only lookups are sent`);
    } else {
      if (values.operator) throw new UsageError('--operator names someone on an installation’s roster: give --data-dir, or --staff-name and --staff-id');
      desk = await deskFrom(values, io, { clock, env: deps.env ?? process.env });
      staff = staffFrom(values);
      if (!values['signing-cert']) io.err('warning: no --signing-cert: check-in reports stay queued, only lookups are sent');
    }
    const { worker, store } = desk;
    if (values.list) {
      const items = store.outbox.list(['pending', 'in-flight', 'dead'], 1_000, 'bhxh').map(itemView);
      if (values.json) printJson(io, { items, outbox: store.outbox.counts('bhxh') });
      else for (const item of items) io.out(`${item.id}\t${item.kind}\t${item.state}\t${item.attempts}\t${item.lastError?.code ?? ''}`);
      return 0;
    }
    worker.recover();
    let revived: number | null = null;
    if (values['retry-dead']) revived = worker.retryDead(staff, ids.length > 0 ? ids : undefined).length;
    if (values.once) {
      const report = await worker.drain({ ignoreSchedule: true });
      const outbox = store.outbox.counts('bhxh');
      const site = desk.site ? await desk.site.publishBacklog() : null;
      const result = { ...report, ...(revived === null ? {} : { revived }), outbox, connectivity: worker.state.connectivity, ...(site ? { site } : {}) };
      if (values.json) printJson(io, result);
      else {
        io.out(`sent ${report.done}, to retry ${report.retried}, dead ${report.dead} (${report.stoppedBy})`);
        io.out(`outbox: ${outbox.pending} pending, ${outbox.inflight} in flight, ${outbox.done} done, ${outbox.dead} dead`);
        if (site) io.out(`site: published ${site.published}, void ${site.voided}, backlog ${site.backlog}${site.error ? ` (${site.error})` : ''}`);
      }
      return outbox.pending + outbox.inflight + outbox.dead + (site?.backlog ?? 0) === 0 ? 0 : 1;
    }
    const stopWatching = worker.subscribeState((state) => io.err(`${state.connectivity} · ${state.pending} to send · ${state.dead} dead`));
    worker.start();
    desk.site?.start();
    await (deps.until ?? untilSignal());
    stopWatching();
    return 0;
  } catch (error) {
    const shape = errorShape(error);
    if (values.json) printJson(io, { error: shape });
    io.err(`${shape.code}: ${shape.message}${error instanceof UsageError ? `\n\n${syncUsage}` : ''}`);
    return error instanceof UsageError || error instanceof RefusedError ? 2 : 1;
  } finally {
    if (installation) await installation.close();
    else await desk?.close();
  }
}

/** Who revives dead items on an installation: `--operator CCCD` from its roster, or nobody named (a demo: its staff member). */
function operatorOf(installation: CliInstallation, wanted: string | undefined, root: string): StaffMember | null {
  if (!installation.desk.operators) return installation.desk.staffFor('desk');
  if (!wanted) return null;
  const operator = installation.desk.settings.operator(wanted);
  if (!operator) throw new UsageError(`--operator ${wanted} is not on the roster of ${root}`);
  return operator;
}
