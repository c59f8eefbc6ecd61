// Soak: the web host as `npm run demo` runs it (its own process, demo, embedded gateway simulator), driven
// by several WebSocket clients through N card reads and check-ins while the gateway fails, slows, answers
// garbage or goes down, and hostile sockets send bad frames. The host must never exit, every check-in it
// acknowledged must be in its database, and its RSS is reported before and after.
// N = 500 in `npm test`; `npm run soak` runs 2,000.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventOf, RequestChannel, ServerMessage } from '../../contract';
import { openDatabase } from '../../store';
import { listPersonas } from '../../dev/simulator/personas/registry';
import { checkInForm } from '../../dev/testing/check-ins';
import { tempDir } from '../../dev/testing/fakes';
import { clientFrame, rawExchange, rawWebSocket } from '../../dev/testing/raw-http';

const N = Number(process.env.SOAK_N ?? 500);
const CLIENTS = 4;
/** One operation in READ_EVERY is a card read then its check-in; the others check in a typed identity. */
const READ_EVERY = 5;
/** Each client stays well under the host's 100 messages per second. */
const MESSAGES_PER_SECOND = 40;
const projectRoot = resolve(import.meta.dirname, '../../..');
/** The cards a desk meets all day; the hostile ones that end in an error by design have their own tests. */
const READS_TO_FAIL = new Set(['endless-6c', 'giant-file', 'slow-chip']);
const personas = listPersonas().filter((persona) => !READS_TO_FAIL.has(persona.id));

interface RunningHost {
  child: ChildProcess;
  origin: string;
  port: number;
  url: string;
  gatewayUrl: string;
  dataDir: string;
  exited: boolean;
}

let host: RunningHost;

/** `main.ts --demo --instant-cards` in one node process (not through the tsx wrapper), so its pid is the host's. */
async function startHost(): Promise<RunningHost> {
  const dataDir = tempDir('tiepdon-soak-');
  const rendererDir = join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tiếp đón</title>');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/hosts/web/main.ts', '--demo', '--instant-cards', '--data-dir', dataDir, '--renderer', rendererDir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const running = { child, dataDir, exited: false } as RunningHost;
  child.once('exit', () => (running.exited = true));
  await new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('web host printed no URL within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      running.url ??= /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line)?.[1] as string;
      running.gatewayUrl ??= /Demo gateway simulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] as string;
      if (running.url && running.gatewayUrl) {
        clearTimeout(timer);
        resolvePromise();
      }
    });
  });
  running.origin = new URL(running.url).origin;
  running.port = Number(new URL(running.url).port);
  return running;
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round(kb / 1024);
}

function login(h: RunningHost): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    httpRequest(h.url, (res) => {
      res.resume();
      resolvePromise(String(res.headers['set-cookie']).split(';')[0]!);
    })
      .on('error', reject)
      .end();
  });
}

/** A well-behaved UI client: paced requests, answers by id, events to listeners. It must never be closed. */
class SoakClient {
  private nextId = 1;
  private readonly pending = new Map<number, (message: ServerMessage) => void>();
  private readonly listeners = new Set<(channel: string, payload: unknown) => void>();
  private lastSend = 0;
  closedWith: number | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.type === 'event') for (const listener of this.listeners) listener(message.channel, message.payload);
      else this.pending.get(message.id)?.(message);
    });
    ws.on('close', (code) => (this.closedWith = code));
  }

  static async open(h: RunningHost, cookie: string): Promise<SoakClient> {
    const ws = new WebSocket(`${h.origin.replace('http', 'ws')}/ws`, { headers: { origin: h.origin, cookie } });
    await new Promise((resolvePromise, reject) => ws.once('open', resolvePromise).once('error', reject));
    return new SoakClient(ws);
  }

  on(listener: (channel: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async request(channel: RequestChannel, payload: unknown): Promise<Extract<ServerMessage, { type: 'response' }>> {
    const wait = this.lastSend + 1000 / MESSAGES_PER_SECOND - performance.now();
    if (wait > 0) await new Promise((resolvePromise) => setTimeout(resolvePromise, wait));
    this.lastSend = performance.now();
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${channel}: no answer within 30 s`)), 30_000);
      this.pending.set(id, (message) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolvePromise(message as Extract<ServerMessage, { type: 'response' }>);
      });
      this.ws.send(JSON.stringify({ type: 'request', id, channel, payload }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

function checkinRequest(k: number, readId: string | null) {
  const manual = { idNumber: `SOAK${String(k).padStart(8, '0')}`, fullName: `Người Thử ${k}`, dateOfBirth: '01/01/1980', sex: k % 2 ? 'Nam' : 'Nữ', provenance: 'typed' } as const;
  return checkInForm({ readId, manual: readId ? null : manual, lane: k % 2 ? 'bhyt' : 'fee', allowSecondVisit: true });
}

/** One simulated reader: reads take turns, whichever client asks. */
let readerTurn: Promise<unknown> = Promise.resolve();

/** Taps a persona, waits for the read to end, then checks that read in (once its lookup has settled). */
async function readAndCheckIn(client: SoakClient, k: number): Promise<{ read: string; checkin: Extract<ServerMessage, { type: 'response' }> | null }> {
  const turn = readerTurn.then(async () => {
    const persona = personas[k % personas.length]!;
    // Cards answer at once: a read may end before the answer to sim.tap arrives, so every read's end is kept.
    const ended = new Map<string, string>();
    let wanted: { readId: string; resolve: (outcome: string) => void } | null = null;
    const stop = client.on((channel, payload) => {
      const event = payload as EventOf<'read.event'>;
      if (channel !== 'read.event' || !(event.type === 'failed' || (event.type === 'progress' && event.step === 'done'))) return;
      const outcome = event.type === 'failed' ? `failed-${event.error.code}` : 'done';
      ended.set(event.readId, outcome);
      if (wanted?.readId === event.readId) wanted.resolve(outcome);
    });
    try {
      const tapped = await client.request('sim.tap', { personaId: persona.id });
      if (!tapped.ok) return { readId: '', read: `tap-${tapped.error.code}` };
      const readId = (tapped.result as { readId: string }).readId;
      const read = await new Promise<string>((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`read ${k} (${persona.id}) did not end within 30 s`)), 30_000);
        const resolve = (outcome: string) => {
          clearTimeout(timer);
          resolvePromise(outcome);
        };
        const already = ended.get(readId);
        if (already) resolve(already);
        else wanted = { readId, resolve };
      });
      return { readId, read };
    } finally {
      stop();
    }
  });
  readerTurn = turn.catch(() => undefined);
  const { readId, read } = await turn;
  if (read !== 'done') return { read, checkin: null };
  for (;;) {
    const checkin = await client.request('checkin.create', checkinRequest(k, readId));
    // The read is done once its insurance lookup has settled (answered, failed or deferred).
    if (!checkin.ok && checkin.error.message.includes('still being read')) continue;
    return { read, checkin };
  }
}

beforeAll(async () => {
  host = await startHost();
}, 90_000);

afterAll(async () => {
  if (!host.exited) host.child.kill('SIGKILL');
});

describe('soak: the web host in demo under load, gateway faults and bad frames', () => {
  it(`serves ${N} reads and check-ins from ${CLIENTS} clients without falling over`, { timeout: 30 * 60_000 }, async () => {
    const cookie = await login(host);
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => SoakClient.open(host, cookie)));
    // Warm up (first read and check-in load the codecs and the photo thread), then measure.
    const warm = clients[0]!;
    expect((await readAndCheckIn(warm, 0)).checkin).toMatchObject({ ok: true });
    const rssBefore = rssMb(host.child.pid!);
    const started = performance.now();

    const acknowledged = new Set<string>();
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    let running = true;

    const faultCycle = [
      { latencyMs: 0, failRate: 0.5, timeoutRate: 0, malformedRate: 0, down: false, routes: null },
      { latencyMs: 0, failRate: 0, timeoutRate: 0, malformedRate: 0, down: true, routes: null },
      // Hanging connections on the reports the outbox sends: a hung lookup would hold its read for the
      // client's full minute, which only slows the soak down.
      { latencyMs: 0, failRate: 0, timeoutRate: 0.3, malformedRate: 0, down: false, routes: ['check-in'] },
      { latencyMs: 300, failRate: 0, timeoutRate: 0, malformedRate: 0, down: false, routes: null },
      { latencyMs: 0, failRate: 0, timeoutRate: 0, malformedRate: 0.5, down: false, routes: null },
      { latencyMs: 0, failRate: 0, timeoutRate: 0, malformedRate: 0, down: false, routes: null },
    ];
    const setFaults = (faults: (typeof faultCycle)[number]) => fetch(`${host.gatewayUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    const faults = (async () => {
      for (let i = 0; running; i += 1) {
        expect((await setFaults(faultCycle[i % faultCycle.length]!)).ok).toBe(true);
        count('fault-change');
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 1500));
      }
      await setFaults(faultCycle.at(-1)!);
    })();

    const hostileHeaders = { Host: `127.0.0.1:${host.port}`, Origin: host.origin, Cookie: cookie };
    const badFrames = [
      () => clientFrame(1, Buffer.alloc(2 * 1024 * 1024, 0x61)),
      () => clientFrame(1, Buffer.from([0x7b, 0xc3, 0x28, 0xff])),
      () => clientFrame(1, Buffer.from('{not json')),
      () => clientFrame(2, Buffer.from([1, 2, 3])),
    ];
    const hostile = (async () => {
      for (let i = 0; running; i += 1) {
        if (i % 5 === 4) {
          expect(await rawExchange(host.port, `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
          count('bad-request-400');
        } else {
          const raw = await rawWebSocket(host.port, hostileHeaders);
          raw.socket.write(badFrames[i % badFrames.length]!());
          expect(await raw.closed).not.toBeNull();
          count('bad-frame-closed');
        }
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 250));
      }
    })();

    await Promise.all(
      clients.map(async (client, c) => {
        for (let k = 1 + c; k <= N; k += CLIENTS) {
          expect(host.exited, 'the web host exited').toBe(false);
          let response: Extract<ServerMessage, { type: 'response' }> | null;
          if (k % READ_EVERY === 0) {
            const { read, checkin } = await readAndCheckIn(client, k);
            count(`read-${read}`);
            response = checkin;
          } else response = await client.request('checkin.create', checkinRequest(k, null));
          if (!response) continue;
          if (response.ok && (response.result as { outcome: string }).outcome === 'created') {
            acknowledged.add((response.result as { ticket: { visitId: string } }).ticket.visitId);
            count('checkin-created');
          } else count(response.ok ? `checkin-${(response.result as { outcome: string }).outcome}` : `checkin-error-${response.error.code}`);
          if (k % 7 === 0) count(`sync-${(await client.request('sync.state', {})).ok ? 'ok' : 'error'}`);
          if (k % 11 === 0) count(`callNext-${(await client.request('queue.callNext', { counter: 'P1' })).ok ? 'ok' : 'error'}`);
        }
      }),
    );
    running = false;
    await Promise.all([faults, hostile]);
    const seconds = (performance.now() - started) / 1000;
    const rssAfter = rssMb(host.child.pid!);
    console.log(`soak: N=${N} over ${CLIENTS} clients in ${seconds.toFixed(1)} s; RSS ${rssBefore} MB before, ${rssAfter} MB after; ${[...tally.entries()].sort().map(([key, n]) => `${key}=${n}`).join(' ')}`);

    expect(host.exited).toBe(false);
    for (const client of clients) expect(client.closedWith, 'a well-behaved client was closed').toBeNull();
    expect(tally.get('read-done')).toBe(Math.floor(N / READ_EVERY));
    expect(tally.get('checkin-created')).toBe(N);
    for (const client of clients) client.close();

    // Stopped as staff stop it; then every acknowledged check-in must be in the file.
    host.child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolvePromise) => (host.exited ? resolvePromise(host.child.exitCode) : host.child.once('exit', resolvePromise)));
    expect(code).toBe(0);
    const db = openDatabase(join(host.dataDir, 'demo', 'tiepdon.db'), { mustExist: true, migrate: false });
    try {
      const stored = new Set((db.prepare('SELECT id FROM visits').all() as { id: string }[]).map((row) => row.id));
      const missing = [...acknowledged].filter((visitId) => !stored.has(visitId));
      expect(missing).toEqual([]);
    } finally {
      db.close();
    }
  });
});
