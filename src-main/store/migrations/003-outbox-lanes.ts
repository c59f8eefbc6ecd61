// Version 3: the outbox gets lanes. The BHXH gateway's items (lookups, check-in reports) and the hospital
// HIS's hand-overs (issue 22) share the table, its state machine and its "never dropped", but a patient's
// order holds only within a lane: an HIS that is down never delays a BHXH report, nor the reverse.
// SQLite cannot widen a CHECK in place, so the table is rebuilt with its rows, ids and indexes.
export const migration003 = {
  version: 3,
  name: 'outbox-lanes',
  sql: `
CREATE TABLE outbox_v3 (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('eligibility-lookup', 'checkin-report', 'his-checkin', 'his-correction', 'his-cancellation')),
  lane TEXT NOT NULL CHECK (lane IN ('bhxh', 'his')),
  visit_id TEXT NOT NULL REFERENCES visits(id),
  patient_id TEXT NOT NULL REFERENCES patients(id),
  -- withdrawn: the visit was cancelled before the item was sent; it never will be.
  state TEXT NOT NULL CHECK (state IN ('pending', 'in-flight', 'done', 'dead', 'withdrawn')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error_code TEXT,
  last_error TEXT,
  receipt TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  done_at TEXT,
  dead_at TEXT,
  withdrawn_at TEXT,
  CHECK ((lane = 'his') = (kind LIKE 'his-%'))
) STRICT;
INSERT INTO outbox_v3 (id, idempotency_key, kind, lane, visit_id, patient_id, state, attempts, next_attempt_at, last_error_code, last_error, receipt, created_at, updated_at, done_at, dead_at, withdrawn_at)
  SELECT id, idempotency_key, kind, 'bhxh', visit_id, patient_id, state, attempts, next_attempt_at, last_error_code, last_error, receipt, created_at, updated_at, done_at, dead_at, withdrawn_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v3 RENAME TO outbox;
CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_patient ON outbox (lane, patient_id, id);
CREATE INDEX outbox_by_visit ON outbox (visit_id, id);
`,
};
