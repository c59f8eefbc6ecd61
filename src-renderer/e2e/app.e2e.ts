import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWatchedPage, pngSize, projectRoot, screenshotPath, useHost } from './support';

const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

// Production, as a fresh installation starts: the PC/SC readers, no simulated ones.
const world = useHost({ demo: false });

const openPage = (width = 1366, height = 768) => openWatchedPage(world.browser, width, height);

describe('web host in Chromium', () => {
  it('refuses the UI without the token', async () => {
    const { page } = await openPage();
    const response = await page.goto(world.host.origin);
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).not.toContain('Tiếp đón');
  });

  it('shows the app version and the PC/SC readers through the contract, in Vietnamese', async () => {
    const { page, errors } = await openPage();
    await page.goto(world.host.url);
    await page.getByTestId('app-version').waitFor();
    expect(await page.getByTestId('app-version').getAttribute('data-version')).toBe(version);
    expect(await page.getByTestId('app-version').textContent()).toContain(`Phiên bản ${version}`);
    expect(await page.getByTestId('reader-service').getAttribute('data-service')).toBe('ok');
    const readers = await page.getByTestId('reader-item').locator('.reader-name').allTextContents();
    expect(readers).toEqual(expect.arrayContaining(['Virtual PCD 00 00', 'Virtual PCD 00 01']));
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.getByRole('heading', { name: 'Đầu đọc thẻ' }).isVisible()).toBe(true);
    // The token left the address bar for an HttpOnly cookie.
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(errors).toEqual([]);
  });

  it('fits 1366×768 without horizontal scrolling; screenshots in Vietnamese and English', async () => {
    const { page, errors } = await openPage();
    await page.goto(world.host.url);
    await page.getByTestId('reader-list').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const vi = await page.screenshot({ path: screenshotPath('home-vi-1366x768') });
    expect(pngSize(vi)).toEqual({ width: 1366, height: 768 });

    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('heading', { name: 'Card readers' }).waitFor();
    const en = await page.screenshot({ path: screenshotPath('home-en-1366x768') });
    expect(pngSize(en)).toEqual({ width: 1366, height: 768 });
    expect(en.equals(vi)).toBe(false);

    // The choice is a setting in the core: a reload comes back in English.
    await page.reload();
    await page.getByRole('heading', { name: 'Card readers' }).waitFor();
    await page.getByTestId('language-select').selectOption('vi');
    await page.getByRole('heading', { name: 'Đầu đọc thẻ' }).waitFor();
    expect(errors).toEqual([]);
  });
});
