// Cold start of the web host as `npm run start:web` runs it (tsx, a fresh data folder): from spawning the
// process to the first contract answer over the WebSocket — the URL printed, the token traded for the
// cookie, the socket opened with Origin and Cookie, `demo.ping` answered. The process is ours and is
// stopped by its own id.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { median, round } from './stats';

export interface WebHostStart {
  /** Median of the runs, spawn to `demo.ping` answered. */
  ms: number;
  runsMs: number[];
  /** Spawn to the URL printed (core booted, server listening). */
  urlPrintedMs: number;
  setup: string;
}

const root = resolve(import.meta.dirname, '../../..');
const TIMEOUT_MS = 60_000;

async function startOnce(): Promise<{ totalMs: number; urlMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiepdon-bench-web-'));
  const started = performance.now();
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src-main', 'hosts', 'web', 'main.ts'), '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  try {
    const url = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error('the web host printed no URL within 60 s')), TIMEOUT_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the web host exited with ${code}: ${stderr.trim()}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line);
        if (!match) return;
        clearTimeout(timer);
        resolvePromise(match[1]!);
      });
    });
    const urlMs = performance.now() - started;
    const origin = new URL(url).origin;
    const traded = await fetch(url, { redirect: 'manual' });
    const cookie = traded.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`the web host set no cookie (HTTP ${traded.status})`);
    await pingOverSocket(`${origin.replace('http', 'ws')}/ws`, origin, cookie);
    return { totalMs: performance.now() - started, urlMs };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function pingOverSocket(url: string, origin: string, cookie: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const socket = new WebSocket(url, { headers: { Origin: origin, Cookie: cookie } });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no answer to demo.ping within 60 s'));
    }, TIMEOUT_MS);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'request', id: 1, channel: 'demo.ping', payload: { message: 'bench' } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: number; ok?: boolean };
      if (message.type !== 'response' || message.id !== 1) return;
      clearTimeout(timer);
      socket.close();
      if (message.ok) resolvePromise();
      else reject(new Error(`demo.ping failed: ${String(data).slice(0, 200)}`));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function measureWebHostStart(runs = 3): Promise<WebHostStart> {
  const results: Array<{ totalMs: number; urlMs: number }> = [];
  for (let i = 0; i < runs; i += 1) results.push(await startOnce());
  return {
    ms: round(median(results.map((result) => result.totalMs)), 0),
    runsMs: results.map((result) => round(result.totalMs, 0)),
    urlPrintedMs: round(median(results.map((result) => result.urlMs)), 0),
    setup: 'node_modules/.bin/tsx src-main/hosts/web/main.ts --data-dir <fresh tmp> (production, as a fresh installation starts: PC/SC readers, first-run screen); tsx transpiles on start',
  };
}
