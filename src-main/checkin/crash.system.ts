// Crash test (issue 8): a child process checks patients in and syncs against the gateway simulator, and
// is killed with SIGKILL at random moments, over a hundred times. Afterwards the database must be
// intact, every check-in the child acknowledged must be there, and once the outbox is drained every
// visit must have reached the simulator at least once and be marked done exactly once locally.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { fixturePaths } from '../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../dev/gateway-sim/server';
import { loadFacilityCredential } from '../insurance';
import { FileKeyStore } from '../store';
import { tempDir } from '../dev/testing/fakes';
import { openCheckInStation } from './checkin-station';

const KILLS = Number(process.env.TIEPDON_CRASH_KILLS ?? 120);
const NOW = '2026-03-15T01:30:00.000Z';
const root = resolve(fileURLToPath(import.meta.url), '../../..');
const driverSource = join(root, 'src-main/dev/testing/crash-driver.ts');

/**
 * The driver bundled with esbuild (tsx's own dependency) starts in about a quarter of a second instead
 * of two thirds; without esbuild the test runs it through tsx, only slower. The bundle lives under
 * node_modules so that better-sqlite3, left outside it, resolves from there.
 */
async function driverCommand(): Promise<string[]> {
  try {
    const { build } = await import('esbuild');
    const outfile = join(root, 'node_modules/.cache/tiepdon/crash-driver.mjs');
    mkdirSync(join(outfile, '..'), { recursive: true });
    await build({
      entryPoints: [driverSource],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['better-sqlite3', 'smartcard'],
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    return [outfile];
  } catch {
    return ['--import', 'tsx', driverSource];
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  acked: string[];
  stderr: string;
  exit: Promise<void>;
  ready: Promise<void>;
  child: ChildProcess;
}

function startDriver(command: string[], args: string[]): Run {
  const child = spawn(process.execPath, [...command, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { acked: [], stderr: '', child, exit: Promise.resolve(), ready: Promise.resolve() };
  let buffered = '';
  let markReady!: () => void;
  run.ready = new Promise((resolve) => (markReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready') markReady();
      else if (line.startsWith('ack ')) run.acked.push(line.slice(4));
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
  run.exit = new Promise((resolve) => child.once('exit', () => resolve()));
  return run;
}

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ clock: fixedClock(NOW) });
});
afterAll(() => sim.close());

describe('crash safety (SIGKILL at random moments)', () => {
  it(`loses no acknowledged check-in and reports every visit, done exactly once, after ${KILLS} kills`, { timeout: 180_000 }, async () => {
    const dir = tempDir('tiepdon-crash-');
    const db = join(dir, 'desk.db');
    const keyFile = join(dir, 'desk.db.key');
    const credential = loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'tiepdon-demo');
    const credentialFile = join(dir, 'facility.json');
    writeFileSync(credentialFile, JSON.stringify(credential), { mode: 0o600 });
    const command = await driverCommand();

    const started = performance.now();
    const acked = new Set<string>();
    let killsBeforeReady = 0;
    let failures = '';
    for (let kill = 0; kill < KILLS; kill += 1) {
      const run = startDriver(command, ['--db', db, '--key-file', keyFile, '--gateway', sim.url, '--now', NOW, '--seed', String(kill + 1), '--credential', credentialFile]);
      // One kill in eight lands during start-up (opening, migrating, recovering in-flight items).
      if (kill % 8 === 7) {
        await sleep(Math.random() * 250);
        killsBeforeReady += 1;
      } else {
        await Promise.race([run.ready, run.exit]);
        await sleep(Math.random() * 300);
      }
      run.child.kill('SIGKILL');
      await run.exit;
      if (run.child.signalCode !== 'SIGKILL' && run.stderr) failures += run.stderr;
      for (const id of run.acked) acked.add(id);
    }
    const killingMs = performance.now() - started;
    expect(failures).toBe('');

    // What a desk finds when it starts again after the last crash.
    const desk = await openCheckInStation({
      dbFile: db,
      keyStore: new FileKeyStore(keyFile),
      clock: fixedClock(NOW),
      station: { stationCode: 'A' },
      gateway: { baseUrl: sim.url, account: { username: '01001_BV', password: 'tiepdon-demo' }, lookupLimits: false },
      credential,
    });
    try {
      expect(desk.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const visits = desk.store.db.prepare('SELECT id FROM visits').pluck().all() as string[];
      const missing = [...acked].filter((id) => desk.store.visit(id) === null);
      expect(missing).toEqual([]);

      desk.worker.recover();
      for (let pass = 0; pass < 10 && desk.store.outbox.openCounts().pending + desk.store.outbox.openCounts().inflight > 0; pass += 1) {
        await desk.worker.drain({ ignoreSchedule: true });
      }
      expect(desk.store.outbox.counts()).toMatchObject({ pending: 0, inflight: 0, dead: 0 });

      const reports = desk.store.db
        .prepare(`SELECT visit_id AS visitId, count(*) AS n, sum(state = 'done') AS done FROM outbox WHERE kind = 'checkin-report' GROUP BY visit_id`)
        .all() as { visitId: string; n: number; done: number }[];
      const reportOf = new Map(reports.map((row) => [row.visitId, row]));
      const notDoneOnce = visits.filter((id) => reportOf.get(id)?.n !== 1 || reportOf.get(id)?.done !== 1);
      expect(notDoneOnce).toEqual([]);

      const received = new Map<string, number>();
      for (const checkIn of sim.checkIns()) for (const record of checkIn.records) received.set(record.MA_LK, (received.get(record.MA_LK) ?? 0) + 1);
      const neverReached = visits.filter((id) => !received.has(id));
      expect(neverReached).toEqual([]);
      expect(sim.rejectedCheckIns()).toEqual([]);

      const duplicates = [...received.values()].filter((n) => n > 1).length;
      console.log(
        `crash test: ${KILLS} SIGKILLs (${killsBeforeReady} during start-up) in ${(killingMs / 1000).toFixed(1)} s; ` +
          `${visits.length} visits, ${acked.size} acknowledged, ${duplicates} reported twice (at-least-once), driver ${command.length === 1 ? 'bundled' : 'via tsx'}`,
      );
      expect(acked.size).toBeGreaterThan(KILLS);
    } finally {
      await desk.close();
    }
  });
});
