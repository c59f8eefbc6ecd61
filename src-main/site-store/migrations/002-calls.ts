// Site store version 2: calling across stations. The queue's state lives in the visit rows (a rank that
// orders "priority, then arrival on the site's clock" and that a skip moves, how often a number was
// called, the counter's name for the displays); every call, recall, skip and serve is a row of `calls`
// with its counter, station and operator (sealed CCCD). A call made at a station while the site was away
// is published later with the key it was made under (`call_key`), so publishing twice stores it once.
// A row of `calls` is announced, with what a display shows of it, on the `tiepdon_calls` channel when its transaction commits (NOTIFY), so
// the displays of every station follow every counter.
export const migration002 = {
  version: 2,
  name: 'calls',
  sql: `
ALTER TABLE visits ADD COLUMN queue_rank double precision;
ALTER TABLE visits ADD COLUMN call_count integer NOT NULL DEFAULT 0 CHECK (call_count >= 0);
ALTER TABLE visits ADD COLUMN skip_count integer NOT NULL DEFAULT 0 CHECK (skip_count >= 0);
ALTER TABLE visits ADD COLUMN called_name jsonb;
ALTER TABLE visits ADD COLUMN served_at timestamptz;

-- Priority patients (any priority group) rank one day ahead of everyone who arrives that day.
CREATE FUNCTION visit_initial_rank(queued timestamptz, priority text[]) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM queued) * 1000 - CASE WHEN cardinality(priority) > 0 THEN 86400000 ELSE 0 END $$;
UPDATE visits SET queue_rank = visit_initial_rank(queued_at, priority);
UPDATE visits SET call_count = 1 WHERE status IN ('called', 'served') AND called_at IS NOT NULL;
ALTER TABLE visits ALTER COLUMN queue_rank SET NOT NULL;

-- A published visit gets its rank here, whoever publishes it.
CREATE FUNCTION visits_set_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.queue_rank IS NULL THEN NEW.queue_rank := visit_initial_rank(NEW.queued_at, NEW.priority); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER visits_rank BEFORE INSERT ON visits FOR EACH ROW EXECUTE FUNCTION visits_set_rank();

CREATE INDEX visits_calling ON visits (queue_day, service_code, queue_rank) WHERE status IN ('waiting', 'skipped');
-- A counter (at its station) calls one patient at a time.
CREATE UNIQUE INDEX visits_called_at_counter ON visits (called_station, called_by) WHERE status = 'called';

CREATE TABLE calls (
  id bigserial PRIMARY KEY,
  visit_id uuid NOT NULL REFERENCES visits (id),
  action text NOT NULL CHECK (action IN ('call', 'recall', 'skip', 'serve')),
  counter text NOT NULL,
  counter_name jsonb NOT NULL,
  station_code text NOT NULL REFERENCES stations (code),
  operator_box bytea,
  -- On the site's clock: now() for a call made here, the station's time corrected by its offset otherwise.
  at timestamptz NOT NULL,
  -- 'site': made in the site store; 'station': made at a station while the site was away, published later.
  source text NOT NULL CHECK (source IN ('site', 'station')),
  call_key uuid UNIQUE
);
CREATE INDEX calls_by_day ON calls (at);
CREATE INDEX calls_by_visit ON calls (visit_id, id);

CREATE FUNCTION calls_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- What a display needs, so a listener shows the call without asking again (well under NOTIFY's 8 kB).
  PERFORM pg_notify('tiepdon_calls', (
    SELECT json_build_object('id', NEW.id, 'action', NEW.action, 'visitId', NEW.visit_id, 'counter', NEW.counter, 'counterName', NEW.counter_name,
      'station', NEW.station_code, 'at', NEW.at, 'queueNumber', v.queue_number, 'service', v.service_code, 'queueDay', v.queue_day, 'callCount', v.call_count)::text
    FROM visits v WHERE v.id = NEW.visit_id));
  RETURN NEW;
END $$;
CREATE TRIGGER calls_announced AFTER INSERT ON calls FOR EACH ROW EXECUTE FUNCTION calls_notify();
`,
} as const;
