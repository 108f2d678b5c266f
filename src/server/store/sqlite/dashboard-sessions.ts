import type Database from 'better-sqlite3';
import type { DashboardSessionStore } from '../analytics-types';
import { toIso, toMs } from '../codec';

interface Row {
  lender_id: string;
  key_fingerprint: string;
  created_at: number;
  expires_at: number;
}

/** Signed-in dashboard browsers, by SHA-256 of the cookie token; expired rows go on the next sign-in. */
export function createSqliteDashboardSessions(db: Database.Database): DashboardSessionStore {
  const insert = db.prepare<{ tokenHash: string; lenderId: string; fingerprint: string; createdAt: number; expiresAt: number }>(
    `INSERT INTO dashboard_sessions (token_hash, lender_id, key_fingerprint, created_at, expires_at)
     VALUES (@tokenHash, @lenderId, @fingerprint, @createdAt, @expiresAt)`,
  );
  const sweep = db.prepare<[number]>('DELETE FROM dashboard_sessions WHERE expires_at <= ?');
  const select = db.prepare<[string, number], Row>('SELECT * FROM dashboard_sessions WHERE token_hash = ? AND expires_at > ?');
  const remove = db.prepare<[string]>('DELETE FROM dashboard_sessions WHERE token_hash = ?');

  const create = db.transaction((tokenHash: string, lenderId: string, fingerprint: string, createdAt: number, expiresAt: number) => {
    sweep.run(createdAt);
    insert.run({ tokenHash, lenderId, fingerprint, createdAt, expiresAt });
  });

  return {
    async create(tokenHash, record) {
      create.immediate(
        tokenHash,
        record.lenderId,
        record.keyFingerprint,
        toMs(record.createdAt, 'createdAt'),
        toMs(record.expiresAt, 'expiresAt'),
      );
    },
    async get(tokenHash, now) {
      const row = select.get(tokenHash, toMs(now, 'now'));
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
      remove.run(tokenHash);
    },
  };
}
