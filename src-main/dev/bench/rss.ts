// The leak check: RSS of a core process before and after many simulated reads, measured in a child process
// (rss-child.ts) so that nothing the benchmark itself holds is counted.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface RssCheck {
  beforeMb: number;
  afterMb: number;
  growthMb: number;
  heapUsedMb: { before: number; after: number };
  reads: number;
  warmup: number;
  seconds: number;
  setup: string;
}

const root = resolve(import.meta.dirname, '../../..');

export async function measureRss(reads = 1000, warmup = 50): Promise<RssCheck> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(import.meta.dirname, 'rss-child.ts'), '--reads', String(reads), '--warmup', String(warmup)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolvePromise) => child.once('exit', resolvePromise));
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`the RSS child exited with ${code}: ${stderr.trim() || stdout.trim()}`);
  const result = JSON.parse(line) as { reads: number; warmup: number; seconds: number; persona: string; before: { rssMb: number; heapUsedMb: number }; after: { rssMb: number; heapUsedMb: number } };
  return {
    beforeMb: result.before.rssMb,
    afterMb: result.after.rssMb,
    growthMb: Math.round((result.after.rssMb - result.before.rssMb) * 10) / 10,
    heapUsedMb: { before: result.before.heapUsedMb, after: result.after.heapUsedMb },
    reads: result.reads,
    warmup: result.warmup,
    seconds: result.seconds,
    setup: `child process: openAppSession --demo (store, embedded gateway simulator, simulated reader without link delays; a demo offers no PC/SC reader), ${result.warmup} warm-up reads, then ${result.reads} reads of persona ${result.persona} via sim.tap (identity, eligibility, verification, photo events); RSS after global.gc()`,
  };
}
