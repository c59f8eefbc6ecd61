import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { tempDir } from '../dev/testing/fakes';
import { databaseInfo, migrate, openDatabase, SCHEMA_VERSION } from './database';
import { MIGRATIONS } from './migrations';
import { StoreError } from './errors';
import { Store } from './store';
import { AN, BINH, eligibleResult, HOA, newCheckIn, openTestStore, TEST_KEY, TestClock } from '../dev/testing/check-ins';

describe('opening the desk database', () => {
  it('uses WAL with synchronous=FULL and foreign keys, at the latest schema', () => {
    const { store } = openTestStore();
    expect(store.info()).toEqual({
      journalMode: 'wal',
      synchronous: 'full',
      foreignKeys: true,
      schemaVersion: SCHEMA_VERSION,
      visits: 0,
      outbox: { pending: 0, inflight: 0, done: 0, dead: 0, withdrawn: 0 },
    });
    store.close();
  });

  it('applies migrations once: opening again changes nothing', () => {
    const file = join(tempDir(), 'desk.db');
    new Store({ file, key: TEST_KEY, clock: fixedClock('2026-03-15T01:30:00Z') }).close();
    const db = openDatabase(file);
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('migration 3 keeps an earlier file’s outbox items, ids and states, all in the BHXH lane', () => {
    const file = join(tempDir(), 'desk.db');
    const v1 = openDatabase(file, { migrate: false });
    migrate(v1, MIGRATIONS.slice(0, 1));
    v1.exec(`
      INSERT INTO patients (id, sex, provenance, created_at, updated_at) VALUES ('p1', 'male', 'typed', 't', 't');
      INSERT INTO staff (id, id_number_index, id_number_box, full_name_box, created_at) VALUES (1, x'01', x'01', x'01', 't');
      INSERT INTO visits (id, patient_id, staff_id, facility_code, station_code, service_code, service_name, visit_type, status, channel, provenance,
        eligibility_status, arrived_at, created_at, updated_at) VALUES ('v1', 'p1', 1, '01001', 'A', 'NOI', 'Khám Nội', '01', 'waiting', 'desk', 'typed', 'pending', '2026-03-15T01:30:00.000Z', 't', 't');
      INSERT INTO outbox (id, idempotency_key, kind, visit_id, patient_id, state, attempts, next_attempt_at, created_at, updated_at)
        VALUES (7, 'eligibility-lookup:v1', 'eligibility-lookup', 'v1', 'p1', 'dead', 20, 0, 't', 't'), (9, 'checkin-report:v1', 'checkin-report', 'v1', 'p1', 'pending', 0, 0, 't', 't');`);
    v1.close();
    const upgraded = openDatabase(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(upgraded.prepare('SELECT id, kind, lane, state, attempts FROM outbox ORDER BY id').all()).toEqual([
      { id: 7, kind: 'eligibility-lookup', lane: 'bhxh', state: 'dead', attempts: 20 },
      { id: 9, kind: 'checkin-report', lane: 'bhxh', state: 'pending', attempts: 0 },
    ]);
    expect(() => upgraded.prepare(`INSERT INTO outbox (idempotency_key, kind, lane, visit_id, patient_id, state, next_attempt_at, created_at, updated_at)
      VALUES ('x', 'his-checkin', 'bhxh', 'v1', 'p1', 'pending', 0, 't', 't')`).run()).toThrow(/CHECK/);
    upgraded.close();
  });

  it('refuses a file written by a newer build', () => {
    const file = join(tempDir(), 'desk.db');
    const db = openDatabase(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'newer-schema' }));
  });

  it('refuses another key than the one the database was created with', () => {
    const file = join(tempDir(), 'desk.db');
    new Store({ file, key: TEST_KEY, clock: fixedClock('2026-03-15T01:30:00Z') }).close();
    const other = new Uint8Array(32).fill(9);
    expect(() => new Store({ file, key: other, clock: fixedClock('2026-03-15T01:30:00Z') })).toThrow(StoreError);
    expect(() => new Store({ file, key: other, clock: fixedClock('2026-03-15T01:30:00Z') })).toThrow(/wrong-key/);
  });

  it('creates the file readable by its owner only', () => {
    const { store, file } = openTestStore();
    store.recordCheckIn(newCheckIn());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    store.close();
  });

  it('`mustExist` does not create a file for a mistyped path', () => {
    const file = join(tempDir(), 'nope.db');
    expect(() => openDatabase(file, { mustExist: true })).toThrow(expect.objectContaining({ code: 'open-failed' }));
    expect(existsSync(file)).toBe(false);
  });
});

describe('recording a check-in (one transaction)', () => {
  it('writes patient, visit, ticket A-001 and, for a pending lookup, the lookup then the report', () => {
    const { store } = openTestStore();
    const recorded = store.recordCheckIn(newCheckIn());
    expect(recorded).toMatchObject({ queueNumber: 'A-001', queueDay: '2026-03-15', queueSeq: 1 });
    expect(recorded.outbox.map((item) => item.kind)).toEqual(['eligibility-lookup', 'checkin-report']);
    expect(store.visit(recorded.visitId)).toMatchObject({
      queueNumber: 'A-001',
      status: 'waiting',
      provenance: 'chip-authentic',
      eligibility: { status: 'pending', code: null },
      sync: 'pending',
      flags: [],
      holder: { idNumber: AN.idNumber, fullName: AN.fullName },
    });
    expect(store.outbox.ofVisit(recorded.visitId).map((item) => item.idempotencyKey)).toEqual([
      `eligibility-lookup:${recorded.visitId}`,
      `checkin-report:${recorded.visitId}`,
    ]);
    expect(store.audit.forPatient(recorded.patientId).map((entry) => [entry.action, entry.outcome])).toEqual([['check-in', 'chip-authentic']]);
  });

  it('with the desk’s own result: keeps it (raw reply included), queues only the report, audits the lookup', () => {
    const { store } = openTestStore();
    const recorded = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }));
    expect(recorded.outbox.map((item) => item.kind)).toEqual(['checkin-report']);
    expect(store.visit(recorded.visitId)?.eligibility).toEqual({ status: 'eligible', code: '000' });
    expect(store.eligibility.latest(recorded.visitId)?.raw).toEqual({ maKetQua: '000', hoTen: 'Nguyễn Văn An', maThe: 'DN4010123456789' });
    expect(store.audit.forPatient(recorded.patientId).map((entry) => entry.action)).toEqual(['eligibility-lookup', 'check-in']);
  });

  it('keeps one patient per ID number across visits', () => {
    const { store } = openTestStore();
    const first = store.recordCheckIn(newCheckIn());
    const second = store.recordCheckIn(newCheckIn());
    const other = store.recordCheckIn(newCheckIn({ patient: BINH }));
    expect(second.patientId).toBe(first.patientId);
    expect(other.patientId).not.toBe(first.patientId);
    expect(store.patients.findByIdNumber(' 0010 9001 2345 ')).toBe(first.patientId);
  });

  it('does not let a typed identity overwrite what an authenticated chip said', () => {
    const { store } = openTestStore();
    const chip = store.recordCheckIn(newCheckIn());
    store.recordCheckIn(newCheckIn({ provenance: 'typed', patient: { ...AN, fullName: 'Nguyen Van An' } }));
    expect(store.patients.identityOf(chip.patientId)?.fullName).toBe('Nguyễn Văn An');
    store.recordCheckIn(newCheckIn({ provenance: 'chip-authentic', patient: { ...AN, address: 'Hà Nội' } }));
    expect(store.patients.identityOf(chip.patientId)?.address).toBe('Hà Nội');
  });

  it('numbers the queue per service and per station: A-001, A-002 for K01, A-001 for K02, B-001 at another desk', () => {
    const { store } = openTestStore();
    const numbers = [
      newCheckIn(),
      newCheckIn(),
      newCheckIn({ service: { code: 'K02', name: 'Khám Nội' } }),
      newCheckIn({ stationCode: 'B' }),
    ].map((input) => store.recordCheckIn(input).queueNumber);
    expect(numbers).toEqual(['A-001', 'A-002', 'A-001', 'B-001']);
  });

  it('starts a new queue day at midnight in Vietnam (17:00 UTC), not at midnight UTC', () => {
    const { store } = openTestStore();
    const at = (iso: string) => store.recordCheckIn(newCheckIn({}, new Date(iso)));
    expect(at('2026-03-15T00:00:00.000Z')).toMatchObject({ queueDay: '2026-03-15', queueNumber: 'A-001' });
    expect(at('2026-03-15T16:59:59.999Z')).toMatchObject({ queueDay: '2026-03-15', queueNumber: 'A-002' });
    expect(at('2026-03-15T17:00:00.000Z')).toMatchObject({ queueDay: '2026-03-16', queueNumber: 'A-001' });
    expect(at('2026-03-15T23:59:59.000Z')).toMatchObject({ queueDay: '2026-03-16', queueNumber: 'A-002' });
  });

  it('lists a day’s visits in arrival order with their sync state', () => {
    const clock = new TestClock('2026-03-15T01:30:00.000Z');
    const { store } = openTestStore(clock);
    store.recordCheckIn(newCheckIn({}, new Date('2026-03-14T16:59:00.000Z')));
    const first = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, new Date('2026-03-15T01:00:00.000Z')));
    const second = store.recordCheckIn(newCheckIn({ patient: BINH }, new Date('2026-03-15T02:00:00.000Z')));
    expect(store.visitsOfDay().map((visit) => [visit.visitId, visit.queueNumber, visit.sync])).toEqual([
      [first.visitId, 'A-001', 'pending'],
      [second.visitId, 'A-002', 'pending'],
    ]);
  });

  it('refuses values the schema does not allow, writing nothing', () => {
    const { store } = openTestStore();
    expect(() => store.recordCheckIn(newCheckIn({ heightCm: 900 }))).toThrow(/CHECK constraint/);
    expect(() => store.recordCheckIn(newCheckIn({ bloodGroup: 'C+' as never }))).toThrow(/CHECK constraint/);
    expect(store.info().visits).toBe(0);
    expect(store.info().outbox.pending).toBe(0);
    expect(store.recordCheckIn(newCheckIn({ heightCm: 172.5, bloodGroup: 'O+' })).queueNumber).toBe('A-001');
  });

  it('the same visit id twice is refused: one visit, one set of outbox items', () => {
    const { store } = openTestStore();
    const input = newCheckIn();
    store.recordCheckIn(input);
    expect(() => store.recordCheckIn(input)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(store.info().outbox.pending).toBe(2);
  });

  it('keeps the photo only when given one, sealed', () => {
    const { store } = openTestStore();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const withPhoto = store.recordCheckIn(newCheckIn({ photo: { mimeType: 'image/jpeg', bytes } }));
    const without = store.recordCheckIn(newCheckIn());
    expect(store.visits.photo(withPhoto.visitId)).toEqual({ mimeType: 'image/jpeg', bytes });
    expect(store.visits.photo(without.visitId)).toBeNull();
  });
});

describe('personal data at rest', () => {
  it('no name, ID number, birth date, address or card code appears in the database or WAL file bytes', () => {
    const { store, file } = openTestStore();
    store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() }, reasonForVisit: 'Đau đầu, sốt cao' }));
    store.recordCheckIn(newCheckIn({ patient: BINH }));
    const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    const secrets = [AN.idNumber, AN.fullName, 'Nguyễn', AN.dateOfBirth, '1990', 'Thanh Xuân', BINH.idNumber, BINH.fullName, HOA.idNumber, HOA.fullName, 'DN4010123456789', '0123456789', 'Đau đầu'];
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16)`).toBe(false);
    }
    store.close();
  });
});

describe('retention', () => {
  it('purges personal data of visits older than N days once their outbox items are done, then the patient', () => {
    const clock = new TestClock('2026-03-15T01:30:00.000Z');
    const { store } = openTestStore(clock);
    const old = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() }, reasonForVisit: 'ho' }, clock.now()));
    const unsent = store.recordCheckIn(newCheckIn({ patient: BINH }, clock.now()));
    const report = store.outbox.claimNext(clock.now(), { kinds: ['checkin-report'] })!;
    expect(report.visitId).toBe(old.visitId);
    store.completeItem(report, clock.now(), '{"maGiaoDich":"1"}');

    clock.advance(89 * 86_400_000);
    expect(store.purgeExpiredPii()).toEqual({ visits: 0, patients: 0, heldBack: 0 });
    clock.advance(2 * 86_400_000);
    expect(store.purgeExpiredPii()).toEqual({ visits: 1, patients: 1, heldBack: 1 });

    expect(store.visit(old.visitId)).toMatchObject({ queueNumber: 'A-001', holder: null, eligibility: { status: 'eligible', code: '000' } });
    expect(store.eligibility.latest(old.visitId)).toBeNull();
    expect(store.patients.findByIdNumber(AN.idNumber)).toBeNull();
    // Its check-in was never sent: kept whole.
    expect(store.visit(unsent.visitId)?.holder).toEqual({ idNumber: BINH.idNumber, fullName: BINH.fullName });
    expect(store.audit.latest(1)[0]).toMatchObject({ action: 'pii-purge', outcome: 'visits=1 patients=1 heldBack=1', patientId: null });
    expect(store.lastPurge()).toEqual({ at: clock.now().toISOString(), visits: 1, patients: 1, heldBack: 1 });
  });

  it('keeps a patient who has a recent visit, purging only the old visit', () => {
    const clock = new TestClock('2026-01-01T01:30:00.000Z');
    const { store } = openTestStore(clock);
    const old = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    store.completeItem(store.outbox.claimNext(clock.now())!, clock.now(), null);
    clock.set('2026-03-15T01:30:00.000Z');
    store.recordCheckIn(newCheckIn({}, clock.now()));
    expect(store.purgeExpiredPii(30)).toMatchObject({ visits: 1, patients: 0 });
    expect(store.visit(old.visitId)?.holder).toEqual({ idNumber: AN.idNumber, fullName: AN.fullName });
    expect(store.patients.findByIdNumber(AN.idNumber)).toBe(old.patientId);
  });
});

describe('trust imports in the audit log', () => {
  it('records who was signed in and how the file was vouched for, never a patient', () => {
    const { store } = openTestStore();
    const at = new Date('2026-03-15T01:30:00.000Z');
    const record = { at: at.toISOString(), fileName: 'de.ml', via: 'settings' as const, signedBy: null, unsignedConfirmed: true, added: ['AB'.repeat(32)] };
    store.recordTrustImport(record, HOA, at);
    store.recordTrustImport({ ...record, added: [] }, null, at);
    const [anonymous, signedIn] = store.audit.latest(2);
    expect(signedIn).toMatchObject({ action: 'trust-import', outcome: 'unsigned-confirmed added=1', patientId: null, visitId: null, staffId: expect.any(Number) });
    expect(anonymous).toMatchObject({ action: 'trust-import', outcome: 'unsigned-confirmed added=0', staffId: null });
    store.close();
  });
});

describe('database info', () => {
  it('counts visits and outbox items by state', () => {
    const { store } = openTestStore();
    store.recordCheckIn(newCheckIn());
    const item = store.outbox.claimNext(new Date('2026-03-15T01:30:00.000Z'))!;
    expect(databaseInfo(store.db)).toMatchObject({ visits: 1, outbox: { pending: 1, inflight: 1, done: 0, dead: 0 } });
    store.markItemDead(item, new Date('2026-03-15T01:31:00.000Z'), { code: 'bad-input', message: 'x' });
    expect(store.info().outbox).toEqual({ pending: 1, inflight: 0, done: 0, dead: 1, withdrawn: 0 });
  });
});
