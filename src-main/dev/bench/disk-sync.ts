// This disk's own fsync latency, for reading the commit figures: a SQLite commit with synchronous=FULL
// waits for at least one fdatasync of the WAL, so a commit cannot be faster than the disk beneath it.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, round } from './stats';

export interface DiskSync {
  p50Ms: number;
  p99Ms: number;
  syncs: number;
}

export function measureDiskSync(syncs = 500): DiskSync {
  const dir = mkdtempSync(join(tmpdir(), 'tiepdon-bench-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const page = Buffer.alloc(4096, 1);
  const timings: number[] = [];
  try {
    for (let i = 0; i < syncs; i += 1) {
      writeSync(fd, page, 0, page.length, (i % 16) * page.length);
      const started = performance.now();
      fdatasyncSync(fd);
      timings.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return { p50Ms: round(percentile(timings, 50), 3), p99Ms: round(percentile(timings, 99), 3), syncs };
}
