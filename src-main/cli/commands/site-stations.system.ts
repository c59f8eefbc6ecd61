// A hospital site from the command line, as IT would script it: `site init --demo`, three demo stations
// joining it with `setup --demo … --site-url`, ten concurrent `checkin` processes per station, then the
// site store stopped (check-ins go on with station-coded numbers) and back (`sync --once` publishes).
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tiepdonProcess } from '../../dev/testing/cli-process';
import { tempDir } from '../../dev/testing/fakes';
import { usePgCluster } from '../../dev/testing/pg-suite';
import type { CliIo } from '../io';
import { setupCommand } from './setup';
import { SITE_SCHEMA_VERSION } from '../../site-store/migrations';
import { siteCommand } from './site';

const pg = usePgCluster();

async function inProcess(command: (args: string[], io: CliIo) => Promise<number>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, json: () => JSON.parse(out.join('\n')), stderr: err.join('\n') };
}

async function processRun(...args: string[]) {
  const child = tiepdonProcess(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, json: () => JSON.parse(stdout), stdout, stderr };
}

const checkin = (dataDir: string) => processRun('checkin', '--data-dir', dataDir, '--reader', 'sim:an', '--can', '012345', '--allow-repeat', '--json');

interface QueueEntry {
  queueNumber: string;
  service: string;
  station: string;
  status: string;
  arrivedAt: string;
  calledAt: string | null;
  calledBy: string | null;
  visitId: string;
}

describe('a demo hospital site from the command line', () => {
  it('three stations, ten concurrent check-ins each: thirty unique numbers at the site; with the site stopped a station-coded number, published by sync --once', { timeout: 1_200_000 }, async () => {
    const dir = tempDir();
    const url = pg.cluster.url();
    const enrolment = join(dir, 'site.enrol');
    const init = await inProcess(siteCommand, 'init', '--url', url, '--enrolment-out', enrolment, '--passphrase', 'tập huấn 2026', '--demo', '--json');
    expect(init.code).toBe(0);

    const stations = ['K1', 'K2', 'K3'];
    for (const station of stations) {
      const setup = await inProcess(setupCommand, '--demo', '--data-dir', join(dir, station), '--station', station, '--site-url', url, '--site-enrolment', enrolment, '--site-passphrase', 'tập huấn 2026', '--json');
      expect(setup.code, setup.stderr).toBe(0);
      // The password in the URL went to the vault: the stored URL has none.
      expect(setup.json().site.url).toBe(`postgres://postgres@127.0.0.1:${pg.cluster.port}/postgres`);
    }
    // A production installation refuses the demo site.
    const production = await inProcess(setupCommand, '--data-dir', join(dir, 'prod'), '--station', 'P1', '--site-url', url, '--site-enrolment', enrolment, '--site-passphrase', 'tập huấn 2026', '--json');
    expect(production.code).toBe(2);
    expect(production.json().error.code).toBe('refused');

    // Ten at once per station, one station after the other: thirty CLI processes at once overload a
    // two-core machine until simulated chips time out. Stations concurrently: checkin/site.system.ts.
    const runs: Awaited<ReturnType<typeof checkin>>[] = [];
    for (const station of stations) runs.push(...(await Promise.all(Array.from({ length: 10 }, () => checkin(join(dir, station))))));
    for (const run of runs) expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const acknowledged = runs.map((run) => run.json() as { visitId: string; queueNumber: string });

    const listed = (await inProcess(siteCommand, 'queue', '--url', url, '--json')).json() as QueueEntry[];
    // Nothing is listed twice, void numbers included.
    expect(new Set(listed.map((entry) => entry.queueNumber)).size).toBe(listed.length);
    const queue = listed.filter((entry) => entry.status !== 'void');
    expect(queue).toHaveLength(30);
    expect(queue.map((entry) => entry.visitId).sort()).toEqual(acknowledged.map((visit) => visit.visitId).sort());
    for (const visit of acknowledged) expect(queue.find((entry) => entry.visitId === visit.visitId)!.queueNumber).toBe(visit.queueNumber);
    // A void number here is a reservation whose answer came after the 300 ms: that visit has its station's own number.
    for (const entry of listed.filter((candidate) => candidate.status === 'void')) {
      expect(acknowledged.find((visit) => visit.visitId === entry.visitId)!.queueNumber).toMatch(/^K\d-NOI-\d{3}$/);
    }
    expect(new Set(queue.map((entry) => entry.station))).toEqual(new Set(stations));
    for (const entry of queue) {
      expect(entry).toMatchObject({ service: 'NOI', status: 'waiting', calledAt: null, calledBy: null });
      expect(entry.arrivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
    }
    const status = (await inProcess(siteCommand, 'status', '--url', url, '--json')).json();
    expect(status).toMatchObject({ schemaVersion: SITE_SCHEMA_VERSION, demo: true });
    expect(status.stations.map((station: { station: string; backlog: number }) => [station.station, station.backlog])).toEqual([
      ['K1', 0],
      ['K2', 0],
      ['K3', 0],
    ]);

    await pg.cluster.stop();
    const offline = await checkin(join(dir, 'K1'));
    expect(offline.code, offline.stderr).toBe(0);
    const offlineVisit = offline.json();
    expect(offlineVisit.queueNumber).toMatch(/^K1-NOI-\d{3}$/);
    expect(offlineVisit.site).toMatchObject({ numberSource: 'station', backlog: 1, error: 'unreachable' });

    await pg.cluster.start();
    const sync = await processRun('sync', '--data-dir', join(dir, 'K1'), '--once', '--json');
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.json().site).toMatchObject({ published: 1, backlog: 0, error: null });
    const after = (await inProcess(siteCommand, 'queue', '--url', url, '--json')).json() as QueueEntry[];
    expect(after.filter((entry) => entry.status !== 'void')).toHaveLength(31);
    expect(after.find((entry) => entry.visitId === offlineVisit.visitId)).toMatchObject({ queueNumber: offlineVisit.queueNumber, station: 'K1', status: 'waiting' });
    expect(new Set(after.map((entry) => entry.queueNumber)).size).toBe(after.length);
    expect(after.length - listed.length).toBe(1);
  });
});
