// Version 1: patients, staff, visits, queue tickets, eligibility results, the outbox and the audit log.
// Shipped migrations are never edited; a change is a new numbered file.
//
// Columns ending in `_box` hold AES-256-GCM boxes (pii-cipher.ts); `_index` columns hold keyed blind
// indexes. Nothing else holds personal data. Times are ISO-8601 UTC text (they sort as text); the
// outbox's `next_attempt_at` is epoch milliseconds because the worker compares it with arithmetic.
export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
) STRICT;

-- Keyed by the ID number, through its blind index. NULL index and boxes once retention has purged them.
CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  id_number_index BLOB UNIQUE,
  id_number_box BLOB,
  full_name_box BLOB,
  date_of_birth_box BLOB,
  address_box BLOB,
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female', 'unknown')),
  provenance TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  pii_purged_at TEXT
) STRICT;

-- The staff who look patients up (named in every lookup since CV 1923, and in the audit log).
CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  id_number_index BLOB NOT NULL UNIQUE,
  id_number_box BLOB NOT NULL,
  full_name_box BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE visits (
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
  status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'done', 'cancelled')),
  -- Priority groups (elderly, child under 6, disability, pregnancy), comma-separated; NULL for none.
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
  pii_purged_at TEXT
) STRICT;
CREATE INDEX visits_by_patient ON visits (patient_id);
CREATE INDEX visits_by_arrival ON visits (arrived_at);

-- One per counter per station, service and Vietnamese calendar day.
CREATE TABLE queue_counters (
  station_code TEXT NOT NULL,
  service_code TEXT NOT NULL,
  queue_day TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (station_code, service_code, queue_day)
) STRICT, WITHOUT ROWID;

CREATE TABLE queue_tickets (
  visit_id TEXT PRIMARY KEY REFERENCES visits(id),
  station_code TEXT NOT NULL,
  service_code TEXT NOT NULL,
  queue_day TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq > 0),
  number TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  called_at TEXT,
  UNIQUE (station_code, service_code, queue_day, seq)
) STRICT;
CREATE INDEX queue_tickets_by_day ON queue_tickets (queue_day);

CREATE TABLE eligibility_results (
  id INTEGER PRIMARY KEY,
  visit_id TEXT NOT NULL REFERENCES visits(id),
  source TEXT NOT NULL CHECK (source IN ('desk', 'outbox')),
  code TEXT NOT NULL,
  status TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  result_box BLOB
) STRICT;
CREATE INDEX eligibility_results_by_visit ON eligibility_results (visit_id, id);

-- Per-patient order is the order of ids. The idempotency key is unique per (visit, kind).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('eligibility-lookup', 'checkin-report')),
  visit_id TEXT NOT NULL REFERENCES visits(id),
  patient_id TEXT NOT NULL REFERENCES patients(id),
  state TEXT NOT NULL CHECK (state IN ('pending', 'in-flight', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error_code TEXT,
  last_error TEXT,
  receipt TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  done_at TEXT,
  dead_at TEXT
) STRICT;
CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_patient ON outbox (patient_id, id);
CREATE INDEX outbox_by_visit ON outbox (visit_id);

-- Who did what about whom, when: references and result codes, never the data itself.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  staff_id INTEGER REFERENCES staff(id),
  action TEXT NOT NULL,
  patient_id TEXT REFERENCES patients(id),
  visit_id TEXT REFERENCES visits(id),
  outcome TEXT
) STRICT;
CREATE INDEX audit_log_by_patient ON audit_log (patient_id);
`,
} as const;
