import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../dev/testing/fakes';
import { migrate, openDatabase } from '../database';
import { migration001 } from './001-initial';
import { MIGRATIONS } from '.';

const T = '2026-03-15T01:30:00.000Z';

/** A version-1 file with a visit in each of its states and their outbox items. */
function version1File(): string {
  const file = join(tempDir('tiepdon-migration-'), 'desk.db');
  const db = openDatabase(file, { migrate: false });
  migrate(db, [migration001]);
  db.exec(`
    INSERT INTO patients (id, sex, provenance, created_at, updated_at) VALUES ('p1', 'male', 'typed', '${T}', '${T}');
    INSERT INTO staff (id, id_number_index, id_number_box, full_name_box, created_at) VALUES (1, x'01', x'02', x'03', '${T}');
  `);
  const visit = db.prepare(
    `INSERT INTO visits (id, patient_id, staff_id, facility_code, station_code, service_code, service_name, visit_type, status, priority, channel, provenance,
       eligibility_status, arrived_at, created_at, updated_at) VALUES (?, 'p1', 1, '01001', 'A', 'K01', 'Khám', '01', ?, ?, 'desk', 'typed', 'eligible', ?, ?, ?)`,
  );
  const ticket = db.prepare(`INSERT INTO queue_tickets (visit_id, station_code, service_code, queue_day, seq, number, issued_at) VALUES (?, 'A', 'K01', '2026-03-15', ?, ?, ?)`);
  const item = db.prepare(
    `INSERT INTO outbox (idempotency_key, kind, visit_id, patient_id, state, next_attempt_at, created_at, updated_at) VALUES (?, 'checkin-report', ?, 'p1', ?, 0, ?, ?)`,
  );
  const rows: [string, string, string | null, string][] = [
    ['v-done', 'done', null, '2026-03-15T01:00:00.000Z'],
    ['v-called', 'called', null, '2026-03-15T01:10:00.000Z'],
    ['v-waiting', 'waiting', 'elderly', '2026-03-15T01:20:00.000Z'],
    ['v-cancelled', 'cancelled', null, '2026-03-15T01:25:00.000Z'],
    ['v-emergency', 'waiting', null, '2026-03-15T01:26:00.000Z'],
  ];
  rows.forEach(([id, status, priority, at], index) => {
    visit.run(id, status, priority, at, at, at);
    ticket.run(id, index + 1, `A-00${index + 1}`, at);
    if (id !== 'v-emergency') item.run(`checkin-report:${id}`, id, index === 0 ? 'done' : 'pending', at, at);
  });
  db.close();
  return file;
}

describe('migration 002: queue states in the visit rows', () => {
  it('keeps every row: done becomes served, called keeps a call, priority patients rank a day earlier, a visit without a report was an emergency', () => {
    const db = openDatabase(version1File());
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const visits = db.prepare('SELECT id, status, visit_kind, queue_rank, called_at, call_count, served_at, cancelled_at FROM visits ORDER BY arrived_at').all() as Record<string, unknown>[];
    expect(visits.map((row) => [row.id, row.status, row.visit_kind])).toEqual([
      ['v-done', 'served', 'first-visit'],
      ['v-called', 'called', 'first-visit'],
      ['v-waiting', 'waiting', 'first-visit'],
      ['v-cancelled', 'cancelled', 'first-visit'],
      ['v-emergency', 'waiting', 'emergency'],
    ]);
    expect(visits[0]).toMatchObject({ call_count: 1, served_at: '2026-03-15T01:00:00.000Z' });
    expect(visits[1]).toMatchObject({ call_count: 1, called_at: '2026-03-15T01:10:00.000Z' });
    expect(visits[2]!.queue_rank).toBe(Date.parse('2026-03-15T01:20:00.000Z') - 86_400_000);
    expect(visits[3]!.cancelled_at).toBe('2026-03-15T01:25:00.000Z');
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 4 });
    db.close();
  });

  it('leaves foreign keys on and enforced, and the new states and the withdrawn outbox state accepted', () => {
    const db = openDatabase(version1File());
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare(`UPDATE visits SET patient_id = 'nobody' WHERE id = 'v-waiting'`).run()).toThrow(/FOREIGN KEY/);
    db.prepare(`UPDATE visits SET status = 'skipped' WHERE id = 'v-waiting'`).run();
    db.prepare(`UPDATE outbox SET state = 'withdrawn', withdrawn_at = '${T}' WHERE visit_id = 'v-called'`).run();
    expect(() => db.prepare(`UPDATE visits SET status = 'done' WHERE id = 'v-waiting'`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('lets a counter call one patient at a time', () => {
    const db = openDatabase(version1File());
    db.prepare(`UPDATE visits SET called_counter = 'P101' WHERE id = 'v-called'`).run();
    expect(() => db.prepare(`UPDATE visits SET status = 'called', called_at = '${T}', called_counter = 'P101' WHERE id = 'v-waiting'`).run()).toThrow(/UNIQUE/);
    db.close();
  });
});
