// Migration 4: per-endpoint webhook delivery slots, leased by the dispatchers of every instance,
// so the per-endpoint limit holds for all of them together. One row per endpoint origin and slot
// number (the primary key is what keeps two instances off one slot); a slot whose lease ran out is
// taken over in place.
export const PG_SCHEMA_V4 = `
CREATE TABLE webhook_endpoint_slots (
  endpoint text NOT NULL,
  slot integer NOT NULL CHECK (slot >= 0),
  token text NOT NULL,
  owner text NOT NULL,
  lease_until bigint NOT NULL,
  PRIMARY KEY (endpoint, slot)
);
`;
