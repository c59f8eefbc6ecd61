// The bundle of a demo installation that has checked patients in holds their counts, never their data:
// it is searched for every persona's name (with and without diacritics), ID number and date of birth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supportBundleCommand } from '../cli/commands/support-bundle';
import type { CliIo } from '../cli/io';
import type { EventOf } from '../contract';
import { openAppSession } from '../core/app-session';
import { fixedClock } from '../util/clock';
import { setInstallationMode } from '../settings/installation';
import { openDemo } from '../demo/demo';
import { loadPersonaSources } from '../dev/simulator/personas/registry';
import { FakeReaderPort, tempDir } from '../dev/testing/fakes';
import { checkInForm } from '../dev/testing/check-ins';

const clock = fixedClock('2026-03-15T08:30:00+07:00');
const personas = loadPersonaSources();
const checkedIn = ['an', 'binh', 'chi'].filter((id) => personas.some((persona) => persona.id === id));

function plain(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

describe('support bundle', () => {
  it('holds versions, settings, readers, database counts and logs, and no patient data', { timeout: 60_000 }, async () => {
    const root = tempDir();
    setInstallationMode(root, 'demo');
    const session = await openAppSession({ host: 'web', root, simDelays: false, clock, loadDemo: openDemo });
    try {
      const [service] = (await session.dispatch('services.list', {})) as { code: string }[];
      for (const personaId of checkedIn) {
        const done = new Promise<void>((resolve) => {
          const stop = session.subscribe((channel, payload) => {
            const event = payload as EventOf<'read.event'>;
            if (channel === 'read.event' && ((event.type === 'progress' && event.step === 'done') || event.type === 'failed')) {
              stop();
              resolve();
            }
          });
        });
        const { readId } = (await session.dispatch('sim.tap', { personaId })) as { readId: string };
        await done;
        await expect.poll(async () => (await session.dispatch('checkin.create', checkInForm({ readId, serviceCode: service!.code, allowSecondVisit: true })).catch((error: Error) => error.message)) as { outcome?: string }).toMatchObject({ outcome: 'created' });
      }
    } finally {
      await session.close();
    }

    const out = join(tempDir(), 'bundle.json');
    const lines: string[] = [];
    const io: CliIo = { out: (text) => lines.push(text), err: (text) => lines.push(text) };
    const readers = new FakeReaderPort({ service: 'ok', readers: [{ name: 'ACS ACR1252 1S CL Reader PICC 0', cardPresent: false, atr: null }] });
    expect(await supportBundleCommand(['--data-dir', root, '--out', out], io, { clock, readers })).toBe(0);
    const text = readFileSync(out, 'utf8');
    const bundle = JSON.parse(text);

    expect(bundle.versions.app).toMatch(/^Tiếp đón \d/);
    expect(bundle.installation.mode).toBe('demo');
    expect(bundle.readers.readers.map((reader: { name: string }) => reader.name)).toEqual(['ACS ACR1252 1S CL Reader PICC 0']);
    expect(bundle.database).toMatchObject({ journalMode: 'wal', visits: checkedIn.length });
    expect(bundle.settings.stationCode).toMatch(/^[A-Z][A-Z0-9]?$/);
    expect(bundle.logs.flatMap((log: { lines: unknown[] }) => log.lines).length).toBeGreaterThan(0);

    const haystacks = [text, plain(text)];
    for (const persona of personas) {
      for (const needle of [persona.fullName, plain(persona.fullName), persona.idNumber, persona.dateOfBirth].filter(Boolean)) {
        for (const haystack of haystacks) expect(haystack.includes(needle), `${persona.id}: ${needle}`).toBe(false);
      }
    }
  });
});
