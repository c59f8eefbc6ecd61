// Version 2: the queue lives in the visit rows (waiting → called → served, skipped, cancelled), so a
// restart keeps who was called where and the waiting-room display rebuilds from the file; cancellations
// and corrections with who made them; outbox items a cancellation withdrew.
//
// SQLite cannot change a CHECK constraint in place: `visits` and `outbox` are rebuilt (create, copy,
// drop, rename) with foreign keys off for the migration, checked before it commits (see migrate()).
// `done` visits become `served`; a visit without a check-in report was an emergency. `queue_rank` orders the calls: arrival in epoch milliseconds, one day
// earlier for priority patients (so they come first within a queue day), moved when a patient is skipped.
export const migration002 = {
  version: 2,
  name: 'visit-queue-states',
  foreignKeysOff: true,
  sql: `
CREATE TABLE visits_v2 (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  facility_code TEXT NOT NULL,
  station_code TEXT NOT NULL,
  service_code TEXT NOT NULL,
  service_name TEXT NOT NULL,
  visit_type TEXT NOT NULL,
  entry_category TEXT,
  reason_box BLOB,
  height_cm REAL CHECK (height_cm IS NULL OR (height_cm > 0 AND height_cm < 300)),
  blood_group TEXT CHECK (blood_group IS NULL OR blood_group IN ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-')),
  status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'served', 'skipped', 'cancelled')),
  priority TEXT,
  channel TEXT NOT NULL CHECK (channel IN ('desk', 'kiosk')),
  provenance TEXT NOT NULL CHECK (provenance IN ('chip-authentic', 'chip-unverified', 'qr-only', 'typed', 'vneid-shown', 'vssid-shown')),
  verification_verdict TEXT,
  identity_flag TEXT,
  eligibility_status TEXT NOT NULL,
  eligibility_code TEXT,
  eligibility_flag TEXT,
  photo_box BLOB,
  arrived_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  reported_at TEXT,
  pii_purged_at TEXT,
  -- What staff chose at the desk; an emergency has no check-in report (docs/bhxh-gateway.md "Check-in report").
  visit_kind TEXT NOT NULL CHECK (visit_kind IN ('first-visit', 'follow-up', 'emergency')),
  queue_rank REAL NOT NULL,
  -- The last call: when, at which counter, by whom; how often the number was called (recalls included).
  called_at TEXT,
  called_counter TEXT,
  called_staff_id INTEGER REFERENCES staff(id),
  call_count INTEGER NOT NULL DEFAULT 0 CHECK (call_count >= 0),
  served_at TEXT,
  skip_count INTEGER NOT NULL DEFAULT 0 CHECK (skip_count >= 0),
  cancelled_at TEXT,
  cancelled_staff_id INTEGER REFERENCES staff(id),
  cancel_reason_box BLOB,
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK (status NOT IN ('called', 'served') OR called_at IS NOT NULL)
) STRICT;

INSERT INTO visits_v2 (id, patient_id, staff_id, facility_code, station_code, service_code, service_name, visit_type, entry_category,
  reason_box, height_cm, blood_group, status, priority, channel, provenance, verification_verdict, identity_flag, eligibility_status,
  eligibility_code, eligibility_flag, photo_box, arrived_at, created_at, updated_at, reported_at, pii_purged_at,
  visit_kind, queue_rank, called_at, call_count, served_at, cancelled_at)
SELECT v.id, v.patient_id, v.staff_id, v.facility_code, v.station_code, v.service_code, v.service_name, v.visit_type, v.entry_category,
  v.reason_box, v.height_cm, v.blood_group, CASE v.status WHEN 'done' THEN 'served' ELSE v.status END, v.priority, v.channel, v.provenance,
  v.verification_verdict, v.identity_flag, v.eligibility_status, v.eligibility_code, v.eligibility_flag, v.photo_box, v.arrived_at,
  v.created_at, v.updated_at, v.reported_at, v.pii_purged_at,
  CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id AND o.kind = 'checkin-report') THEN 'first-visit' ELSE 'emergency' END,
  round((julianday(v.arrived_at) - 2440587.5) * 86400000) - (CASE WHEN v.priority IS NULL THEN 0 ELSE 86400000 END),
  CASE WHEN v.status IN ('called', 'done') THEN coalesce(t.called_at, v.updated_at) END,
  CASE WHEN v.status IN ('called', 'done') THEN 1 ELSE 0 END,
  CASE WHEN v.status = 'done' THEN v.updated_at END,
  CASE WHEN v.status = 'cancelled' THEN v.updated_at END
FROM visits v LEFT JOIN queue_tickets t ON t.visit_id = v.id;

DROP TABLE visits;
ALTER TABLE visits_v2 RENAME TO visits;
CREATE INDEX visits_by_patient ON visits (patient_id);
CREATE INDEX visits_by_arrival ON visits (arrived_at);
CREATE INDEX visits_in_queue ON visits (service_code, status, queue_rank);
-- A counter calls one patient at a time: calling the next serves the one before.
CREATE UNIQUE INDEX visits_called_at_counter ON visits (called_counter) WHERE status = 'called';

-- Each correction: who, when, why (sealed: free text may name a condition), and which fields changed
-- with their old and new codes (JSON; codes only, never the reason's text).
CREATE TABLE visit_corrections (
  id INTEGER PRIMARY KEY,
  visit_id TEXT NOT NULL REFERENCES visits(id),
  at TEXT NOT NULL,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  reason_box BLOB,
  changes TEXT NOT NULL
) STRICT;
CREATE INDEX visit_corrections_by_visit ON visit_corrections (visit_id, id);

CREATE TABLE outbox_v2 (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('eligibility-lookup', 'checkin-report')),
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
  withdrawn_at TEXT
) STRICT;
INSERT INTO outbox_v2 (id, idempotency_key, kind, visit_id, patient_id, state, attempts, next_attempt_at, last_error_code, last_error,
  receipt, created_at, updated_at, done_at, dead_at)
SELECT id, idempotency_key, kind, visit_id, patient_id, state, attempts, next_attempt_at, last_error_code, last_error,
  receipt, created_at, updated_at, done_at, dead_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_patient ON outbox (patient_id, id);
CREATE INDEX outbox_by_visit ON outbox (visit_id);
`,
} as const;
