// Check-in at the desk, end to end: chip read → eligibility → confirm → ticket → the day's list; and the
// same with the gateway down, where check-in goes on and the queue drains when it is back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotBothLanguages, screenshotPath, useDemoHost } from './support';

const world = useDemoHost();

async function desk(language: 'vi' | 'en'): Promise<{ page: Page; errors: string[] }> {
  const page = await (await world.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(world.host.url);
  await page.getByTestId('demo-marker').waitFor();
  await page.getByTestId('language-select').selectOption(language);
  return { page, errors };
}

async function faults(body: object): Promise<void> {
  const response = await fetch(`${world.host.gatewayUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok).toBe(true);
}

async function checkIn(page: Page, persona: string | null): Promise<string> {
  if (persona) await page.getByTestId(`sim-tap-${persona}`).click();
  const confirm = page.getByTestId('checkin-confirm');
  await confirm.waitFor({ timeout: 20_000 });
  await expect.poll(() => confirm.isEnabled(), { timeout: 20_000 }).toBe(true);
  await confirm.click();
  await page.getByTestId('ticket-number').waitFor({ timeout: 20_000 });
  return (await page.getByTestId('ticket-number').textContent()) ?? '';
}

describe('check-in at the desk', () => {
  it('tapping `an` and confirming gives a ticket, and the day\'s list shows the visit', async () => {
    for (const [language, persona] of [
      ['vi', 'an'],
      ['en', 'binh-khong-thoi-han'],
    ] as const) {
      const { page, errors } = await desk(language);
      const number = await checkIn(page, persona);
      expect(number).toMatch(/^A-\d{3}$/);
      await page.screenshot({ path: screenshotPath(`desk-ticket-${language}-1366x768`), fullPage: true });
      // At 1366×768 the day's list is the side panel's second tab.
      await page.getByTestId('desk-tab-list').click();
      const row = page.getByTestId('visit-row').filter({ hasText: number });
      await row.waitFor();
      expect(await row.locator('[data-provenance]').getAttribute('data-provenance')).toBe('chip-authentic');
      await expect.poll(() => row.locator('[data-sync]').getAttribute('data-sync'), { timeout: 20_000 }).toBe('sent');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(errors).toEqual([]);
      await page.getByTestId('next-patient').click();
      await page.getByTestId('desk-tab-queue').click();
      // The same patient again today is flagged before a second visit is created.
      await page.getByTestId(`sim-tap-${persona}`).click();
      await page.getByTestId('checkin-confirm').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('checkin-confirm').isEnabled(), { timeout: 20_000 }).toBe(true);
      await page.getByTestId('checkin-confirm').click();
      await page.getByTestId('already-checked-in').waitFor();
      expect(await page.getByTestId('ticket-number').count()).toBe(0);
    }
  });

  it('with the gateway down, check-in completes, the banner counts the queue, and it drains when the gateway is back', async () => {
    const { page, errors } = await desk('vi');
    await faults({ down: true });
    try {
      await page.getByTestId('sim-tap-chau-tre-em').click();
      await expect.poll(() => page.getByTestId('eligibility-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('pending');
      const number = await checkIn(page, null);
      expect(number).toMatch(/^A-\d{3}$/);
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor({ timeout: 30_000 });
      expect(Number(await banner.getAttribute('data-pending'))).toBeGreaterThan(0);
      await screenshotBothLanguages(page, 'desk-offline', true);
    } finally {
      await faults({ down: false });
    }
    await page.getByTestId('sync-flush').click();
    await expect.poll(() => page.getByTestId('offline-banner').count(), { timeout: 30_000 }).toBe(0);
    expect((await (await fetch(`${world.host.gatewayUrl}/__sim/checkins`)).json()).length).toBeGreaterThan(0);
    expect(errors.filter((error) => !error.includes('Failed to load resource'))).toEqual([]);
  });
});
