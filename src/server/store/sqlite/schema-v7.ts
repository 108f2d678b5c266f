// Migration 7: update mode. A collection names the completed session it refreshes, and the
// consent each link's session was opened with is kept apart from the session (which idles out).
// Consent rows hold no personal data (versions, hashes, times, ids), so retention leaves them.
export const SCHEMA_V7 = `
ALTER TABLE collections ADD COLUMN previous_session_id TEXT;
CREATE INDEX collections_by_previous ON collections (previous_session_id) WHERE previous_session_id IS NOT NULL;
CREATE TABLE consents (
  session_id TEXT PRIMARY KEY,
  lender_id TEXT NOT NULL,
  link_id TEXT,
  mode TEXT NOT NULL CHECK (mode IN ('initial', 'update')),
  previous_session_id TEXT,
  agreement_version TEXT NOT NULL,
  text_hash TEXT,
  accepted_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
) STRICT;
`;
