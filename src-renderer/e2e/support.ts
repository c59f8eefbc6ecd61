// End-to-end plumbing: the web host as a real process (as `npm run start:web` runs it) and Debian's
// Chromium driven by playwright-core. Never downloads a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensurePcscd } from '../../src-main/testing/pcscd';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const screenshotDir = join(projectRoot, 'artifacts', 'screenshots');

export interface RunningHost {
  url: string;
  origin: string;
  dataDir: string;
  /** The embedded gateway simulator in demo mode. */
  gatewayUrl: string | null;
  stop(): Promise<void>;
}

export async function startWebHostProcess(): Promise<RunningHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiepdon-e2e-'));
  const child: ChildProcess = spawn(
    join(projectRoot, 'node_modules', '.bin', 'tsx'),
    [join(projectRoot, 'src-main', 'hosts', 'web', 'main.ts'), '--data-dir', dataDir],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let gatewayUrl: string | null = null;
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('web host printed no URL within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
    const lines = createInterface({ input: child.stdout! });
    let hostUrl: string | null = null;
    lines.on('line', (line) => {
      hostUrl ??= /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line)?.[1] ?? null;
      gatewayUrl ??= /Demo gateway simulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] ?? null;
      if (hostUrl && gatewayUrl) {
        clearTimeout(timer);
        resolvePromise(hostUrl);
      }
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    gatewayUrl,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolvePromise) => child.once('exit', resolvePromise));
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return join(screenshotDir, `${name}.png`);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** One suite's world: pcscd (for the PC/SC readers beside the simulated one), the web host, Chromium. */
export function useDemoHost(): { readonly host: RunningHost; readonly browser: Browser } {
  let stopPcscd: (() => Promise<void>) | undefined;
  const world = {} as { host: RunningHost; browser: Browser };
  beforeAll(async () => {
    stopPcscd = await ensurePcscd();
    world.host = await startWebHostProcess();
    world.browser = await launchChromium();
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.host?.stop();
    await stopPcscd?.();
  });
  return world;
}

/** The same screen in Vietnamese and in English: the language switch re-renders in place. */
export async function screenshotBothLanguages(page: Page, name: string, fullPage = false): Promise<void> {
  const select = page.getByTestId('language-select');
  const original = await select.inputValue();
  for (const language of ['vi', 'en'] as const) {
    await select.selectOption(language);
    await page.locator(`html[lang=${language}]`).waitFor();
    await page.screenshot({ path: screenshotPath(`${name}-${language}-1366x768`), fullPage });
  }
  await select.selectOption(original);
}
