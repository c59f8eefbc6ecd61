// Migration 004 (the site backlog) and check-ins of a station that belongs to a hospital site.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../dev/testing/fakes';
import { migrate, openDatabase } from './database';
import { MIGRATIONS } from './migrations';
import { BINH, HOA, newCheckIn, openTestStore } from '../dev/testing/check-ins';

describe('migration 004: the site backlog', () => {
  it('adds site_backlog and site_clock to a version 3 database, keeping what it holds', () => {
    const file = join(tempDir(), 'desk.db');
    const v3 = openDatabase(file, { migrate: false });
    migrate(v3, MIGRATIONS.slice(0, 3));
    v3.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('kept', Buffer.from('yes'));
    v3.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT value FROM meta WHERE key = ?').get('kept')).toEqual({ value: Buffer.from('yes') });
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'site_%' ORDER BY name`).all();
    expect(tables).toEqual([{ name: 'site_backlog' }, { name: 'site_clock' }]);
    db.close();
  });
});

describe('a check-in on a station of a site', () => {
  it("takes the site's number, or codes its own with the service in it; either way joins the backlog in the same transaction", () => {
    const { store } = openTestStore();
    const withSite = store.recordCheckIn(newCheckIn({ stationCode: 'K2', site: { number: { seq: 4, queueNumber: 'K01-004' }, clockOffsetMs: 1200 } }));
    expect(withSite.queueNumber).toBe('K01-004');
    const alone = store.recordCheckIn(newCheckIn({ stationCode: 'K2', patient: BINH, site: { number: null, clockOffsetMs: null } }));
    expect(alone.queueNumber).toBe('K2-K01-001');
    // The site's seq 1 later does not collide with the station's own seq 1.
    expect(store.recordCheckIn(newCheckIn({ stationCode: 'K2', site: { number: { seq: 1, queueNumber: 'K01-001' }, clockOffsetMs: 900 } })).queueNumber).toBe('K01-001');
    expect(store.siteBacklog.unpublished().map((item) => [item.visitId, item.numberSource, item.clockOffsetMs])).toEqual([
      [withSite.visitId, 'site', 1200],
      [alone.visitId, 'station', null],
      [expect.any(String), 'site', 900],
    ]);
    store.siteBacklog.markPublished(withSite.visitId, '2026-03-15T01:31:00Z');
    expect(store.siteBacklog.size()).toBe(2);
    // A lone station numbers as before and has no backlog.
    expect(store.recordCheckIn(newCheckIn({ stationCode: 'A' })).queueNumber).toBe('A-001');
    expect(store.siteBacklog.size()).toBe(2);
    store.close();
  });

  it('a check-in the disk refuses leaves no backlog row behind', () => {
    const { store } = openTestStore();
    const input = newCheckIn({ site: { number: null, clockOffsetMs: null } });
    store.recordCheckIn(input);
    expect(() => store.recordCheckIn(input)).toThrow();
    expect(store.siteBacklog.size()).toBe(1);
    store.close();
  });
});

describe('a visit of a site that changes after it was published', () => {
  const AT = new Date('2026-03-15T01:40:00.000Z');

  it('is published again when cancelled or moved; a move gives the station its own number, never one like the site gives', () => {
    const { store } = openTestStore();
    const kept = store.recordCheckIn(newCheckIn({ stationCode: 'K2', site: { number: { seq: 4, queueNumber: 'K01-004' }, clockOffsetMs: 0 } }));
    const cancelled = store.recordCheckIn(newCheckIn({ stationCode: 'K2', patient: BINH, site: { number: { seq: 5, queueNumber: 'K01-005' }, clockOffsetMs: 0 } }));
    for (const visit of [kept, cancelled]) store.siteBacklog.markPublished(visit.visitId, AT.toISOString());
    expect(store.siteBacklog.size()).toBe(0);

    store.cancelVisit({ visitId: cancelled.visitId, staff: HOA, reason: 'Bệnh nhân về', at: AT });
    expect(store.siteBacklog.unpublished().map((item) => [item.visitId, item.numberSource])).toEqual([[cancelled.visitId, 'site']]);
    store.siteBacklog.markPublished(cancelled.visitId, AT.toISOString());

    // A reason only: the site's queue has nothing to hear.
    store.correctVisit({ visitId: kept.visitId, staff: HOA, reason: 'ghi thêm', correction: { reasonForVisit: 'ho' }, at: AT });
    expect(store.siteBacklog.size()).toBe(0);
    const moved = store.correctVisit({ visitId: kept.visitId, staff: HOA, reason: 'nhầm phòng', correction: { service: { code: 'K02', name: 'Khám Ngoại' } }, at: AT });
    expect(moved.visit.queueNumber).toBe('K2-K02-001');
    expect(store.siteBacklog.unpublished().map((item) => [item.visitId, item.numberSource])).toEqual([[kept.visitId, 'station']]);
    store.close();
  });

  it('a lone station has no backlog to fill, and keeps its plain numbers', () => {
    const { store } = openTestStore();
    const visit = store.recordCheckIn(newCheckIn({ stationCode: 'A' }));
    store.cancelVisit({ visitId: visit.visitId, staff: HOA, reason: 'về', at: AT });
    const other = store.recordCheckIn(newCheckIn({ stationCode: 'A', patient: BINH }));
    expect(store.correctVisit({ visitId: other.visitId, staff: HOA, reason: 'nhầm', correction: { service: { code: 'K02', name: 'Khám Ngoại' } }, at: AT }).visit.queueNumber).toBe('A-001');
    expect(store.siteBacklog.size()).toBe(0);
    store.close();
  });
});
