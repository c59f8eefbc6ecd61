// Settings → "Chứng thư tin cậy" and retention in Chromium against the web host: an unsigned certificate
// waits for the administrator's confirmation; a signed master list names its signer; the last purge shows.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, screenshotPath, useDemoHost } from './support';

const world = useDemoHost();
const pki = join(projectRoot, 'fixtures', 'pki');

describe('settings: trust list and retention', () => {
  it('asks before importing an unsigned certificate, imports it once confirmed, names the signer of a signed list', async () => {
    const page = await (await world.browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(world.host.url);
    await page.getByTestId('demo-marker').waitFor();
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('trust-section').waitFor();
    // The app purged at start; Settings says when and what.
    expect(await page.getByTestId('retention-last').textContent()).toMatch(/^Lần xoá gần nhất: .* đã xoá dữ liệu cá nhân của 0 lượt khám/);
    expect(await page.getByTestId('trust-default').locator('summary').textContent()).toMatch(/^Danh sách mặc định \(581\) — Nguồn: master list CSCA do BSI \(Đức\) công bố, bản ngày 01\/02\/2026/);

    const input = page.getByLabel('Nhập tệp chứng thư');
    await input.setInputFiles(join(pki, 'untrusted-csca.pem'));
    const warning = page.getByTestId('trust-unsigned-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('untrusted-csca.pem (1 chứng thư, 0 CRL) không được ký');
    await page.screenshot({ path: screenshotPath('settings-trust-unsigned-warning-vi-1366x900') });
    expect(await page.getByTestId('trust-imported').count()).toBe(0);
    await page.getByTestId('trust-unsigned-confirm').click();
    await page.getByRole('status').filter({ hasText: 'Đã thêm 1 trong 1 mục.' }).waitFor();
    expect(await page.getByTestId('trust-imported').textContent()).toContain('CSCA UNTRUSTED TEST');
    expect(await page.getByTestId('trust-imports').textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} · untrusted-csca.pem · qua Cài đặt · không có chữ ký, quản trị viên đã xác nhận · thêm 1 mục/);

    await input.setInputFiles(join(pki, 'test-master-list.ml'));
    await page.getByRole('status').filter({ hasText: 'Ký bởi C=VN, O=Tiep Don TEST PKI, CN=ML SIGNER TEST Tiep Don' }).waitFor();
    expect(await page.getByTestId('trust-unsigned-warning').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('settings-trust-imported-vi-1366x900'), fullPage: true });
  });

  it('imports the German master list (888 kB, unsigned) through Settings once the administrator confirms, and the desk keeps working', async () => {
    const page = await (await world.browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(world.host.url);
    await page.getByTestId('demo-marker').waitFor();
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('trust-section').waitFor();
    // The file goes by the authenticated upload, never as one giant contract message.
    await page.getByLabel('Nhập tệp chứng thư').setInputFiles(join(projectRoot, 'resources', 'trust', 'de-masterlist-2026-02.ml'));
    const warning = page.getByTestId('trust-unsigned-warning');
    await warning.waitFor({ timeout: 30_000 });
    expect(await warning.textContent()).toContain('de-masterlist-2026-02.ml (581 chứng thư, 0 CRL) không được ký');
    await page.getByTestId('trust-unsigned-confirm').click();
    await page.getByRole('status').filter({ hasText: 'trong 581 mục' }).waitFor({ timeout: 30_000 });
    // The same socket still answers: back to the desk, a card read works.
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('sim-tap-an').click();
    await expect.poll(() => page.getByTestId('verification-verdict').getAttribute('data-verdict'), { timeout: 20_000 }).toBe('authentic');
    expect(errors).toEqual([]);
  });
});
