// A PC of a hospital joining its site store through the setup screen, in Chromium: a PostgreSQL site made
// by `tiepdon site init` (as IT makes it) with its enrolment file, a
// fresh production web host, the wizard's "Tham gia hệ thống của bệnh viện" with a wrong passphrase
// first, the connection check, the join; after the restart Settings show the site, and joining again
// from Settings needs the administrator's PIN.
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tiepdonProcess } from '../../src-main/dev/testing/cli-process';
import { PG_PASSWORD, PgCluster, psql } from '../../src-main/dev/testing/postgres';
import { launchChromium, openWatchedPage, projectRoot, screenshotBothLanguages, startWebHostProcess, type RunningHost } from './support';

const PASSPHRASE = 'mật khẩu đăng ký 2026';
const ADMIN_PIN = '86420';

let cluster: PgCluster;
let siteUrl: string;
let siteId: string;
let enrolmentFile: string;
let host: RunningHost;
let browser: Browser;

beforeAll(async () => {
  cluster = await PgCluster.create();
  siteUrl = cluster.newDatabase();
  enrolmentFile = join(mkdtempSync(join(tmpdir(), 'tiepdon-enrol-')), 'benh-vien.enrol');
  const init = tiepdonProcess(['site', 'init', '--url', siteUrl, '--enrolment-out', enrolmentFile, '--passphrase', PASSPHRASE, '--json']);
  let out = '';
  init.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const [code] = (await once(init, 'exit')) as [number | null];
  expect(code).toBe(0);
  siteId = (JSON.parse(out) as { siteId: string }).siteId;
  host = await startWebHostProcess({ demo: false });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await cluster?.destroy();
});

/** The installation a station code is enrolled under at the site ('' when free). */
const enrolledAs = (code: string) => psql(cluster, `SELECT coalesce((SELECT installation_id::text FROM stations WHERE code = '${code}'), '')`, new URL(siteUrl).pathname.slice(1));

describe('joining the hospital’s system from the setup screen', () => {
  it('checks the connection, joins, and Settings show the site; joining again from Settings needs the admin PIN', { timeout: 240_000 }, async () => {
    const { page, errors } = await openWatchedPage(browser);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(host.url);
    await page.getByTestId('setup-configure').click();
    const next = () => page.getByTestId('setup-next').click();
    const step = (name: string) => page.locator(`[data-testid="setup-wizard"][data-step="${name}"]`).waitFor();

    // The steps before: a facility, an account, its certificate, one operator; the gateway test skipped.
    await page.getByTestId('setup-facility-code').fill('01001');
    await page.getByTestId('setup-facility-name').fill('Bệnh viện Đa khoa Thử nghiệm');
    await next();
    await step('gateway');
    await page.getByTestId('setup-gateway-url').fill('http://127.0.0.1:9');
    await page.getByTestId('setup-gateway-username').fill('01001_BV');
    await page.getByTestId('setup-gateway-password').fill('tiepdon-demo');
    await next();
    await step('certificate');
    await page.getByTestId('setup-certificate-file').setInputFiles(join(projectRoot, 'fixtures', 'pki', 'facility-01001.p12'));
    await page.getByTestId('setup-certificate-password').fill('tiepdon-demo');
    await page.getByTestId('setup-certificate-install').click();
    await page.getByTestId('cert-info').waitFor();
    await next();
    await step('operators');
    await page.getByTestId('setup-operator-name-0').fill('Phạm Thị Hoa');
    await page.getByTestId('setup-operator-id-0').fill('001190000001');
    await next();
    await step('connection');
    await next();
    await step('station');
    await next();

    // This PC alone is the default; joining asks for the site's address, file, passphrase and code.
    await step('site');
    expect(await page.getByTestId('site-choice-alone').isChecked()).toBe(true);
    await page.getByTestId('site-choice-join').check();
    expect(await page.getByTestId('site-kind').textContent()).toContain('chỉ tham gia được hệ thống chính thức');
    await page.getByTestId('site-url').fill(siteUrl);
    await page.getByTestId('site-enrolment-file').setInputFiles(enrolmentFile);
    await page.getByTestId('site-enrolment-chosen').waitFor();
    await page.getByTestId('site-station').fill('K1');
    const result = page.getByTestId('site-check-result');

    await page.getByTestId('site-passphrase').fill('không phải mật khẩu');
    await page.getByTestId('site-check').click();
    await expect.poll(() => result.getAttribute('data-code'), { timeout: 20_000 }).toBe('enrolment-invalid');
    expect(await result.textContent()).toContain('sai mật khẩu');

    await page.getByTestId('site-passphrase').fill(PASSPHRASE);
    await page.getByTestId('site-check').click();
    await expect.poll(() => result.getAttribute('data-code'), { timeout: 20_000 }).toBe('ok');
    expect(await result.textContent()).toContain('Có thể tham gia');
    // The check enrolled nothing at the site.
    expect(enrolledAs('K1')).toBe('');
    await screenshotBothLanguages(page, 'setup-site-check', true);

    // Going on without joining is refused in words.
    await next();
    await page.getByTestId('field-error-site').waitFor();
    await page.getByTestId('site-join-button').click();
    await page.getByTestId('site-joined').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('field-error-site').count()).toBe(0);
    expect(await page.getByTestId('site-joined').textContent()).toContain(siteId);
    expect(enrolledAs('K1')).toMatch(/^[0-9a-f-]{36}$/);
    await next();

    await step('kiosk');
    await page.getByTestId('setup-admin-pin').fill(ADMIN_PIN);
    await page.getByTestId('setup-admin-pin-again').fill(ADMIN_PIN);
    await next();

    // Booted again on the new configuration: Settings show the site, its URL without the password.
    await page.getByTestId('operator-picker').waitFor({ timeout: 30_000 });
    await page.getByTestId('settings-toggle').click();
    const membership = page.getByTestId('site-membership');
    await expect.poll(() => membership.getAttribute('data-joined'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('site-membership-id').textContent()).toBe(siteId);
    expect(await page.getByTestId('site-membership-url').textContent()).toBe(siteUrl.replace(`:${PG_PASSWORD}@`, '@'));
    expect(await page.getByTestId('site-membership-station').textContent()).toBe('K1');
    expect(await page.locator('body').textContent()).not.toContain(PG_PASSWORD);
    expect(readFileSync(join(host.dataDir, 'settings.json'), 'utf8')).not.toContain(PG_PASSWORD);
    await page.getByTestId('site-section').scrollIntoViewIfNeeded();
    await screenshotBothLanguages(page, 'settings-site');

    // Joining again from Settings: refused without the administrator's PIN, done with it (restart follows).
    await page.getByTestId('site-join-open').click();
    await page.getByTestId('site-url').fill(siteUrl);
    await page.getByTestId('site-enrolment-file').setInputFiles(enrolmentFile);
    await page.getByTestId('site-enrolment-chosen').waitFor();
    await page.getByTestId('site-passphrase').fill(PASSPHRASE);
    await page.getByTestId('site-join-button').click();
    await page.getByTestId('field-error-adminPin').waitFor({ timeout: 20_000 });
    await page.getByTestId('settings-admin-pin').fill(ADMIN_PIN);
    await page.getByTestId('site-join-button').click();
    await page.getByTestId('operator-picker').waitFor({ timeout: 30_000 });
    await page.getByTestId('settings-toggle').click();
    await expect.poll(() => page.getByTestId('site-membership-station').textContent(), { timeout: 20_000 }).toBe('K1');
    expect(errors).toEqual([]);
  });
});
