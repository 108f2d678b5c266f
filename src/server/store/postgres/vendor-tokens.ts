import type pg from 'pg';
import type { SharedTokenStore } from '../types';

interface TokenRow {
  token: string | null;
  refresh_at: number | null;
  expires_at: number | null;
}

/** Vendor tokens shared by every instance; a refresh is leased to one instance at a time. */
export function createPgVendorTokens(pool: pg.Pool, now: () => number): SharedTokenStore {
  return {
    async get(key) {
      const { rows } = await pool.query<TokenRow>('SELECT token, refresh_at, expires_at FROM vendor_tokens WHERE key = $1', [key]);
      const row = rows[0];
      if (!row || row.token === null || row.refresh_at === null || row.expires_at === null) return undefined;
      return { token: row.token, refreshAt: row.refresh_at, expiresAt: row.expires_at };
    },
    async claimRefresh(key, owner, leaseMs) {
      const t = now();
      // The conditional upsert is atomic: of instances claiming at once, one inserts or updates, the others match nothing.
      const result = await pool.query(
        `INSERT INTO vendor_tokens (key, lease_owner, lease_until, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
         WHERE vendor_tokens.lease_until IS NULL OR vendor_tokens.lease_until <= $4`,
        [key, owner, t + leaseMs, t],
      );
      return result.rowCount === 1;
    },
    async put(key, token) {
      await pool.query(
        `INSERT INTO vendor_tokens (key, token, refresh_at, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET token = excluded.token, refresh_at = excluded.refresh_at, expires_at = excluded.expires_at,
           updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`,
        [key, token.token, token.refreshAt, token.expiresAt, now()],
      );
    },
    async release(key, owner) {
      await pool.query('UPDATE vendor_tokens SET lease_owner = NULL, lease_until = NULL WHERE key = $1 AND lease_owner = $2', [key, owner]);
    },
    async invalidate(key, token) {
      await pool.query(
        'UPDATE vendor_tokens SET token = NULL, refresh_at = NULL, expires_at = NULL, updated_at = $1 WHERE key = $2 AND token = $3',
        [now(), key, token],
      );
    },
  };
}
