import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/io';
import { gatewayCommand } from './gateway';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function bufferIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { io, out, err };
}

describe('tiepdon gateway serve', () => {
  it('serves until told to stop, with faults from the command line', async () => {
    const { io, out } = bufferIo();
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    const running = gatewayCommand(['serve', '--port', '0', '--fail-rate', '1', '--latency-ms', '5', '--now', '2026-03-15T08:30:00+07:00'], io, { until });
    await expect.poll(() => out.join('')).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out.join(''))![0];
    expect(await (await fetch(`${url}/__sim/faults`)).json()).toMatchObject({ failRate: 1, latencyMs: 5, down: false });
    expect((await fetch(`${url}/api/token/take`, { method: 'POST' })).status).toBe(500);
    expect(((await (await fetch(`${url}/__sim/clock`)).json()) as { now: string }).now).toMatch(/^2026-03-15T01:30/);
    stop();
    expect(await running).toBe(0);
  });

  it('refuses a bad option value', async () => {
    const { io, err } = bufferIo();
    expect(await gatewayCommand(['serve', '--fail-rate', '2'], io, { until: Promise.resolve() })).toBe(2);
    expect(err.join('')).toContain('--fail-rate must be a number from 0 to 1');
  });

  it('as a process: prints its URL and exits 0 on SIGTERM', async () => {
    const child = spawn(`${root}node_modules/.bin/tsx`, ['src-main/cli/main.ts', 'gateway', 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await expect.poll(() => stdout, { timeout: 20_000 }).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('Gateway simulator stopped.');
  });
});
