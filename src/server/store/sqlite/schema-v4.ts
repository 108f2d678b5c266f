// Migration 4: step analytics, dashboard sign-ins, webhook replays. Times are epoch milliseconds.
// Analytics rows hold no personal data (kinds, codes, vendor, carrier, province, times), so they
// outlive RETENTION_DAYS; the dashboard's queries all start from one lender's sessions in a time
// range (analytics_sessions_by_lender), then reach visits and events by session id.
export const SCHEMA_V4 = `
CREATE TABLE analytics_sessions (
  session_id TEXT PRIMARY KEY,
  lender_id TEXT,
  provider TEXT,
  carrier TEXT,
  province TEXT,
  demo INTEGER NOT NULL CHECK (demo IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  opened_at INTEGER,
  started_at INTEGER,
  authorized_at INTEGER,
  data_ready_at INTEGER,
  failed_at INTEGER,
  outcome TEXT NOT NULL CHECK (outcome IN ('in_progress', 'authorized', 'data_ready', 'failed', 'collect_failed')),
  stage TEXT,
  stage_at INTEGER,
  last_error TEXT,
  exit_reason TEXT,
  exit_stage TEXT,
  events INTEGER NOT NULL
) STRICT;
CREATE INDEX analytics_sessions_by_lender ON analytics_sessions (lender_id, created_at);
CREATE INDEX analytics_sessions_by_created ON analytics_sessions (created_at);

CREATE TABLE analytics_visits (
  session_id TEXT NOT NULL REFERENCES analytics_sessions (session_id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  entered_at INTEGER NOT NULL,
  duration_ms INTEGER,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  PRIMARY KEY (session_id, stage)
) STRICT, WITHOUT ROWID;

CREATE TABLE analytics_events (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES analytics_sessions (session_id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  since_start_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('server', 'browser')),
  stage TEXT,
  screen TEXT,
  fields TEXT NOT NULL,
  code TEXT,
  field TEXT,
  upstream_code TEXT
) STRICT;
CREATE INDEX analytics_events_by_session ON analytics_events (session_id, kind, stage, code);

CREATE TABLE analytics_browser_quota (
  session_id TEXT PRIMARY KEY,
  used INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE dashboard_sessions (
  token_hash TEXT PRIMARY KEY,
  lender_id TEXT NOT NULL,
  key_fingerprint TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);

ALTER TABLE outbox ADD COLUMN replays INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN replayed_at INTEGER;
CREATE INDEX outbox_by_lender ON outbox (lender_id, created_at, id);
`;
