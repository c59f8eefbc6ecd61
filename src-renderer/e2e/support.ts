// End-to-end plumbing: the web host as a real process (as `npm run start:web` runs it) and Debian's
// Chromium driven by playwright-core. Never downloads a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensurePcscd } from '../../src-main/dev/testing/pcscd';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const screenshotDir = join(projectRoot, 'artifacts', 'screenshots');

export interface RunningHost {
  url: string;
  origin: string;
  dataDir: string;
  /** The mode the host says it booted in. */
  mode: 'production' | 'demo';
  /** The embedded gateway simulator in demo mode. */
  gatewayUrl: string | null;
  stop(): Promise<void>;
}

/** `npm run start:web -- --data-dir <fresh> [--demo]` as a process. */
export async function startWebHostProcess(options: { demo: boolean; dataDir?: string }): Promise<RunningHost> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tiepdon-e2e-'));
  const child: ChildProcess = spawn(
    join(projectRoot, 'node_modules', '.bin', 'tsx'),
    [join(projectRoot, 'src-main', 'hosts', 'web', 'main.ts'), '--data-dir', dataDir, ...(options.demo ? ['--demo'] : [])],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let gatewayUrl: string | null = null;
  let mode: RunningHost['mode'] | null = null;
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('web host printed no URL within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
    const lines = createInterface({ input: child.stdout! });
    let hostUrl: string | null = null;
    lines.on('line', (line) => {
      hostUrl ??= /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line)?.[1] ?? null;
      gatewayUrl ??= /Demo gateway simulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] ?? null;
      if (line.startsWith('Mode: ')) mode = line.startsWith('Mode: DEMO') ? 'demo' : 'production';
      // A demo prints its gateway simulator's address next; production has none to wait for.
      if (hostUrl && (mode === 'production' || (mode === 'demo' && gatewayUrl))) {
        clearTimeout(timer);
        resolvePromise(hostUrl);
      }
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    mode: mode!,
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

/** A page that collects console errors (CSP violations, missing i18n keys, React errors) for the test to check. */
export async function openWatchedPage(browser: Browser, width = 1366, height = 768): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return join(screenshotDir, `${name}.png`);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** One suite's world: pcscd with its virtual readers, the web host (production or demo), Chromium. */
export function useHost(options: { demo: boolean }): { readonly host: RunningHost; readonly browser: Browser } {
  let stopPcscd: (() => Promise<void>) | undefined;
  const world = {} as { host: RunningHost; browser: Browser };
  beforeAll(async () => {
    stopPcscd = await ensurePcscd();
    world.host = await startWebHostProcess(options);
    world.browser = await launchChromium();
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.host?.stop();
    await stopPcscd?.();
  });
  return world;
}

/** The demo's world: a demo must not offer pcscd's readers, so they are there to be left out. */
export function useDemoHost(): { readonly host: RunningHost; readonly browser: Browser } {
  return useHost({ demo: true });
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
