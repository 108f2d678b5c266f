// Migration 5: the report_ready webhook event. SQLite cannot alter a CHECK constraint, so the
// outbox is rebuilt with the wider one (same columns, rows and indexes).
export const SCHEMA_V5 = `
CREATE TABLE outbox_v5 (
  id TEXT PRIMARY KEY,
  lender_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('authorized', 'data_ready', 'failed', 'crawl_progress', 'report_ready')),
  session_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER,
  dead_at INTEGER,
  last_error TEXT,
  lease_owner TEXT,
  lease_until INTEGER,
  replays INTEGER NOT NULL DEFAULT 0,
  replayed_at INTEGER
) STRICT;
INSERT INTO outbox_v5 (rowid, id, lender_id, type, session_id, payload, created_at, attempts, next_attempt_at, delivered_at, dead_at, last_error, lease_owner, lease_until, replays, replayed_at)
  SELECT rowid, id, lender_id, type, session_id, payload, created_at, attempts, next_attempt_at, delivered_at, dead_at, last_error, lease_owner, lease_until, replays, replayed_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v5 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_by_session ON outbox (session_id, created_at);
CREATE INDEX outbox_by_created ON outbox (created_at);
CREATE INDEX outbox_by_lender ON outbox (lender_id, created_at, id);
`;
