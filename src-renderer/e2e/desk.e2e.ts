// The receptionist's flows in Chromium against the web host in demo mode (simulated cards, embedded
// gateway simulator, test CSCA trusted).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotBothLanguages, screenshotPath, useDemoHost } from './support';

const world = useDemoHost();

async function desk(language: 'vi' | 'en' = 'vi'): Promise<{ page: Page; errors: string[] }> {
  const page = await (await world.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(world.host.url);
  await page.getByTestId('demo-marker').waitFor();
  if ((await page.getByTestId('language-select').inputValue()) !== language) await page.getByTestId('language-select').selectOption(language);
  return { page, errors };
}

/** A keyboard-wedge scanner: one keydown per character, a few milliseconds apart, then Enter. */
async function scan(page: Page, text: string): Promise<void> {
  await page.evaluate(async (value) => {
    for (const key of [...value, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  }, text);
}

describe('desk in demo mode', () => {
  it('tapping `an` shows the holder, an authentic chip and valid insurance', async () => {
    const { page, errors } = await desk();
    await page.getByTestId('sim-tap-an').click();
    await expect.poll(() => page.getByTestId('holder-name').textContent()).toBe('Nguyễn Văn An');
    await expect.poll(() => page.getByTestId('verification-verdict').getAttribute('data-verdict'), { timeout: 15_000 }).toBe('authentic');
    expect(await page.getByTestId('verification-guidance').textContent()).toBe('Tiếp nhận bình thường.');
    await expect.poll(() => page.getByTestId('eligibility-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('eligible');
    await page.getByTestId('holder-photo').waitFor();
    expect(await page.getByTestId('bhyt-code').textContent()).toBe('DN4010123456789');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshotBothLanguages(page, 'desk-an', true);
    expect(errors).toEqual([]);
  });

  it('tapping `tampered-dg13` raises the red alert that must be acknowledged', async () => {
    const { page, errors } = await desk();
    await page.getByTestId('sim-tap-tampered-dg13').click();
    await page.getByTestId('verification-alert').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('verification-verdict').getAttribute('data-verdict')).toBe('data-altered');
    expect(await page.getByTestId('verification-alert-guidance').textContent()).toMatch(/^DỪNG: không tiếp nhận bằng thẻ này/);
    await screenshotBothLanguages(page, 'desk-tampered');
    // Enter on the focused button acknowledges (keyboard first).
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('verification-alert').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a JPEG 2000 chip photo is shown decoded', async () => {
    const { page } = await desk('en');
    await page.getByTestId('sim-tap-thao-dau-thanh').click();
    await page.getByTestId('holder-photo').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('holder-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    expect(await page.getByTestId('holder-name').textContent()).toBe('Lữ Hoàng Phước Thảo Ngọc');
    await page.screenshot({ path: screenshotPath('desk-jp2-en-1366x768'), fullPage: true });
  });

  it('a QR string typed at scanner speed fills the form', async () => {
    const { page, errors } = await desk();
    await scan(page, '001090012345|012345678|Nguyễn Văn An|15031990|Nam|Số nhà 12, Ngõ 34 Phố Nguyễn Trãi, Hà Nội|10052021');
    await page.getByTestId('qr-scanned').waitFor();
    expect(await page.getByTestId('qr-scanned').textContent()).toContain('Nguyễn Văn An');
    expect(await page.getByTestId('key-id').inputValue()).toBe('001090012345');
    expect(await page.getByTestId('key-dob').inputValue()).toBe('15/03/1990');
    expect(errors).toEqual([]);
  });

  it('typing by hand is not taken for a scan', async () => {
    const { page } = await desk();
    await page.getByTestId('key-id').click();
    await page.keyboard.type('001090012345', { delay: 80 });
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('qr-scanned').count()).toBe(0);
  });
});
