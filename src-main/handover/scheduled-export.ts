// The export to a folder for an HIS that imports files: every N minutes, today's visits are written
// whole (temp file, then rename) as `tiepdon-<MA_CSKCB>-<day>.fhir.json` or `.xml`, replacing the
// previous run's. When the Vietnamese day turns, the day that ended is written once more, so the visits
// of its last minutes are in its file too. A failed run is logged and the next one tries again.
import { join } from 'node:path';
import type { Timers } from '../checkin/retention-schedule';
import type { Clock } from '../util/clock';
import { HisError } from '../his/errors';
import type { MappingOptions } from '../his/fhir-resources';
import type { Logger } from '../log/logger';
import { queueDayOf, type Store } from '../store';
import { exportDay, type ExportFormat } from './day-export';
import { writeExportFile } from './export-file';
import type { FacilityNames } from './visit-source';

export interface ScheduledExportConfig {
  folder: string;
  format: ExportFormat;
  everyMinutes: number;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ScheduledExportDeps {
  store: Store;
  clock: Clock;
  config: ScheduledExportConfig;
  facility: FacilityNames;
  mapping: MappingOptions;
  logger?: Logger;
  timers?: Timers;
}

export interface ExportRun {
  day: string;
  file: string | null;
  visits: number;
}

export class ScheduledExport {
  private readonly timers: Timers;
  private timer: unknown = null;
  private lastDay: string | null = null;
  private closed = false;

  constructor(private readonly deps: ScheduledExportDeps) {
    this.timers = deps.timers ?? realTimers;
  }

  /** Exports now, then every N minutes until close(). */
  start(): ExportRun[] {
    const runs = this.runOnce();
    this.arm();
    return runs;
  }

  /** Writes today's file (and the day that just ended, once); what was written. */
  runOnce(): ExportRun[] {
    const today = queueDayOf(this.deps.clock.now());
    const days = this.lastDay && this.lastDay !== today ? [this.lastDay, today] : [today];
    this.lastDay = today;
    return days.map((day) => this.write(day));
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private write(day: string): ExportRun {
    const { config } = this.deps;
    try {
      const result = exportDay(this.deps.store, { day, format: config.format, facility: this.deps.facility, mapping: this.deps.mapping, now: this.deps.clock.now() });
      const file = join(config.folder, result.fileName);
      writeExportFile(file, result.text);
      this.deps.logger?.info({ event: 'his-export', day, format: config.format, visits: result.visits, skipped: result.skipped }, 'HIS export written');
      return { day, file, visits: result.visits };
    } catch (error) {
      // A check-in table cannot be empty: before the first visit of the day there is nothing to write.
      if (!(error instanceof HisError && error.code === 'nothing-to-export')) {
        this.deps.logger?.error({ event: 'his-export-failed', day, code: (error as { code?: unknown }).code ?? 'internal' }, 'HIS export failed; the next run tries again');
      }
      return { day, file: null, visits: 0 };
    }
  }

  private arm(): void {
    if (this.closed) return;
    this.timer = this.timers.setTimeout(() => {
      this.runOnce();
      this.arm();
    }, this.deps.config.everyMinutes * 60_000);
  }
}
