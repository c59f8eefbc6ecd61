// The self-service kiosk and the waiting-room display in Chromium against the web host in demo mode.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath, useDemoHost } from './support';

const world = useDemoHost();

async function open(hash: string, width: number, height: number): Promise<Page> {
  const page = await (await world.browser.newContext({ viewport: { width, height } })).newPage();
  await page.goto(world.host.url);
  await page.getByTestId('demo-marker').waitFor();
  await page.evaluate((value) => (location.hash = value), hash);
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name) });
}

describe('kiosk', () => {
  it('`an`: idle → reading → confirm → service → ticket, back to idle after inactivity', async () => {
    // Shortest idle timeout the settings allow, so the test waits 10 s, not 20.
    const desk = await open('', 1366, 768);
    await desk.getByTestId('settings-toggle').click();
    await desk.locator('input[name=kioskIdle]').fill('10');
    await desk.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await desk.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();

    for (const [width, height] of [
      [1080, 1920],
      [1920, 1080],
    ] as const) {
      const kiosk = await open('#/kiosk', width, height);
      const size = `${width}x${height}`;
      await kiosk.getByTestId('kiosk-idle').waitFor();
      await shoot(kiosk, `kiosk-idle-${size}`);
      const tap = kiosk.getByTestId(width === 1080 ? 'sim-tap-an' : 'sim-tap-lan-anh-lon');
      await tap.click();
      await kiosk.getByTestId('kiosk-reading').waitFor();
      await shoot(kiosk, `kiosk-reading-${size}`);
      await kiosk.getByTestId('kiosk-confirm').waitFor({ timeout: 20_000 });
      expect(await kiosk.getByTestId('kiosk-confirm').textContent()).toMatch(width === 1080 ? /Xin chào An.*••••••••2345/ : /Xin chào Lan/);
      expect(await kiosk.getByTestId('kiosk-confirm').textContent()).not.toMatch(/Nguyễn|Số nhà/);
      await shoot(kiosk, `kiosk-confirm-${size}`);
      // Touch targets at least 48 px.
      const box = await kiosk.getByTestId('kiosk-lane-bhyt').boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(48);
      await kiosk.getByTestId('kiosk-lane-bhyt').click();
      await kiosk.getByTestId('kiosk-service-NOI').waitFor();
      await shoot(kiosk, `kiosk-services-${size}`);
      await kiosk.getByTestId('kiosk-service-NOI').click();
      await kiosk.getByTestId('kiosk-ticket').waitFor({ timeout: 15_000 });
      expect(await kiosk.getByTestId('ticket-number').textContent()).toMatch(/^A-\d{3}$/);
      await shoot(kiosk, `kiosk-ticket-${size}`);
      await kiosk.getByTestId('kiosk-idle').waitFor({ timeout: 15_000 });
    }
  });

  it('goes back to idle after its timeout while the insurance lookup hangs', async () => {
    const desk = await open('', 1366, 768);
    await desk.getByTestId('settings-toggle').click();
    await desk.locator('input[name=kioskIdle]').fill('10');
    await desk.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await desk.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
    const faults = (body: object) => fetch(`${world.host.gatewayUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await faults({ latencyMs: 120_000, routes: ['card-check'] })).ok).toBe(true);
    try {
      const kiosk = await open('#/kiosk', 1080, 1920);
      await kiosk.getByTestId('kiosk-idle').waitFor();
      await kiosk.getByTestId('sim-tap-an').click();
      await kiosk.getByTestId('kiosk-reading').waitFor();
      await kiosk.getByTestId('kiosk-idle').waitFor({ timeout: 25_000 });
      expect(await kiosk.getByTestId('kiosk-confirm').count()).toBe(0);
    } finally {
      await faults({ latencyMs: 0, routes: null });
    }
  });

  it('`tampered-dg13` sends the patient to the desk', async () => {
    const kiosk = await open('#/kiosk', 1080, 1920);
    await kiosk.getByTestId('sim-tap-tampered-dg13').click();
    await kiosk.getByTestId('kiosk-see-staff').waitFor({ timeout: 20_000 });
    expect(await kiosk.getByTestId('kiosk-see-staff').getAttribute('data-reason')).toBe('verification');
    expect(await kiosk.getByTestId('kiosk-see-staff').textContent()).toContain('Vui lòng đến quầy tiếp đón');
    await shoot(kiosk, 'kiosk-see-staff-1080x1920');
    await kiosk.getByTestId('kiosk-language').click();
    await kiosk.getByText('Please go to the reception desk').waitFor();
    await shoot(kiosk, 'kiosk-see-staff-en-1080x1920');
  });

  it('the printed ticket (PDF) has the number and service and no personal data beyond the given name', async () => {
    const kiosk = await open('#/kiosk', 1080, 1920);
    await kiosk.getByTestId('sim-tap-chau-tre-em').click();
    await kiosk.getByTestId('kiosk-lane-bhyt').click({ timeout: 20_000 });
    await kiosk.getByTestId('kiosk-service-NHI').click();
    await kiosk.getByTestId('kiosk-ticket').waitFor({ timeout: 15_000 });
    const number = (await kiosk.getByTestId('ticket-number').textContent())!;

    // Queue numbers are per service: find the visit by number and clinic in the desk's list.
    const desk = await open('', 1366, 768);
    await desk.getByTestId('desk-tab-list').click();
    const row = desk.getByTestId('visit-row').filter({ hasText: number }).filter({ hasText: '(NHI)' });
    await row.waitFor();
    const id = (await row.getAttribute('data-visit'))!;
    const print = await open(`#/ticket/${id}`, 302, 600);
    await print.getByTestId('ticket-number').waitFor();
    const pdf = await print.pdf({ width: '80mm', printBackground: true });
    const file = screenshotPath(`ticket-${number}`).replace(/\.png$/, '.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain(number);
    expect(text).toContain('Khám Nhi');
    expect(text).toContain('Châu');
    for (const personal of ['Phạm', '048310004567', '21/11/2010', 'Đà Nẵng', 'Hòa Khánh']) expect(text).not.toContain(personal);
  });

  it("the desk's \"call next\" updates the waiting-room display within a second", async () => {
    const display = await open('#/display', 1920, 1080);
    await display.getByTestId('display-now-serving').waitFor();
    const desk = await open('', 1366, 768);
    await desk.getByTestId('call-next').click();
    const called = desk.getByTestId('called-number');
    await called.waitFor();
    const number = (await called.textContent())!;
    expect(number).toMatch(/^A-\d{3}$/);
    await display.getByTestId('display-number-P101').filter({ hasText: number }).waitFor({ timeout: 1000 });
    await shoot(display, 'display-1920x1080');
  });
});
