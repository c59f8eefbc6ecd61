// `npm start`: run the desktop app when Electron's binary is installed; otherwise say so plainly and offer
// the web host, which serves the same core and UI in a browser. This file must not import `electron`
// (since Electron 42, requiring it without a binary starts a download).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';

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
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const dir = electronPackageDir();
  const binary = dir ? findElectronBinary(dir) : null;
  // `npm start -- --kiosk` / `-- --display`: the window mode goes on to Electron.
  const appArgs = process.argv.slice(2);
  if (binary) return run('electron-vite', ['preview', '--skipBuild', ...(appArgs.length > 0 ? ['--', ...appArgs] : [])]);

  console.error(
    [
      'Electron chưa được cài trên máy này (không tải được tệp chạy của Electron).',
      "Electron's binary is not installed on this machine (it could not be downloaded).",
      '',
      'The web host runs the same app in your browser: npm run start:web',
    ].join('\n'),
  );
  if (!process.stdin.isTTY) return 1;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = (await prompt.question('Start the web host now? [Y/n] ')).trim().toLowerCase();
  prompt.close();
  if (answer !== '' && answer !== 'y' && answer !== 'yes' && answer !== 'c' && answer !== 'có') return 1;
  return run('tsx', [join(dirname(new URL(import.meta.url).pathname), 'web', 'main.ts')]);
}

process.exitCode = await main();
