// A clinic's first day in Chromium: a fresh production web host, a BHXH gateway simulator started on its
// own as the "real" gateway, setup through the screens, an operator signing in, and a card served through
// pcscd read, looked up as that operator and checked in, its report signed with the uploaded certificate.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSimulatedCard } from '../../src-main/dev/testing/cli-process';
import { openWatchedPage, projectRoot, screenshotPath, useHost } from './support';

const world = useHost({ demo: false });
const HOA = { fullName: 'Phạm Thị Hoa', idNumber: '001190000001' };
const TUAN = { fullName: 'Lê Minh Tuấn', idNumber: '079088000002' };
const NOT_REGISTERED = { fullName: 'Nguyễn Văn Chưa', idNumber: '001190000009' };

let gateway: { url: string; process: ChildProcess };

beforeAll(async () => {
  const child = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), [join(projectRoot, 'src-main', 'cli', 'main.ts'), 'gateway', 'serve', '--port', '0'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway simulator printed no URL')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  gateway = { url, process: child };
});

afterAll(async () => {
  if (gateway?.process.exitCode !== null) return;
  const exited = new Promise((resolve) => gateway.process.once('exit', resolve));
  gateway.process.kill('SIGTERM');
  await exited;
});

const sim = async <T>(path: string): Promise<T> => (await (await fetch(`${gateway.url}${path}`)).json()) as T;

describe('a clinic’s first day', () => {
  it('sets up through the screens, signs an operator in, and checks a PC/SC card in as that operator', async () => {
    const { page, errors } = await openWatchedPage(world.browser, 1366, 900);
    await page.goto(world.host.url);
    await page.getByTestId('setup-configure').click();
    const next = () => page.getByTestId('setup-next').click();
    const step = (name: string) => page.locator(`[data-testid="setup-wizard"][data-step="${name}"]`).waitFor();

    // 1. The facility, with a refusal in words first.
    await page.getByTestId('setup-facility-code').fill('1001');
    await page.getByTestId('setup-facility-name').fill('Bệnh viện Demo Tiếp đón');
    await next();
    await page.getByTestId('field-error-facility.code').waitFor();
    expect(await page.getByTestId('field-error-facility.code').textContent()).toContain('5 chữ số');
    await page.getByTestId('setup-facility-code').fill('01001');
    await next();

    // 2. The gateway account.
    await step('gateway');
    await page.getByTestId('setup-gateway-url').fill(gateway.url);
    await page.getByTestId('setup-gateway-username').fill('01001_BV');
    await page.getByTestId('setup-gateway-password').fill('tiepdon-demo');
    await next();

    // 3. The signing certificate, uploaded: who it names is shown before going on.
    await step('certificate');
    await page.getByTestId('setup-certificate-file').setInputFiles(join(projectRoot, 'fixtures', 'pki', 'facility-01001.p12'));
    await page.getByTestId('setup-certificate-password').fill('wrong');
    await page.getByTestId('setup-certificate-install').click();
    await page.getByTestId('field-error-certificate').waitFor();
    await page.getByTestId('setup-certificate-file').setInputFiles(join(projectRoot, 'fixtures', 'pki', 'facility-01001.p12'));
    await page.getByTestId('setup-certificate-password').fill('tiepdon-demo');
    await page.getByTestId('setup-certificate-install').click();
    await page.getByTestId('cert-info').waitFor();
    expect(await page.getByTestId('cert-info').textContent()).toContain('01001');
    await page.screenshot({ path: screenshotPath('setup-certificate-vi-1366x900') });
    await next();

    // 4. The roster: two registered operators and one the gateway does not know.
    await step('operators');
    const operators = [HOA, TUAN, NOT_REGISTERED];
    for (const [at, operator] of operators.entries()) {
      if (at > 0) await page.getByTestId('setup-add-operator').click();
      await page.getByTestId(`setup-operator-name-${at}`).fill(operator.fullName);
      await page.getByTestId(`setup-operator-id-${at}`).fill(operator.idNumber);
    }
    await next();

    // 5. The connection test: 054 in words for the unregistered one, working for Hoa.
    await step('connection');
    const result = page.getByTestId('connection-result');
    await page.getByTestId(`setup-test-${NOT_REGISTERED.idNumber}`).click();
    await expect.poll(() => result.getAttribute('data-code'), { timeout: 20_000 }).toBe('054');
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await result.textContent()).toContain('chưa được đăng ký tra cứu');
    await page.getByTestId(`setup-test-${HOA.idNumber}`).click();
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 20_000 }).toBe('true');
    await page.screenshot({ path: screenshotPath('setup-connection-vi-1366x900') });
    await next();

    // 6. The reader of this station.
    await step('station');
    await page.getByTestId('setup-reader').selectOption('Virtual PCD 00 00');
    await next();

    // 7. This PC alone (the default): nothing to enter (joining a hospital system: setup-site.e2e.ts).
    await step('site');
    expect(await page.getByTestId('site-choice-alone').isChecked()).toBe(true);
    await next();

    // 8. Kiosk and administrator PIN, then finish: the core starts on the new configuration.
    await step('kiosk');
    await page.getByTestId('setup-kiosk-operator').selectOption(TUAN.idNumber);
    await page.getByTestId('setup-admin-pin').fill('97531');
    await page.getByTestId('setup-admin-pin-again').fill('97531');
    await next();

    // Who works at this desk?
    await page.getByTestId('operator-picker').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('demo-marker').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('operator-picker-vi-1366x900') });
    await page.getByTestId(`operator-pick-${HOA.idNumber}`).click();
    await page.getByTestId('current-operator').waitFor();
    expect(await page.getByTestId('current-operator').textContent()).toContain(HOA.fullName);

    // A card in the PC/SC reader, read with its CAN.
    const card = serveSimulatedCard('an', 35963);
    try {
      await expect.poll(async () => (await page.locator('[data-testid="reader-item"][data-card-present="true"]').count()) > 0, { timeout: 20_000 }).toBe(true);
      await page.getByTestId('key-id').fill('012345');
      await page.getByTestId('key-read').click();
      // The fixtures' test signer is not trusted in production: amber, and the check-in may go on.
      await expect.poll(() => page.getByTestId('verification-verdict').getAttribute('data-verdict'), { timeout: 30_000 }).toBe('issuer-untrusted');
      await expect.poll(() => page.getByTestId('eligibility-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('eligible');
      const confirm = page.getByTestId('checkin-confirm');
      await expect.poll(() => confirm.isEnabled(), { timeout: 20_000 }).toBe(true);
      await confirm.click();
      await page.getByTestId('ticket-number').waitFor({ timeout: 20_000 });
      await page.screenshot({ path: screenshotPath('production-ticket-vi-1366x900') });
    } finally {
      await card.stop();
    }

    // The gateway saw the lookup as Hoa, and received the report signed with the uploaded certificate.
    const lookups = await sim<{ hoTenCb: string; cccdCb: string; maKetQua: string }[]>('/__sim/lookups');
    expect(lookups.at(-1)).toMatchObject({ hoTenCb: HOA.fullName, cccdCb: HOA.idNumber, maKetQua: '000' });
    await expect.poll(async () => (await sim<unknown[]>('/__sim/checkins')).length, { timeout: 30_000 }).toBe(1);
    const [received] = await sim<{ maCSKCB: string; records: { MA_LK: string }[] }[]>('/__sim/checkins');
    expect(received).toMatchObject({ maCSKCB: '01001' });
    expect(await sim<unknown[]>('/__sim/rejected')).toEqual([]);

    // The audit log names who looked the patient up, for the administrator only.
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('audit-show').click();
    await page.locator('.settings-audit [role="alert"]').waitFor();
    await page.getByTestId('settings-admin-pin').fill('97531');
    await page.getByTestId('audit-show').click();
    await page.getByTestId('audit-rows').waitFor();
    const audit = await page.getByTestId('audit-rows').textContent();
    expect(audit).toContain('eligibility-lookup');
    expect(audit).toContain(HOA.fullName);
    expect(audit).not.toContain('Nguyễn Văn An');
    expect(errors).toEqual([]);
  });
});
