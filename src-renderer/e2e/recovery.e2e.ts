// What staff see when the desk's files are damaged, in Chromium against the web host: the recovery screen
// for a damaged database (the file left byte for byte), and the notice when settings came from their
// last good copy.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWatchedPage, projectRoot } from './support';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tiepdon-e2e-'));

let browser: Browser;
const stops: (() => void)[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const stop of stops) stop();
  await browser?.close();
});

/** `npm run start:web -- --data-dir DIR` as a process; resolves with the URL it prints. */
async function startHost(dataDir: string): Promise<string> {
  const child = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), [join(projectRoot, 'src-main', 'hosts', 'web', 'main.ts'), '--data-dir', dataDir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'ignore'] });
  stops.push(() => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('web host printed no URL within 30 s')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
  });
}

describe('damaged files in Chromium', () => {
  it('shows the database-damaged recovery screen and leaves the database as it is', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'installation.json'), '{"mode":"production"}');
    const damaged = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0x5a)]);
    writeFileSync(join(dataDir, 'tiepdon.db'), damaged);
    const url = await startHost(dataDir);
    const { page, errors } = await openWatchedPage(browser);
    await page.goto(url);
    const screen = page.getByTestId('recovery');
    await screen.waitFor();
    expect(await screen.getAttribute('data-reason')).toBe('database-damaged');
    expect(await screen.textContent()).toContain('Tệp cơ sở dữ liệu (tiepdon.db) bị hỏng');
    expect(readFileSync(join(dataDir, 'tiepdon.db')).equals(damaged)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('says so when the settings were damaged and their last good copy is in use', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'installation.json'), '{"mode":"production"}');
    const good = { settings: { stationCode: 'B' }, secrets: { gatewayPasswordHash: null, kioskPinHash: null } };
    writeFileSync(join(dataDir, 'settings.json.last-good'), JSON.stringify(good));
    writeFileSync(join(dataDir, 'settings.json'), '{"settings": {"stationCode": ');
    const url = await startHost(dataDir);
    const { page, errors } = await openWatchedPage(browser);
    await page.goto(url);
    const notice = page.getByTestId('settings-restored');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('bản cấu hình tốt gần nhất');
    expect(errors).toEqual([]);
  });
});
