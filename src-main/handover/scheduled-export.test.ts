import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import type { Timers } from '../checkin/retention-schedule';
import { eligibleResult, newCheckIn, openTestStore, TestClock } from '../dev/testing/check-ins';
import { tempDir } from '../dev/testing/fakes';
import { bundleErrors } from '../dev/testing/fhir-validator';
import { ScheduledExport } from './scheduled-export';

class ManualTimers implements Timers {
  pending: { run: () => void; ms: number } | null = null;
  setTimeout(run: () => void, ms: number) {
    this.pending = { run, ms };
    return 1;
  }
  clearTimeout() {
    this.pending = null;
  }
  fire() {
    const next = this.pending!;
    this.pending = null;
    next.run();
  }
}

describe('the scheduled export to a folder', () => {
  it('writes today’s file every N minutes, replacing it whole; at the turn of the day the day that ended is written once more', () => {
    // 16:50 UTC is 23:50 in Vietnam.
    const clock = new TestClock('2026-03-15T16:50:00.000Z');
    const { store } = openTestStore(clock);
    const folder = join(tempDir(), 'his-import');
    const timers = new ManualTimers();
    const exporter = new ScheduledExport({
      store, clock, timers,
      config: { folder, format: 'fhir', everyMinutes: 15 },
      facility: { code: '01001', name: 'Bệnh viện Demo Tiếp đón' },
      mapping: { includePhoto: false, testData: true },
    });
    store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    expect(exporter.start()).toEqual([{ day: '2026-03-15', file: join(folder, 'tiepdon-01001-2026-03-15.fhir.json'), visits: 1 }]);
    expect(timers.pending!.ms).toBe(15 * 60_000);

    // A visit at 23:58, then the day turns before the next run.
    clock.set('2026-03-15T16:58:00.000Z');
    store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    clock.set('2026-03-15T17:05:00.000Z');
    timers.fire();
    expect(readdirSync(folder).sort()).toEqual(['tiepdon-01001-2026-03-15.fhir.json', 'tiepdon-01001-2026-03-16.fhir.json']);
    const ended = JSON.parse(readFileSync(join(folder, 'tiepdon-01001-2026-03-15.fhir.json'), 'utf8')) as Bundle;
    expect(ended.entry!.filter((entry) => entry.resource!.resourceType === 'Encounter')).toHaveLength(2);
    expect(bundleErrors(ended)).toEqual([]);
    expect(timers.pending).not.toBeNull();
    exporter.close();
    expect(timers.pending).toBeNull();
    store.close();
  });

  it('the check-in table is written once there is a visit; before that nothing, and no error', () => {
    const clock = new TestClock('2026-03-15T01:30:00.000Z');
    const { store } = openTestStore(clock);
    const folder = join(tempDir(), 'his-import');
    const exporter = new ScheduledExport({ store, clock, timers: new ManualTimers(), config: { folder, format: 'xml3176', everyMinutes: 5 }, facility: { code: '01001', name: null }, mapping: { includePhoto: false, testData: false } });
    expect(exporter.runOnce()).toEqual([{ day: '2026-03-15', file: null, visits: 0 }]);
    store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    expect(exporter.runOnce()[0]!.visits).toBe(1);
    expect(readFileSync(join(folder, 'tiepdon-01001-2026-03-15.xml'), 'utf8')).toContain('<HO_TEN>Nguyễn Văn An</HO_TEN>');
    store.close();
  });
});
