// The CLI as a separate process, for system tests: a simulated card served to pcscd must live in its own
// process (a bridge inside the test's process would deadlock on blocking PC/SC calls).
import { spawn, type ChildProcess } from 'node:child_process';

/** The CLI itself, not through npm, so that signals reach it and its exit code is its own. */
export function tiepdonProcess(args: string[]): ChildProcess {
  return spawn('node_modules/.bin/tsx', ['src-main/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `tiepdon sim serve --persona <id> --port <port>` until stopped. */
export function serveSimulatedCard(persona: string, port: number): { stop(): Promise<void> } {
  const child = tiepdonProcess(['sim', 'serve', '--persona', persona, '--port', String(port)]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
