// Settings → "Kết nối HIS" in Chromium against the demo web host, with a FHIR receiver on 127.0.0.1: the
// administrator sets the address and a token, the app starts again on it, and the next check-in at the
// desk reaches the receiver as a transaction Bundle, tagged as test data, with the ticket's number.
import { describe, expect, it } from 'vitest';
import type { Encounter, Patient } from '@medplum/fhirtypes';
import { FhirReceiver } from '../../src-main/dev/testing/fhir-receiver';
import { bundleErrors } from '../../src-main/dev/testing/fhir-validator';
import { EXTENSIONS, TEST_DATA_TAG } from '../../src-main/his/fhir-ids';
import { screenshotBothLanguages, useDemoHost } from './support';

const world = useDemoHost();

describe('settings: the hospital HIS connection', () => {
  it('a FHIR address and token saved in Settings; the next check-in arrives at the HIS', async () => {
    const receiver = await new FhirReceiver().start();
    try {
      const page = await (await world.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(world.host.url);
      await page.getByTestId('demo-marker').waitFor();
      await page.getByTestId('settings-toggle').click();
      const section = page.getByTestId('his-section');
      await section.waitFor();
      await page.getByTestId('his-url').fill(receiver.url);
      await page.getByTestId('his-auth').selectOption('bearer');
      await page.getByTestId('his-secret').fill('token-cua-his');
      await section.scrollIntoViewIfNeeded();
      await screenshotBothLanguages(page, 'settings-his');
      await page.getByTestId('his-save').click();
      // The core starts again on the new connection; the page reloads with it.
      await page.waitForEvent('load', { timeout: 30_000 });
      await page.getByTestId('demo-marker').waitFor({ timeout: 30_000 });
      await page.getByTestId('settings-toggle').click();
      await expect.poll(() => page.getByTestId('his-queue').textContent(), { timeout: 20_000 }).toBe('Chờ gửi sang HIS: 0 · cần xử lý: 0 ');
      expect(await page.getByTestId('his-secret').getAttribute('placeholder')).toContain('đã lưu');
      expect(await page.getByTestId('his-secret').inputValue()).toBe('');
      await page.getByTestId('settings-toggle').click();

      await page.getByTestId('sim-tap-an').click();
      const confirm = page.getByTestId('checkin-confirm');
      await confirm.waitFor({ timeout: 20_000 });
      await expect.poll(() => confirm.isEnabled(), { timeout: 20_000 }).toBe(true);
      await confirm.click();
      await page.getByTestId('ticket-number').waitFor({ timeout: 20_000 });
      const number = (await page.getByTestId('ticket-number').textContent()) ?? '';

      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
      const [received] = receiver.received;
      expect(received!.authorization).toBe('Bearer token-cua-his');
      expect(received!.bundle.type).toBe('transaction');
      expect(bundleErrors(received!.bundle)).toEqual([]);
      expect(received!.bundle.meta?.tag).toEqual([TEST_DATA_TAG]);
      const resources = received!.bundle.entry!.map((entry) => entry.resource!);
      expect((resources.find((resource) => resource.resourceType === 'Patient') as Patient).name![0]!.text).toBe('Nguyễn Văn An');
      expect((resources.find((resource) => resource.resourceType === 'Encounter') as Encounter).extension).toContainEqual({ url: EXTENSIONS.queueNumber, valueString: number });
      expect(errors).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });
});
