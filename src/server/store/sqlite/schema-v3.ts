// Migration 3: many processes on one store. Sessions carry their record's version (for a
// compare-and-set claim) and a lease, so one upstream call at a time holds across processes;
// collections and webhook events carry a lease, so a worker claims its work and another takes it
// over once a dead worker's lease runs out; vendor tokens are shared with one refresh at a time.
export const SCHEMA_V3 = `
ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET version = coalesce(CASE WHEN json_valid(record) THEN json_extract(record, '$.version') END, 0);
ALTER TABLE sessions ADD COLUMN lease_owner TEXT;
ALTER TABLE sessions ADD COLUMN lease_until INTEGER;

ALTER TABLE collections ADD COLUMN lease_owner TEXT;
ALTER TABLE collections ADD COLUMN lease_until INTEGER;

ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;

CREATE TABLE vendor_tokens (
  key TEXT PRIMARY KEY,
  token TEXT,
  refresh_at INTEGER,
  expires_at INTEGER,
  lease_owner TEXT,
  lease_until INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;
`;
