// Version 4 (issue 23): a station of a hospital site keeps its site backlog — the visits committed here
// that the site store has not acknowledged yet, in commit order — and its clock's offset to the site
// store as last measured. The row is written in the check-in's own transaction, so a visit acknowledged
// to staff is always either at the site or in this backlog.
export const migration004 = {
  version: 4,
  name: 'site-backlog',
  sql: `
CREATE TABLE site_backlog (
  id INTEGER PRIMARY KEY,
  visit_id TEXT NOT NULL UNIQUE REFERENCES visits(id),
  -- 'site': the number was reserved at the site store; 'station': the station's own (site away).
  number_source TEXT NOT NULL CHECK (number_source IN ('site', 'station')),
  -- Site clock minus station clock (ms) known at the commit; NULL if never measured yet.
  clock_offset_ms INTEGER,
  created_at TEXT NOT NULL,
  published_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error_code TEXT
) STRICT;
CREATE INDEX site_backlog_unpublished ON site_backlog (id) WHERE published_at IS NULL;

CREATE TABLE site_clock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  offset_ms INTEGER NOT NULL,
  measured_at TEXT NOT NULL
) STRICT;
`,
} as const;
