// Migration 1: the initial schema. Tables are STRICT, so a column holds the type it declares and the
// row types in the store files are honest. Times are epoch milliseconds (see codec.ts); JSON
// columns hold text we wrote and re-check on read.
export const SCHEMA_V1 = `
CREATE TABLE sessions (
  key TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  record TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX sessions_by_id ON sessions (id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE links (
  key TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  record TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  forget_at INTEGER NOT NULL
) STRICT;
CREATE INDEX links_by_session ON links (session_id);
CREATE INDEX links_by_forget ON links (forget_at);

CREATE TABLE collections (
  session_id TEXT PRIMARY KEY,
  provider TEXT NOT NULL CHECK (provider IN ('rong360', 'dianhua')),
  lender_id TEXT,
  lender_user_id TEXT,
  demo INTEGER NOT NULL CHECK (demo IN (0, 1)),
  user_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('collecting', 'data_ready', 'failed', 'purged')),
  stages TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER,
  extras_pending TEXT NOT NULL,
  extra_attempts INTEGER NOT NULL,
  failure TEXT,
  authorized_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  ready_at INTEGER,
  failed_at INTEGER,
  purged_at INTEGER
) STRICT;
CREATE INDEX collections_due ON collections (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX collections_by_user ON collections (provider, user_id);
CREATE INDEX collections_by_task ON collections (provider, task_id);
CREATE INDEX collections_by_authorized ON collections (authorized_at);

CREATE TABLE collected_data (
  session_id TEXT PRIMARY KEY REFERENCES collections (session_id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  raw TEXT NOT NULL,
  extras TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE pushes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  provider TEXT NOT NULL CHECK (provider IN ('rong360', 'dianhua')),
  kind TEXT NOT NULL,
  upstream_key TEXT NOT NULL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  dedupe_key TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX pushes_by_upstream ON pushes (provider, upstream_key, id);
CREATE INDEX pushes_by_received ON pushes (received_at);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  lender_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('authorized', 'data_ready', 'failed', 'crawl_progress')),
  session_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER,
  dead_at INTEGER,
  last_error TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_by_session ON outbox (session_id, created_at);
CREATE INDEX outbox_by_created ON outbox (created_at);

CREATE TABLE webhook_endpoints (
  lender_id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE simulator_state (
  namespace TEXT NOT NULL,
  id TEXT NOT NULL,
  json TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (namespace, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX simulator_state_by_updated ON simulator_state (updated_at);
`;
