// Acceptance of the site store (issue 23): three station processes check 200 patients in at once against
// one PostgreSQL, which is killed with SIGKILL mid-run and started again; one station also dies between
// reserving a number and committing its visit, and starts again. Afterwards every acknowledged check-in
// is at the site exactly once with the number its ticket shows, numbers are unique per service and day,
// and the only void numbers are the dead station's reservation and reservations whose answer was lost
// (their visits carry the station's own number instead).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { initialiseSite } from '../site-store/site-init';
import { SiteStore } from '../site-store/site-store';
import { tempDir } from '../dev/testing/fakes';
import { psql } from '../dev/testing/postgres';
import { usePgCluster } from '../dev/testing/pg-suite';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const driver = join(root, 'src-main/dev/testing/site-driver.ts');

const pg = usePgCluster();

interface Station {
  acks: { visitId: string; queueNumber: string; source: string }[];
  reserved: string[];
  exit: Promise<number | null>;
  stderr: () => string;
}

function startStation(args: string[]): Station {
  const child = spawn(process.execPath, ['--import', 'tsx', driver, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const station: Station = { acks: [], reserved: [], exit: new Promise((done) => child.once('exit', (code) => done(code))), stderr: () => stderr };
  let stderr = '';
  let buffered = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const [kind, visitId, queueNumber, source] = line.split(' ');
      if (kind === 'ack') station.acks.push({ visitId: visitId!, queueNumber: queueNumber!, source: source! });
      if (kind === 'reserved') station.reserved.push(visitId!);
    }
  });
  return station;
}

const until = async (check: () => boolean, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
};

describe('three stations on one site store', () => {
  it('200 concurrent check-ins through a SIGKILL of PostgreSQL and of a station: every acknowledged visit at the site once, no number reused', { timeout: 300_000 }, async () => {
    const url = pg.cluster.newDatabase();
    const database = new URL(url).pathname.slice(1);
    const store = SiteStore.open({ url });
    const { enrolment } = await initialiseSite(store, { demo: true, newKey: false, existing: null });
    for (const code of ['K1', 'K2', 'K3']) await store.enrolStation(code, randomUUID(), true);
    const dir = tempDir();
    const argsOf = (code: string, count: number) => ['--db', join(dir, `${code}.db`), '--url', url, '--key', Buffer.from(enrolment.key).toString('hex'), '--site-id', enrolment.siteId, '--station', code, '--count', String(count)];

    const k1 = startStation(argsOf('K1', 67));
    const k2 = startStation(argsOf('K2', 67));
    // K3 dies between a reservation and its commit after 20 check-ins, then starts again for the rest.
    const k3dies = startStation([...argsOf('K3', 66), '--die-after', '20']);
    const acked = () => [...k1.acks, ...k2.acks, ...k3dies.acks].length;

    await until(() => acked() >= 50, 120_000, '50 check-ins');
    await pg.cluster.kill();
    await new Promise((done) => setTimeout(done, 1_500));
    await pg.cluster.start();

    expect(await k3dies.exit).toBeNull(); // SIGKILL
    expect(k3dies.reserved).toHaveLength(1);
    const k3 = startStation(argsOf('K3', 66 - k3dies.acks.length));
    const codes = await Promise.all([k1.exit, k2.exit, k3.exit]);
    expect(codes, [k1, k2, k3].map((station) => station.stderr()).join('\n')).toEqual([0, 0, 0]);

    const acks = [...k1.acks, ...k2.acks, ...k3dies.acks, ...k3.acks];
    expect(acks).toHaveLength(200);
    // Some check-ins ran while PostgreSQL was down: they carry station-coded numbers.
    expect(acks.some((ack) => ack.source === 'station')).toBe(true);
    expect(acks.some((ack) => ack.source === 'site')).toBe(true);

    const visits = psql(pg.cluster, `SELECT id || ' ' || queue_number || ' ' || service_code || ' ' || queue_day FROM visits`, database).split('\n');
    expect(visits).toHaveLength(200);
    const atSite = new Map(visits.map((line) => [line.split(' ')[0]!, line.split(' ')[1]!]));
    for (const ack of acks) expect(atSite.get(ack.visitId)).toBe(ack.queueNumber);

    // Unique per service and day, void numbers included: nothing handed out twice.
    const numbers = psql(pg.cluster, `SELECT service_code || ' ' || queue_day || ' ' || queue_number FROM visits UNION ALL SELECT service_code || ' ' || queue_day || ' ' || queue_number FROM queue_numbers WHERE state = 'void'`, database).split('\n');
    expect(new Set(numbers).size).toBe(numbers.length);

    const voids = psql(pg.cluster, `SELECT visit_id || ' ' || queue_number FROM queue_numbers WHERE state = 'void'`, database).split('\n').filter(Boolean);
    const ackedIds = new Set(acks.map((ack) => ack.visitId));
    for (const line of voids) {
      const [visitId, number] = line.split(' ');
      // Either the dead station's reservation, or one whose answer was lost: the visit has its own number.
      if (visitId === k3dies.reserved[0]) continue;
      expect(ackedIds.has(visitId!)).toBe(true);
      expect(atSite.get(visitId!)).not.toBe(number);
    }
    expect(voids.map((line) => line.split(' ')[0])).toContain(k3dies.reserved[0]);
    expect(psql(pg.cluster, `SELECT count(*) FROM queue_numbers WHERE state = 'reserved'`, database)).toBe('0');
    await store.close();
  });
});
