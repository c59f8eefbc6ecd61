// Production is the default; demo only when asked, kept in its own folder, and left from Settings.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openWatchedPage, screenshotPath, startWebHostProcess, useHost } from './support';

const world = useHost({ demo: false });

const readerNames = async (page: Page) => {
  await page.getByTestId('reader-service').waitFor();
  return page.getByTestId('reader-item').locator('.reader-name').allTextContents();
};

describe('modes: a fresh installation is production; demo is a choice', () => {
  it('a fresh folder shows the first-run screen with no DEMO marker and no simulated cards, only PC/SC readers', async () => {
    const { page, errors } = await openWatchedPage(world.browser);
    await page.goto(world.host.url);
    await page.getByTestId('setup').waitFor();
    await page.screenshot({ path: screenshotPath('first-run-vi-1366x768') });
    expect(await page.getByTestId('demo-marker').count()).toBe(0);
    expect(await page.locator('[data-testid^="sim-tap-"]').count()).toBe(0);
    const readers = await readerNames(page);
    expect(readers).toEqual(expect.arrayContaining(['Virtual PCD 00 00']));
    expect(readers.some((name) => name.includes('Simulated'))).toBe(false);
    expect(errors).toEqual([]);
  });

  it('"try it" boots the demo in <dataDir>/demo, remembered until Settings leaves it', async () => {
    const { page, errors } = await openWatchedPage(world.browser);
    await page.goto(world.host.url);
    await page.getByTestId('setup-try-demo').click();
    await page.getByTestId('demo-marker').waitFor();
    await page.getByTestId('sim-tap-an').waitFor();
    // A demo offers its simulated reader only, never pcscd's.
    const readers = await readerNames(page);
    expect(readers.some((name) => name.startsWith('Virtual PCD'))).toBe(false);
    expect(readers.length).toBe(1);
    await page.getByTestId('sim-tap-an').click();
    await expect.poll(() => page.getByTestId('verification-verdict').getAttribute('data-verdict'), { timeout: 20_000 }).toBe('authentic');
    expect(JSON.parse(readFileSync(join(world.host.dataDir, 'installation.json'), 'utf8'))).toMatchObject({ mode: 'demo' });
    expect(existsSync(join(world.host.dataDir, 'demo', 'tiepdon.db'))).toBe(true);

    // Leaving demo from Settings: production again, and still not set up.
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('leave-demo').click();
    await page.getByTestId('setup').waitFor();
    expect(await page.getByTestId('demo-marker').count()).toBe(0);
    expect(JSON.parse(readFileSync(join(world.host.dataDir, 'installation.json'), 'utf8'))).toMatchObject({ mode: 'production' });
    expect(errors).toEqual([]);
  });

  it('the choice survives a restart of the host; --demo needs no choice', async () => {
    const first = await startWebHostProcess({ demo: false });
    try {
      const { page } = await openWatchedPage(world.browser);
      await page.goto(first.url);
      await page.getByTestId('setup-try-demo').click();
      await page.getByTestId('demo-marker').waitFor();
    } finally {
      await first.stop();
    }
    const again = await startWebHostProcess({ demo: false, dataDir: first.dataDir });
    try {
      expect(again.mode).toBe('demo');
      const { page } = await openWatchedPage(world.browser);
      await page.goto(again.url);
      await page.getByTestId('demo-marker').waitFor();
    } finally {
      await again.stop();
    }
    // `npm run demo` / `--demo` on a fresh folder: the demo at once, its data apart.
    const demo = await startWebHostProcess({ demo: true });
    try {
      expect(demo.mode).toBe('demo');
      const { page } = await openWatchedPage(world.browser);
      await page.goto(demo.url);
      await page.getByTestId('sim-tap-an').waitFor();
      expect(existsSync(join(demo.dataDir, 'demo', 'settings.json')) || existsSync(join(demo.dataDir, 'demo', 'tiepdon.db'))).toBe(true);
    } finally {
      await demo.stop();
    }
  });
});
