// A receptionist's morning in Chromium against the demo web host: the whole flow on one screen at
// 1366×768 and 1920×1080 in both languages, check-in by keyboard alone, cancel with a reason (audited
// with the operator), reprint, call next → skip → recall, and a restart that keeps "now serving".
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWatchedPage, screenshotPath, startWebHostProcess, type RunningHost } from './support';

const dataDir = mkdtempSync(join(tmpdir(), 'tiepdon-desk-ops-'));
let host: RunningHost;
let browser: Browser;

beforeAll(async () => {
  host = await startWebHostProcess({ demo: true, dataDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function desk(language: 'vi' | 'en', width = 1366, height = 768): Promise<{ page: Page; errors: string[] }> {
  const watched = await openWatchedPage(browser, width, height);
  await watched.page.goto(host.url);
  await watched.page.getByTestId('demo-marker').waitFor();
  await watched.page.getByTestId('language-select').selectOption(language);
  await watched.page.locator(`html[lang=${language}]`).waitFor();
  return watched;
}

/** The card on the reader (the demo's tap), then wait until the check-in can be confirmed. */
async function tap(page: Page, persona: string): Promise<void> {
  await page.getByTestId(`sim-tap-${persona}`).click();
  const confirm = page.getByTestId('checkin-confirm');
  await confirm.waitFor({ timeout: 20_000 });
  await expect.poll(() => confirm.isEnabled(), { timeout: 20_000 }).toBe(true);
}

/** Digit for the clinic, Enter to confirm: the ticket's number. */
async function keyboardCheckIn(page: Page, persona: string, digit: string): Promise<string> {
  await tap(page, persona);
  await page.keyboard.press(digit);
  await page.keyboard.press('Enter');
  const number = page.getByTestId('ticket-number');
  await number.waitFor({ timeout: 20_000 });
  return (await number.first().textContent()) ?? '';
}

async function inViewport(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).first().evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
  });
}

const pageFits = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement!;
    return { vertical: root.scrollHeight <= window.innerHeight, horizontal: root.scrollWidth <= window.innerWidth };
  });

async function openList(page: Page): Promise<void> {
  if (await page.getByTestId('desk-tab-list').count()) await page.getByTestId('desk-tab-list').click();
  await page.getByTestId('visits-search').waitFor();
}

const rowOf = (page: Page, number: string, service: string) => page.getByTestId('visit-row').filter({ hasText: number }).filter({ hasText: `(${service})` });

describe('the desk on one screen, by keyboard', () => {
  it('after tapping `an` the reader state, identity with photo, verdict, eligibility, form and confirm are all in view, with no scrolling', async () => {
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      for (const language of ['vi', 'en'] as const) {
        const { page, errors } = await desk(language, width, height);
        await tap(page, 'an');
        await expect.poll(() => page.getByTestId('eligibility-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('eligible');
        await page.getByTestId('holder-photo').waitFor();
        for (const testId of ['reader-service', 'read-progress', 'holder-photo', 'holder-name', 'verification-verdict', 'eligibility-status', 'checkin-service', 'checkin-confirm']) {
          expect(await inViewport(page, testId), `${testId} at ${width}×${height} ${language}`).toBe(true);
        }
        expect(await pageFits(page)).toEqual({ vertical: true, horizontal: true });
        // The flow itself fits: its column does not scroll either.
        expect(await page.getByTestId('desk-main').evaluate((element) => element.scrollHeight <= element.clientHeight)).toBe(true);
        // The day's list: beside the flow on a wide screen, one tab away on a small one.
        if (width >= 1600) expect(await inViewport(page, 'visits-search')).toBe(true);
        else expect(await page.getByTestId('desk-tab-list').count()).toBe(1);
        await page.screenshot({ path: screenshotPath(`desk-one-screen-${language}-${width}x${height}`) });
        // Esc drops the patient in progress.
        await page.keyboard.press('Escape');
        await expect.poll(() => page.getByTestId('checkin-confirm').count()).toBe(0);
        expect(errors).toEqual([]);
        await page.context().close();
      }
    }
  }, 180_000);

  it('a digit picks the clinic and Enter confirms: a ticket, two keystrokes; Enter again is the next patient; `?` lists the shortcuts', async () => {
    const { page, errors } = await desk('vi');
    await tap(page, 'an');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('checkin-service');
    await page.keyboard.press('2');
    expect(await page.getByTestId('checkin-service').getAttribute('data-value')).toBe('NGOAI');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByTestId('checkin-service').getAttribute('data-value')).toBe('NOI');
    await page.screenshot({ path: screenshotPath('desk-keyboard-choice-vi-1366x768') });
    await page.keyboard.press('Enter');
    await page.getByTestId('ticket-number').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('ticket-number').textContent()).toMatch(/^A-\d{3}$/);
    expect(await page.getByTestId('ticket-demo-marker').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('desk-keyboard-ticket-vi-1366x768') });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('ticket-number').count()).toBe(0);
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-help').waitFor();
    for (const key of ['F2', 'F3', 'F4', 'F8', 'Alt+B', 'Alt+G', 'Enter', 'Esc']) expect(await page.getByTestId('shortcuts-help').textContent()).toContain(key);
    await page.screenshot({ path: screenshotPath('desk-shortcuts-vi-1366x768') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcuts-help').count()).toBe(0);
    // F2 opens manual entry, F3 the list's search.
    await page.keyboard.press('F2');
    await page.getByTestId('manual-identity').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('F3');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('visits-search');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('cancelling from the list needs a reason, takes the number off the queue and the audit log names the operator', async () => {
    const { page, errors } = await desk('vi');
    const number = await keyboardCheckIn(page, 'thao-dau-thanh', '6');
    await page.keyboard.press('Enter');
    await openList(page);
    const row = rowOf(page, number, 'RHM');
    await row.getByTestId('visit-cancel').click();
    await page.getByTestId('visit-cancel-dialog').waitFor();
    await page.getByTestId('visit-cancel-confirm').click();
    // The reason is required: nothing happened.
    expect(await page.getByTestId('visit-cancel-dialog').count()).toBe(1);
    expect(await row.getAttribute('data-state')).toBe('waiting');
    await page.getByTestId('visit-cancel-reason').fill('Bệnh nhân đăng ký nhầm phòng, đã về');
    await page.screenshot({ path: screenshotPath('desk-cancel-dialog-vi-1366x768') });
    await page.getByTestId('visit-cancel-confirm').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('cancelled');
    const sync = await row.locator('[data-sync]').getAttribute('data-sync');
    expect(['withdrawn', 'sent-cancelled']).toContain(sync);
    if (sync === 'sent-cancelled') expect(await row.getByTestId('visit-sent-cancelled-note').textContent()).toContain('tài liệu');
    await page.screenshot({ path: screenshotPath('desk-cancelled-vi-1366x768') });
    // Off the queue: the counter of RHM calls nobody.
    await page.getByTestId('desk-tab-queue').click();
    await page.getByTestId('queue-counter').selectOption('P106');
    await page.keyboard.press('F4');
    await page.getByTestId('queue-message').waitFor();
    expect(await page.getByTestId('called-none').count()).toBe(1);
    // The audit log (Settings) names who cancelled.
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('audit-show').click();
    const audit = page.getByTestId('audit-rows').locator('tr').filter({ hasText: 'visit-cancel' });
    await audit.first().waitFor();
    expect(await audit.first().textContent()).toContain('Phạm Thị Hoa');
    expect(await page.getByTestId('audit-rows').textContent()).not.toContain('nhầm phòng');
    await page.screenshot({ path: screenshotPath('desk-audit-cancel-vi-1366x768'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reprint from the list prints the ticket alone, with the DEMO marker', async () => {
    const { page, errors } = await desk('en');
    await page.evaluate(() => {
      const printed: string[] = [];
      (window as unknown as { printed: string[] }).printed = printed;
      window.print = () => printed.push(document.querySelector('[data-testid="print-area"]')?.textContent ?? '');
    });
    await openList(page);
    const row = page.getByTestId('visit-row').filter({ hasText: '(NOI)' }).first();
    const number = (await row.locator('.queue-number').textContent())!;
    await row.getByTestId('visit-reprint').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: string[] }).printed.length)).toBe(1);
    const printed = await page.evaluate(() => (window as unknown as { printed: string[] }).printed[0]!);
    expect(printed).toContain(number);
    expect(printed).toContain('DEMO');
    expect(await page.getByTestId('desk-notice').textContent()).toContain(number);
    await page.screenshot({ path: screenshotPath('desk-list-en-1366x768') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('counters named in Settings; call next → skip (moved back the places Settings say) → recall; the display follows and keeps "now serving" across a restart', async () => {
    const { page, errors } = await desk('vi');
    // Settings: the counter's name on the display, and a skip moves one place back.
    await page.getByTestId('settings-toggle').click();
    const counters = page.getByTestId('settings-counters');
    await counters.fill((await counters.inputValue()).replace('P105: Phòng 105 | Room 105', 'P105: Phòng 105 — Tai Mũi Họng | Room 105 — ENT'));
    await page.getByTestId('settings-skip-places').fill('1');
    await page.getByRole('button', { name: 'Lưu cài đặt', exact: true }).click();
    await page.locator('.settings-grid [role=status]').waitFor();
    await page.getByTestId('settings-toggle').click();

    const first = await keyboardCheckIn(page, 'binh-khong-thoi-han', '5');
    await page.keyboard.press('Enter');
    const second = await keyboardCheckIn(page, 'chau-tre-em', '5');
    await page.keyboard.press('Enter');
    const third = await keyboardCheckIn(page, 'lan-anh-lon', '5');
    await page.keyboard.press('Enter');

    const display = (await openWatchedPage(browser, 1920, 1080)).page;
    await display.goto(`${host.url}#/display`);
    await display.getByTestId('display-now-serving').waitFor();

    await page.getByTestId('queue-counter').selectOption('P105');
    const called = page.getByTestId('called-number');
    await page.keyboard.press('F4');
    await expect.poll(() => called.textContent()).toBe(first);
    await display.getByTestId('display-number-P105').filter({ hasText: first }).waitFor({ timeout: 2_000 });
    expect(await display.getByTestId('display-counter-P105').textContent()).toBe('Phòng 105 — Tai Mũi Họng');
    await page.screenshot({ path: screenshotPath('desk-called-vi-1366x768') });

    // Skip: the first patient goes behind one patient, so the next call is the second, then the first again.
    await page.keyboard.press('Alt+B');
    await page.getByTestId('called-none').waitFor();
    await expect.poll(() => display.getByTestId('display-number-P105').count()).toBe(0);
    await openList(page);
    await expect.poll(() => rowOf(page, first, 'TMH').getAttribute('data-state')).toBe('skipped');
    await page.screenshot({ path: screenshotPath('desk-skipped-vi-1366x768') });
    await page.getByTestId('desk-tab-queue').click();
    await page.keyboard.press('F4');
    await expect.poll(() => called.textContent()).toBe(second);
    await page.keyboard.press('F4');
    await expect.poll(() => called.textContent()).toBe(first);

    // Recall: the same number again, the display shows it, the count goes up.
    await page.keyboard.press('Alt+G');
    await expect.poll(() => page.getByTestId('called-count').getAttribute('data-count')).toBe('2');
    await display.getByTestId('display-number-P105').filter({ hasText: first }).waitFor();
    await page.screenshot({ path: screenshotPath('desk-recalled-vi-1366x768') });
    await display.screenshot({ path: screenshotPath('display-now-serving-1920x1080') });
    expect(third).not.toBe(first);
    expect(errors).toEqual([]);
    await page.context().close();
    await display.context().close();

    // A restart on the same folder: the display rebuilds from the store and shows the same number.
    await host.stop();
    host = await startWebHostProcess({ demo: true, dataDir });
    const after = await openWatchedPage(browser, 1920, 1080);
    await after.page.goto(`${host.url}#/display`);
    await after.page.getByTestId('display-number-P105').filter({ hasText: first }).waitFor({ timeout: 10_000 });
    expect(await after.page.getByTestId('display-counter-P105').textContent()).toBe('Phòng 105 — Tai Mũi Họng');
    await after.page.screenshot({ path: screenshotPath('display-after-restart-1920x1080') });
    expect(after.errors).toEqual([]);
  }, 180_000);
});
