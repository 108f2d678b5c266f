// Migration 3: the report_ready webhook event joins the outbox's allowed types.
export const PG_SCHEMA_V3 = `
ALTER TABLE outbox DROP CONSTRAINT outbox_type_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_type_check CHECK (type IN ('authorized', 'data_ready', 'failed', 'crawl_progress', 'report_ready'));
`;
