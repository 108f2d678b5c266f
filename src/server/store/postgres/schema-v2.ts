// PostgreSQL migration 2: step analytics, dashboard sign-ins, webhook replays (the same tables as
// SQLite's, times in epoch milliseconds as bigint). Analytics rows hold no personal data, so they
// outlive RETENTION_DAYS; the dashboard's reads all start from one lender's sessions in a time range
// (analytics_sessions_by_lender), then reach visits and events by session id.
export const PG_SCHEMA_V2 = `
CREATE TABLE analytics_sessions (
  session_id text PRIMARY KEY,
  lender_id text,
  provider text,
  carrier text,
  province text,
  demo smallint NOT NULL CHECK (demo IN (0, 1)),
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  opened_at bigint,
  started_at bigint,
  authorized_at bigint,
  data_ready_at bigint,
  failed_at bigint,
  outcome text NOT NULL CHECK (outcome IN ('in_progress', 'authorized', 'data_ready', 'failed', 'collect_failed')),
  stage text,
  stage_at bigint,
  last_error text,
  exit_reason text,
  exit_stage text,
  events integer NOT NULL
) WITH (fillfactor = 80);
CREATE INDEX analytics_sessions_by_lender ON analytics_sessions (lender_id, created_at);
CREATE INDEX analytics_sessions_by_created ON analytics_sessions (created_at);

CREATE TABLE analytics_visits (
  session_id text NOT NULL REFERENCES analytics_sessions (session_id) ON DELETE CASCADE,
  stage text NOT NULL,
  entered_at bigint NOT NULL,
  duration_ms bigint,
  passed smallint NOT NULL CHECK (passed IN (0, 1)),
  PRIMARY KEY (session_id, stage)
);

CREATE TABLE analytics_events (
  id bigserial PRIMARY KEY,
  session_id text NOT NULL REFERENCES analytics_sessions (session_id) ON DELETE CASCADE,
  at bigint NOT NULL,
  since_start_ms bigint NOT NULL,
  kind text NOT NULL,
  source text NOT NULL CHECK (source IN ('server', 'browser')),
  stage text,
  screen text,
  fields text NOT NULL,
  code text,
  field text,
  upstream_code text
);
CREATE INDEX analytics_events_by_session ON analytics_events (session_id, kind, stage, code);

CREATE TABLE analytics_browser_quota (
  session_id text PRIMARY KEY,
  used integer NOT NULL
);

CREATE TABLE dashboard_sessions (
  token_hash text PRIMARY KEY,
  lender_id text NOT NULL,
  key_fingerprint text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);

ALTER TABLE outbox ADD COLUMN replays integer NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN replayed_at bigint;
CREATE INDEX outbox_by_lender ON outbox (lender_id, created_at, id);
`;
