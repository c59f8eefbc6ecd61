// System tests need a PC/SC daemon with vsmartcard-vpcd's virtual readers. Start one when none runs and
// stop only what we started, so a developer's own pcscd is left alone.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { listPcscReaders } from '../../native/pcsc';

function pcscdRunning(): boolean {
  return spawnSync('pidof', ['pcscd']).status === 0;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function readersVisible(): boolean {
  try {
    return listPcscReaders().length > 0;
  } catch {
    return false;
  }
}

/** Ensures pcscd answers with its virtual readers; returns a function that undoes what it did. */
export async function ensurePcscd(): Promise<() => Promise<void>> {
  let child: ChildProcess | undefined;
  if (!pcscdRunning()) {
    child = spawn('pcscd', ['--foreground'], { stdio: 'ignore' });
    child.on('error', () => undefined);
  }
  if (!(await waitFor(readersVisible, 10_000))) {
    child?.kill('SIGTERM');
    throw new Error('pcscd did not show any reader within 10 s: is vsmartcard-vpcd installed?');
  }
  return async () => {
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}
