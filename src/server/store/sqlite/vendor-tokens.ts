import type Database from 'better-sqlite3';
import type { SharedTokenStore } from '../types';

interface TokenRow {
  token: string | null;
  refresh_at: number | null;
  expires_at: number | null;
}

/** Vendor tokens shared by the processes on this file; a refresh is leased to one of them at a time. */
export function createSqliteVendorTokens(db: Database.Database, now: () => number): SharedTokenStore {
  const selectOne = db.prepare<[string], TokenRow>('SELECT token, refresh_at, expires_at FROM vendor_tokens WHERE key = ?');
  // The row exists from the first claim on; a claim only succeeds when no live lease is held.
  const claim = db.prepare<{ key: string; owner: string; until: number; now: number }>(
    `INSERT INTO vendor_tokens (key, lease_owner, lease_until, updated_at) VALUES (@key, @owner, @until, @now)
     ON CONFLICT (key) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
     WHERE vendor_tokens.lease_until IS NULL OR vendor_tokens.lease_until <= @now`,
  );
  const put = db.prepare<{ key: string; token: string; refreshAt: number; expiresAt: number; now: number }>(
    `INSERT INTO vendor_tokens (key, token, refresh_at, expires_at, updated_at) VALUES (@key, @token, @refreshAt, @expiresAt, @now)
     ON CONFLICT (key) DO UPDATE SET token = excluded.token, refresh_at = excluded.refresh_at, expires_at = excluded.expires_at,
       updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`,
  );
  const release = db.prepare<[string, string]>(
    'UPDATE vendor_tokens SET lease_owner = NULL, lease_until = NULL WHERE key = ? AND lease_owner = ?',
  );
  const invalidate = db.prepare<[number, string, string]>(
    'UPDATE vendor_tokens SET token = NULL, refresh_at = NULL, expires_at = NULL, updated_at = ? WHERE key = ? AND token = ?',
  );

  return {
    async get(key) {
      const row = selectOne.get(key);
      if (!row || row.token === null || row.refresh_at === null || row.expires_at === null) return undefined;
      return { token: row.token, refreshAt: row.refresh_at, expiresAt: row.expires_at };
    },
    async claimRefresh(key, owner, leaseMs) {
      const t = now();
      return claim.run({ key, owner, until: t + leaseMs, now: t }).changes === 1;
    },
    async put(key, token, _owner) {
      // Whoever fetched a token the vendor issued stores it: it is the newest either way.
      put.run({ key, token: token.token, refreshAt: token.refreshAt, expiresAt: token.expiresAt, now: now() });
    },
    async release(key, owner) {
      release.run(key, owner);
    },
    async invalidate(key, token) {
      invalidate.run(now(), key, token);
    },
  };
}
