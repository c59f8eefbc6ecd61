// Child process of the leak check (rss.ts): boots the core as the web host does, in demo mode with the
// simulated reader answering at once, and reads a persona's card through the contract again and again.
// Run with --expose-gc so that both RSS samples follow a full collection. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ReadEvent } from '../../contract';
import { openAppSession } from '../../core/app-session';
import { openDemo } from '../../demo/demo';

const { values } = parseArgs({ options: { reads: { type: 'string', default: '1000' }, warmup: { type: 'string', default: '50' }, persona: { type: 'string', default: 'an' } } });

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sample = () => {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rssMb: megabytes(usage.rss), heapUsedMb: megabytes(usage.heapUsed), externalMb: megabytes(usage.external) };
};

const dataDir = mkdtempSync(join(tmpdir(), 'tiepdon-bench-rss-'));
// A demo offers only its simulated reader, so no PC/SC polling enters the measurement.
const booted = await openAppSession({ host: 'web', root: dataDir, demo: true, simDelays: false, loadDemo: openDemo });
const core = booted;

const waiting = new Map<string, { seen: Set<string>; done: () => void; fail: (error: Error) => void }>();
core.subscribe((channel, payload) => {
  if (channel !== 'read.event') return;
  const event = payload as ReadEvent;
  const entry = waiting.get(event.readId);
  if (!entry) return;
  entry.seen.add(event.type);
  if (event.type === 'failed') entry.fail(new Error(`read failed: ${event.error.code}`));
  else if (entry.seen.has('verification') && entry.seen.has('eligibility')) entry.done();
});

async function readOnce(): Promise<void> {
  let entry!: { seen: Set<string>; done: () => void; fail: (error: Error) => void };
  const finished = new Promise<void>((resolve, reject) => {
    entry = { seen: new Set(), done: resolve, fail: reject };
  });
  const { readId } = (await core.dispatch('sim.tap', { personaId: values.persona })) as { readId: string };
  // Events of this read can only arrive after this turn: the read starts with an awaited connect.
  waiting.set(readId, entry);
  const timer = setTimeout(() => entry.fail(new Error('a read took over 30 s')), 30_000);
  try {
    await finished;
  } finally {
    clearTimeout(timer);
    waiting.delete(readId);
  }
}

try {
  for (let i = 0; i < Number(values.warmup); i += 1) await readOnce();
  const before = sample();
  const started = performance.now();
  const reads = Number(values.reads);
  for (let i = 0; i < reads; i += 1) await readOnce();
  const seconds = (performance.now() - started) / 1000;
  const after = sample();
  process.stdout.write(`${JSON.stringify({ reads, warmup: Number(values.warmup), persona: values.persona, seconds: Math.round(seconds * 10) / 10, before, after })}\n`);
} finally {
  await booted.close();
  rmSync(dataDir, { recursive: true, force: true });
}
