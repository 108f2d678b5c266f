// Migration 2: abuse-limit counters. rate-limiter-flexible's RateLimiterSQLite reads and writes
// this table (its own column names: key, points, expire in epoch ms); it is created here, not by
// the library at first use, so every process opening the file finds it and none races to make it.
export const SCHEMA_V2 = `
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire INTEGER
) STRICT;
CREATE INDEX rate_limits_by_expire ON rate_limits (expire);
`;
