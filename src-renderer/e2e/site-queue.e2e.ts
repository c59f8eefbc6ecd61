// One queue across PCs in Chromium: two demo stations (two web host processes, each its own data folder)
// joined to one site store (a PostgreSQL cluster of the test's own), as IT sets them up with the CLI.
// A kiosk ticket printed at station K1 is called at station D2's desk and appears on the waiting-room
// display of K1; PostgreSQL restarted, the display says "connection lost" meanwhile and then shows the
// same "now serving" again; the display follows only the counters its Settings choose.
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupCommand } from '../../src-main/cli/commands/setup';
import { siteCommand } from '../../src-main/cli/commands/site';
import { PgCluster } from '../../src-main/dev/testing/postgres';
import { launchChromium, openWatchedPage, screenshotPath, startWebHostProcess, type RunningHost } from './support';

const PASSPHRASE = 'tập huấn 2026';
const quiet = { out: () => undefined, err: () => undefined };

let cluster: PgCluster;
let browser: Browser;
const hosts: RunningHost[] = [];

beforeAll(async () => {
  cluster = await PgCluster.create();
  const dir = mkdtempSync(join(tmpdir(), 'tiepdon-site-e2e-'));
  const url = cluster.url();
  const enrolment = join(dir, 'site.enrol');
  if ((await siteCommand(['init', '--url', url, '--enrolment-out', enrolment, '--passphrase', PASSPHRASE, '--demo'], quiet)) !== 0) throw new Error('site init failed');
  for (const station of ['K1', 'D2']) {
    const code = await setupCommand(['--demo', '--data-dir', join(dir, station), '--station', station, '--site-url', url, '--site-enrolment', enrolment, '--site-passphrase', PASSPHRASE], quiet);
    if (code !== 0) throw new Error(`setup of ${station} failed`);
    hosts.push(await startWebHostProcess({ demo: true, dataDir: join(dir, station) }));
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((host) => host.stop()));
  await cluster?.destroy();
});

async function open(host: RunningHost, hash: string, width: number, height: number): Promise<{ page: Page; errors: string[] }> {
  const watched = await openWatchedPage(browser, width, height);
  await watched.page.goto(`${host.url}${hash}`);
  await watched.page.getByTestId('demo-marker').first().waitFor();
  return watched;
}

describe('one queue across two stations', () => {
  it('a kiosk ticket of station K1 is called at station D2 and shown on K1’s display; after a PostgreSQL restart the display shows it again', async () => {
    const [k1, d2] = hosts as [RunningHost, RunningHost];
    const display = await open(k1, '#/display', 1920, 1080);
    await display.page.getByTestId('display-now-serving').waitFor();
    await expect.poll(() => display.page.getByTestId('display').getAttribute('data-site'), { timeout: 30_000 }).toBe('connected');

    // The patient takes a ticket at K1's kiosk: the site numbers it.
    const kiosk = await open(k1, '#/kiosk', 1080, 1920);
    await kiosk.page.getByTestId('kiosk-idle').waitFor();
    await kiosk.page.getByTestId('sim-tap-an').click();
    await kiosk.page.getByTestId('kiosk-confirm').waitFor({ timeout: 30_000 });
    await kiosk.page.getByTestId('kiosk-lane-bhyt').click();
    await kiosk.page.getByTestId('kiosk-service-NOI').click();
    await kiosk.page.getByTestId('kiosk-ticket').waitFor({ timeout: 30_000 });
    const ticket = (await kiosk.page.getByTestId('ticket-number').textContent())!;
    expect(ticket).toMatch(/^NOI-\d{3}$/);

    // D2's receptionist calls the next patient of Phòng 101: K1's kiosk patient.
    const desk = await open(d2, '', 1366, 768);
    await desk.page.getByTestId('queue-counter').selectOption('P101');
    await expect.poll(() => desk.page.getByTestId('queue-site').getAttribute('data-site'), { timeout: 30_000 }).toBe('connected');
    // The ticket reaches the site in the background, within a moment of printing.
    await expect
      .poll(
        async () => {
          await desk.page.getByTestId('call-next').click();
          return desk.page.getByTestId('called-number').textContent({ timeout: 2_000 }).catch(() => null);
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(ticket);
    const shown = display.page.locator('[data-testid=display-now-serving] li[data-station=D2]');
    await shown.getByTestId('display-number-P101').filter({ hasText: ticket }).waitFor({ timeout: 30_000 });
    expect(await shown.getByTestId('display-counter-P101').textContent()).toBe('Phòng 101');
    await desk.page.screenshot({ path: screenshotPath('site-desk-called-vi-1366x768') });
    await display.page.screenshot({ path: screenshotPath('site-display-now-serving-1920x1080') });

    // PostgreSQL restarts: meanwhile the display shows no number that may be stale, and the desk says it works alone.
    await cluster.stop();
    await display.page.getByTestId('display-connection-lost').waitFor({ timeout: 30_000 });
    expect(await display.page.getByTestId('display-now-serving').count()).toBe(0);
    await display.page.screenshot({ path: screenshotPath('site-display-connection-lost-1920x1080') });
    await desk.page.getByTestId('call-next').click();
    await expect.poll(() => desk.page.getByTestId('queue-site').getAttribute('data-site'), { timeout: 30_000 }).toBe('lost');
    expect(await desk.page.getByTestId('queue-site').textContent()).toContain('Mất kết nối máy chủ bệnh viện');
    await desk.page.screenshot({ path: screenshotPath('site-desk-lost-vi-1366x768') });

    await cluster.start();
    await shown.getByTestId('display-number-P101').filter({ hasText: ticket }).waitFor({ timeout: 60_000 });
    expect(await display.page.getByTestId('display').getAttribute('data-site')).toBe('connected');

    // K1's display follows what its Settings choose: with only counter P102, D2's call at P101 is not shown.
    const settings = await open(k1, '', 1366, 768);
    await settings.page.getByTestId('settings-toggle').click();
    await settings.page.getByTestId('settings-display-counters').fill('P102');
    await settings.page.getByRole('button', { name: 'Lưu cài đặt', exact: true }).click();
    await settings.page.locator('.settings-grid [role=status]').waitFor();
    await settings.page.getByTestId('settings-display').screenshot({ path: screenshotPath('settings-display-vi') });
    await display.page.reload();
    await display.page.getByTestId('display-now-serving').waitFor();
    await expect.poll(() => display.page.locator('[data-testid=display-now-serving] li[data-station]').count()).toBe(0);
    expect(await display.page.getByTestId('display').getAttribute('data-site')).toBe('connected');
    expect(display.errors).toEqual([]);
    expect(kiosk.errors).toEqual([]);
  });
});
