// System tests need a PC/SC daemon with vsmartcard-vpcd's virtual readers. `ensurePcscd` starts one when
// none runs and stops only what it started, leaving a developer's own pcscd alone; `Pcscd` owns one so a
// test can restart it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { listPcscReaders } from '../../../native/pcsc';

function pcscdRunning(): boolean {
  return spawnSync('pidof', ['pcscd']).status === 0;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function readersVisible(): boolean {
  try {
    return listPcscReaders().length > 0;
  } catch {
    return false;
  }
}

/** A pcscd this process started and controls. */
export class Pcscd {
  private child: ChildProcess | null = null;

  async start(): Promise<void> {
    this.child = spawn('pcscd', ['--foreground'], { stdio: 'ignore' });
    this.child.on('error', () => undefined);
    await waitFor(readersVisible, 10_000, 'pcscd to show the vpcd readers (is vsmartcard-vpcd installed?)');
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** Kills whatever pcscd runs, then starts one owned by this object. */
  async takeOver(): Promise<void> {
    if (pcscdRunning()) {
      spawnSync('pkill', ['-x', 'pcscd']);
      await waitFor(() => !pcscdRunning(), 10_000, 'pcscd to stop');
    }
    await this.start();
  }
}

/** Ensures pcscd answers with its virtual readers; returns a function that undoes what it did. */
export async function ensurePcscd(): Promise<() => Promise<void>> {
  if (pcscdRunning()) {
    await waitFor(readersVisible, 10_000, 'the running pcscd to show the vpcd readers');
    return async () => {};
  }
  const pcscd = new Pcscd();
  await pcscd.start();
  return () => pcscd.stop();
}
