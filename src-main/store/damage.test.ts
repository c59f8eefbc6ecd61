// A damaged database is refused with a typed error and kept byte for byte; a full disk refuses the
// check-in before anything of it is written.
import { createHash } from 'node:crypto';
import { openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { tempDir } from '../dev/testing/fakes';
import { StoreError } from './errors';
import { Store } from './store';
import { BINH, newCheckIn, openTestStore, TEST_KEY } from '../dev/testing/check-ins';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a damaged or full database', () => {
  it('refuses a database with a damaged page (StoreError damaged) and leaves the file untouched', () => {
    const file = join(tempDir(), 'desk.db');
    const { store } = openTestStore(fixedClock('2026-03-15T01:30:00.000Z'), file);
    for (let i = 0; i < 40; i += 1) store.recordCheckIn(newCheckIn());
    store.close();
    const pageSize = 4096;
    expect(statSync(file).size).toBeGreaterThan(pageSize * 6);
    // Scribble over the fourth and fifth pages, as a failing disk would.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize * 2, 0xa5), 0, pageSize * 2, pageSize * 3);
    closeSync(fd);
    const before = sha256(file);
    let caught: unknown;
    try {
      new Store({ file, key: TEST_KEY, clock: fixedClock('2026-03-15T01:30:00.000Z') });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).code).toBe('damaged');
    expect(sha256(file)).toBe(before);
  });

  it('refuses a check-in when the disk is full, writing nothing of it, and numbers the next one as if it never was', () => {
    const { store } = openTestStore();
    expect(store.recordCheckIn(newCheckIn()).queueNumber).toBe('A-001');
    const before = store.info();
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    const bulky = newCheckIn({ patient: BINH, reasonForVisit: 'x'.repeat(20_000) });
    expect(() => store.recordCheckIn(bulky)).toThrow(expect.objectContaining({ name: 'StoreError', code: 'disk-full' }));
    expect(store.info()).toEqual(before);
    store.db.pragma('max_page_count = 1073741823');
    expect(store.recordCheckIn(bulky).queueNumber).toBe('A-002');
    store.close();
  });
});
