// PostgreSQL migration 1: the whole schema as the SQLite store has it after its own migrations,
// so both stores answer the same contract. Times are epoch milliseconds (bigint, read back as
// numbers), JSON is kept as the text we wrote (re-checked on read, as in SQLite). Tables updated
// in place on every step (sessions, collections, outbox) leave room for HOT updates.
export const PG_SCHEMA_V1 = `
CREATE TABLE sessions (
  key text PRIMARY KEY,
  id text NOT NULL,
  record text NOT NULL,
  version integer NOT NULL,
  expires_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  lease_owner text,
  lease_until bigint
) WITH (fillfactor = 80);
CREATE UNIQUE INDEX sessions_by_id ON sessions (id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE links (
  key text PRIMARY KEY,
  seq bigserial NOT NULL,
  session_id text NOT NULL,
  record text NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  forget_at bigint NOT NULL
);
CREATE INDEX links_by_session ON links (session_id, seq);
CREATE INDEX links_by_forget ON links (forget_at);

CREATE TABLE collections (
  session_id text PRIMARY KEY,
  provider text NOT NULL CHECK (provider IN ('rong360', 'dianhua')),
  lender_id text,
  lender_user_id text,
  demo smallint NOT NULL CHECK (demo IN (0, 1)),
  user_id text NOT NULL,
  task_id text NOT NULL,
  phone text NOT NULL,
  status text NOT NULL CHECK (status IN ('collecting', 'data_ready', 'failed', 'purged')),
  stages text NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at bigint,
  extras_pending text NOT NULL,
  extra_attempts integer NOT NULL,
  failure text,
  authorized_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  ready_at bigint,
  failed_at bigint,
  purged_at bigint,
  lease_owner text,
  lease_until bigint
) WITH (fillfactor = 80);
CREATE INDEX collections_due ON collections (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX collections_by_user ON collections (provider, user_id);
CREATE INDEX collections_by_task ON collections (provider, task_id);
CREATE INDEX collections_by_authorized ON collections (authorized_at);

CREATE TABLE collected_data (
  session_id text PRIMARY KEY REFERENCES collections (session_id) ON DELETE CASCADE,
  data text NOT NULL,
  raw text NOT NULL,
  extras text NOT NULL,
  updated_at bigint NOT NULL
);

CREATE TABLE pushes (
  id bigserial PRIMARY KEY,
  provider text NOT NULL CHECK (provider IN ('rong360', 'dianhua')),
  kind text NOT NULL,
  upstream_key text NOT NULL,
  ok smallint NOT NULL CHECK (ok IN (0, 1)),
  dedupe_key text NOT NULL UNIQUE,
  body text NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX pushes_by_upstream ON pushes (provider, upstream_key, id);
CREATE INDEX pushes_by_received ON pushes (received_at);

CREATE TABLE outbox (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  lender_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('authorized', 'data_ready', 'failed', 'crawl_progress')),
  session_id text NOT NULL,
  payload text NOT NULL,
  created_at bigint NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at bigint NOT NULL,
  delivered_at bigint,
  dead_at bigint,
  last_error text,
  lease_owner text,
  lease_until bigint
) WITH (fillfactor = 80);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_by_session ON outbox (session_id, created_at, seq);
CREATE INDEX outbox_by_created ON outbox (created_at);

CREATE TABLE webhook_endpoints (
  lender_id text PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  updated_at bigint NOT NULL
);

CREATE TABLE simulator_state (
  namespace text NOT NULL,
  id text NOT NULL,
  json text NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (namespace, id)
);
CREATE INDEX simulator_state_by_updated ON simulator_state (updated_at);

CREATE TABLE vendor_tokens (
  key text PRIMARY KEY,
  token text,
  refresh_at bigint,
  expires_at bigint,
  lease_owner text,
  lease_until bigint,
  updated_at bigint NOT NULL
);

-- Abuse-limit counters, in the column layout rate-limiter-flexible's RateLimiterPostgres writes
-- (key, points, expire in epoch ms); created here so no instance races to make it at first use.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
) WITH (fillfactor = 80);
CREATE INDEX rate_limits_by_expire ON rate_limits (expire);
`;
