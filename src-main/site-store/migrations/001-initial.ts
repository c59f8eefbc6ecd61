// Site store version 1: the site's key check and demo flag, stations, patients (blind index + boxes),
// queue counters and numbers per service per Vietnamese day, visits as the stations published them, and
// the audit. Shipped migrations are never edited; a change is a new numbered file.
//
// `_box` columns hold AES-256-GCM boxes sealed with the site key (store/pii-cipher.ts), `_index` columns
// keyed HMAC blind indexes: PostgreSQL never holds a name or an ID number in clear. Times are timestamptz.
// A queue number is reserved for a visit id before the station commits the visit, then `used` when the
// visit is published with it, or `void` when the visit never came (its station died first) or came with
// a number of its own: a reserved number is never handed out again.
export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE site_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE stations (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9]?$'),
  installation_id uuid NOT NULL UNIQUE,
  demo boolean NOT NULL,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz,
  -- Visits committed at the station and not yet published, as it said at its last contact.
  backlog integer NOT NULL DEFAULT 0 CHECK (backlog >= 0),
  -- Site clock minus station clock, measured at the last contact (round trip midpoint).
  clock_offset_ms integer
);

CREATE TABLE patients (
  id uuid PRIMARY KEY,
  id_number_index bytea NOT NULL UNIQUE,
  id_number_box bytea NOT NULL,
  full_name_box bytea NOT NULL,
  date_of_birth_box bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE queue_counters (
  service_code text NOT NULL,
  queue_day date NOT NULL,
  last_seq integer NOT NULL CHECK (last_seq > 0),
  PRIMARY KEY (service_code, queue_day)
);

CREATE TABLE queue_numbers (
  service_code text NOT NULL,
  queue_day date NOT NULL,
  seq integer NOT NULL CHECK (seq > 0),
  queue_number text NOT NULL,
  visit_id uuid NOT NULL UNIQUE,
  station_code text NOT NULL REFERENCES stations (code),
  state text NOT NULL CHECK (state IN ('reserved', 'used', 'void')),
  reserved_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  PRIMARY KEY (service_code, queue_day, seq),
  UNIQUE (service_code, queue_day, queue_number)
);
CREATE INDEX queue_numbers_reserved ON queue_numbers (station_code, reserved_at) WHERE state = 'reserved';

CREATE TABLE visits (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patients (id),
  station_code text NOT NULL REFERENCES stations (code),
  service_code text NOT NULL,
  service_name text NOT NULL,
  queue_day date NOT NULL,
  queue_number text NOT NULL,
  -- 'site': reserved here before the commit; 'station': the station's own (K2-NOI-004), site away.
  number_source text NOT NULL CHECK (number_source IN ('site', 'station')),
  status text NOT NULL CHECK (status IN ('waiting', 'called', 'served', 'skipped', 'cancelled')),
  priority text[] NOT NULL DEFAULT '{}',
  channel text NOT NULL CHECK (channel IN ('desk', 'kiosk')),
  -- The operator who checked the patient in: their CCCD sealed (staff.id_number), so a new key re-seals it.
  operator_box bytea,
  arrived_at timestamptz NOT NULL,
  clock_offset_ms integer NOT NULL,
  -- The arrival on the site's clock: the queue's order across stations.
  queued_at timestamptz NOT NULL,
  called_at timestamptz,
  -- The counter that called the visit, the station it sits at and the operator (sealed CCCD).
  called_by text,
  called_station text REFERENCES stations (code),
  called_operator_box bytea,
  published_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service_code, queue_day, queue_number)
);
CREATE INDEX visits_queue ON visits (queue_day, service_code, status, queued_at);
CREATE INDEX visits_by_patient ON visits (patient_id, queue_day);

CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  station_code text,
  action text NOT NULL,
  visit_id uuid,
  outcome text
);
CREATE INDEX audit_by_visit ON audit (visit_id);
`,
} as const;
