import type pg from 'pg';
import type { DashboardSessionStore } from '../analytics-types';
import { toIso, toMs } from '../codec';
import { inTransaction } from './sql';

interface Row {
  lender_id: string;
  key_fingerprint: string;
  created_at: number;
  expires_at: number;
}

/** Signed-in dashboard browsers, by SHA-256 of the cookie token; expired rows go on the next sign-in. */
export function createPgDashboardSessions(pool: pg.Pool): DashboardSessionStore {
  return {
    async create(tokenHash, record) {
      const createdAt = toMs(record.createdAt, 'createdAt');
      const expiresAt = toMs(record.expiresAt, 'expiresAt');
      await inTransaction(pool, async (client) => {
        await client.query('DELETE FROM dashboard_sessions WHERE expires_at <= $1', [createdAt]);
        await client.query(
          `INSERT INTO dashboard_sessions (token_hash, lender_id, key_fingerprint, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
          [tokenHash, record.lenderId, record.keyFingerprint, createdAt, expiresAt],
        );
      });
    },
    async get(tokenHash, now) {
      const { rows } = await pool.query<Row>(
        'SELECT lender_id, key_fingerprint, created_at, expires_at FROM dashboard_sessions WHERE token_hash = $1 AND expires_at > $2',
        [tokenHash, toMs(now, 'now')],
      );
      const row = rows[0];
      return row
        ? {
            lenderId: row.lender_id,
            keyFingerprint: row.key_fingerprint,
            createdAt: toIso(row.created_at),
            expiresAt: toIso(row.expires_at),
          }
        : undefined;
    },
    async revoke(tokenHash) {
      await pool.query('DELETE FROM dashboard_sessions WHERE token_hash = $1', [tokenHash]);
    },
  };
}
