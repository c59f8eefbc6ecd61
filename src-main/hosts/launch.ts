// `npm start`: run the desktop app when Electron's binary is installed; otherwise say so plainly and run
// the web host, which serves the same core and UI in a browser. This file must not import `electron`
// (since Electron 42, requiring it without a binary starts a download).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function findElectronBinary(electronPackageDir: string): string | null {
  const pathFile = join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronPackageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
    // A service manager stops `npm start` with SIGTERM to this process alone: pass it on.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const dir = electronPackageDir();
  const binary = dir ? findElectronBinary(dir) : null;
  // `npm start -- --demo`, `-- --kiosk`, `-- --display`, `-- --data-dir DIR`: on to Electron or the web host.
  const appArgs = process.argv.slice(2);
  if (binary) return run('electron-vite', ['preview', '--skipBuild', ...(appArgs.length > 0 ? ['--', ...appArgs] : [])]);

  // No binary (it could not be downloaded): the web host serves the same core and UI, and keeps running.
  console.error(
    [
      'Electron chưa được cài trên máy này: chạy ứng dụng trong trình duyệt (web host).',
      "Electron's binary is not installed on this machine: running the web host instead.",
    ].join('\n'),
  );
  return run('tsx', [join(dirname(new URL(import.meta.url).pathname), 'web', 'main.ts'), ...appArgs]);
}

process.exitCode = await main();
