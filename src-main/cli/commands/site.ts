// `tiepdon site init|status|queue`: the hospital's site store as IT staff script it. `init` makes (or
// migrates) the schema and writes the enrolment file stations join with; `status` shows the stations and
// their backlogs; `queue` the day's queue across stations, names only with the site key.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../../util/clock';
import { vnIsoDateTime } from '../../insurance/dates';
import { openEnrolment, sealEnrolment, type Enrolment } from '../../site-store/enrolment';
import { SiteStoreError } from '../../site-store/errors';
import { initialiseSite } from '../../site-store/site-init';
import { SiteStore } from '../../site-store/site-store';
import { createFileOnce, replaceFile } from '../../store/key-store';
import { PiiCipher } from '../../store/pii-cipher';
import { queueDayOf } from '../../store/queue-day';
import { UsageError } from '../errors';
import { printJson, readStdinLine, type CliIo } from '../io';

export const siteUsage = `Usage: npm run -s tiepdon -- site init --url postgres://USER:PASSWORD@HOST:5432/DB --enrolment-out FILE
                                        (--passphrase P | --passphrase-stdin) [--demo] [--new-key] [--json]
       npm run -s tiepdon -- site status --url URL [--json]
       npm run -s tiepdon -- site queue --url URL [--date YYYY-MM-DD] [--with-names --enrolment FILE (--passphrase P | --passphrase-stdin)] [--json]

  init     creates the site store's tables (or migrates them) and, the first time, the site key, written
           to FILE sealed with the passphrase (scrypt + AES-256-GCM): each station enrols once with it
           (tiepdon setup … --site-url URL --site-enrolment FILE --site-passphrase P). Re-running it
           migrates and keeps the key (give the same FILE and passphrase); --new-key makes a new key,
           re-seals every record with it and rewrites FILE: every station must enrol again.
           --demo: a demo site, which only demo installations may join.
  status   {schemaVersion, demo, stations: [{station, lastSeen, backlog}]}
  queue    the day's queue (default today, Vietnam time) in queue order:
           [{queueNumber, service, station, status, arrivedAt, calledAt, calledBy}]
  The URL may carry ?sslmode=require (or verify-ca, verify-full) for TLS.`;

const iso = (at: Date | null) => (at ? vnIsoDateTime(at) : null);

export async function siteCommand(args: string[], io: CliIo, deps: { clock?: Clock } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help' || rest.includes('--help')) {
    io.out(siteUsage);
    return sub === undefined ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      url: { type: 'string' },
      'enrolment-out': { type: 'string' },
      enrolment: { type: 'string' },
      passphrase: { type: 'string' },
      'passphrase-stdin': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'new-key': { type: 'boolean', default: false },
      date: { type: 'string' },
      'with-names': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const clock = deps.clock ?? systemClock;
  let store: SiteStore | null = null;
  try {
    if (!values.url) throw new UsageError('Missing --url');
    const passphrase = () => {
      const given = values['passphrase-stdin'] ? readStdinLine() : values.passphrase;
      if (!given) throw new UsageError('Missing --passphrase (or --passphrase-stdin)');
      return given;
    };
    store = SiteStore.open({ url: values.url, applicationName: `tiepdon site ${sub}` });
    switch (sub) {
      case 'init': {
        const file = values['enrolment-out'];
        if (!file) throw new UsageError('Missing --enrolment-out FILE');
        const secret = passphrase();
        const existing = existsSync(file) ? openEnrolment(readFileSync(file, 'utf8'), secret) : null;
        const result = await initialiseSite(store, { demo: values.demo, newKey: values['new-key'], existing });
        if (!existing) {
          if (!createFileOnce(file, sealEnrolment(result.enrolment, secret))) throw new SiteStoreError('refused', `${file} appeared meanwhile: not overwritten`);
        } else if (result.rekeyed) replaceFile(file, sealEnrolment(result.enrolment, secret));
        const shown = { ...result.site, created: result.created, newKey: result.rekeyed !== null, enrolment: file, ...(result.rekeyed ? { resealed: result.rekeyed } : {}) };
        if (values.json) printJson(io, shown);
        else {
          io.out(`${result.created ? 'created' : 'migrated'} ${result.site.demo ? 'demo ' : ''}site ${result.site.siteId} (schema ${result.site.schemaVersion})`);
          io.out(result.rekeyed ? `new site key: ${result.rekeyed.patients} patients re-sealed; every station must enrol again with ${file}` : `enrolment file: ${file}`);
        }
        return 0;
      }
      case 'status': {
        const identity = await store.identity();
        const stations = (await store.stations()).map((station) => ({ station: station.station, lastSeen: iso(station.lastSeen), backlog: station.backlog, clockOffsetMs: station.clockOffsetMs }));
        const status = { schemaVersion: identity.schemaVersion, demo: identity.demo, siteId: identity.siteId, stations };
        if (values.json) printJson(io, status);
        else {
          io.out(`${identity.demo ? 'demo ' : ''}site ${identity.siteId}, schema ${identity.schemaVersion}, ${stations.length} station(s)`);
          for (const station of stations) io.out(`${station.station}\tlast seen ${station.lastSeen ?? 'never'}\tbacklog ${station.backlog}`);
        }
        return 0;
      }
      case 'queue': {
        const day = values.date ?? queueDayOf(clock.now());
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError('--date takes YYYY-MM-DD');
        let cipher: PiiCipher | undefined;
        if (values['with-names']) {
          if (!values.enrolment) throw new UsageError('--with-names needs the site key: --enrolment FILE and its passphrase');
          const enrolment: Enrolment = openEnrolment(readFileSync(values.enrolment, 'utf8'), passphrase());
          const identity = await store.identity();
          cipher = new PiiCipher(enrolment.key);
          if (!cipher.matchesKeyCheck(identity.keyCheck)) throw new SiteStoreError('wrong-key', 'that enrolment file holds a key the site no longer uses');
        }
        const queue = (await store.queue(day, cipher)).map((entry) => ({
          queueNumber: entry.queueNumber,
          service: entry.service,
          station: entry.station,
          status: entry.status,
          arrivedAt: iso(entry.arrivedAt),
          calledAt: iso(entry.calledAt),
          calledBy: entry.calledBy,
          visitId: entry.visitId,
          ...(entry.fullName !== undefined ? { fullName: entry.fullName } : {}),
        }));
        if (values.json) printJson(io, queue);
        else for (const entry of queue) io.out(`${entry.queueNumber}\t${entry.service}\t${entry.station}\t${entry.status}\t${entry.arrivedAt}${entry.fullName ? `\t${entry.fullName}` : ''}`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown site command "${sub}"`);
    }
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof SiteStoreError)) throw error;
    const shape = { code: error instanceof SiteStoreError ? error.code : 'usage', message: error.message };
    if (values.json) printJson(io, { error: shape });
    io.err(`${shape.code}: ${shape.message}${error instanceof UsageError ? `\n\n${siteUsage}` : ''}`);
    return error instanceof UsageError || shape.code === 'refused' || shape.code === 'invalid' ? 2 : 1;
  } finally {
    await store?.close();
  }
}
