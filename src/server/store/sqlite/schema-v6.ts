// Migration 6: per-endpoint webhook delivery slots, leased by the dispatchers of every process on
// the file, so the per-endpoint limit holds for all of them together. One row per endpoint origin
// and slot number; a slot whose lease ran out is taken over in place.
export const SCHEMA_V6 = `
CREATE TABLE webhook_endpoint_slots (
  endpoint TEXT NOT NULL,
  slot INTEGER NOT NULL,
  token TEXT NOT NULL,
  owner TEXT NOT NULL,
  lease_until INTEGER NOT NULL,
  PRIMARY KEY (endpoint, slot)
) STRICT;
`;
