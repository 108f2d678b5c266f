// PostgreSQL migration 5: update mode (SQLite's migration 7). A collection names the completed
// session it refreshes; the consent each link's session was opened with is kept apart from the
// session. Consent rows hold no personal data, so retention leaves them.
export const PG_SCHEMA_V5 = `
ALTER TABLE collections ADD COLUMN previous_session_id text;
CREATE INDEX collections_by_previous ON collections (previous_session_id) WHERE previous_session_id IS NOT NULL;
CREATE TABLE consents (
  session_id text PRIMARY KEY,
  lender_id text NOT NULL,
  link_id text,
  mode text NOT NULL CHECK (mode IN ('initial', 'update')),
  previous_session_id text,
  agreement_version text NOT NULL,
  text_hash text,
  accepted_at bigint NOT NULL,
  recorded_at bigint NOT NULL
);
`;
