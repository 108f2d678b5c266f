import type pg from 'pg';
import { SessionRecordSchema } from '../../session/record';
import type { SessionRecord } from '../../session/record';
import type { SessionClaim } from '../../session/store';
import type { DurableStore } from '../types';
import { StoreInputError, issuePaths, parseJson, startSweep, toJson } from '../codec';
import type { CorruptHandler } from '../codec';
import { inTransaction } from './sql';

export interface PgSessionStoreOptions {
  ttlSeconds: number;
  now: () => number;
  sweepIntervalMs?: number;
  onCorrupt?: CorruptHandler;
}

/**
 * Sessions keyed by sha256(token), as in SQLite. A claim is one guarded UPDATE: PostgreSQL's row
 * lock makes a second concurrent claim wait for the first and then see its lease, so at most one
 * call per session reaches the upstream, whichever instance it came to.
 */
export function createPgSessionStore(pool: pg.Pool, options: PgSessionStoreOptions): DurableStore['sessions'] {
  const { now } = options;
  const ttlMs = options.ttlSeconds * 1000;

  const parse = (key: string, text: string): SessionRecord | undefined => {
    const json = parseJson(text);
    const parsed = json ? SessionRecordSchema.safeParse(json.value) : undefined;
    if (parsed?.success) return parsed.data;
    options.onCorrupt?.('sessions', key);
    return undefined;
  };
  const checked = (record: SessionRecord): SessionRecord => {
    const result = SessionRecordSchema.safeParse(record);
    if (!result.success) throw new StoreInputError(`session record does not match SessionRecordSchema at: ${issuePaths(result.error)}`);
    return record;
  };
  const release = (key: string, owner: string) =>
    pool.query('UPDATE sessions SET lease_owner = NULL, lease_until = NULL WHERE key = $1 AND lease_owner = $2', [key, owner]);

  const timer = startSweep(
    () => void pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now()]).catch(() => undefined),
    options.sweepIntervalMs ?? Math.min(ttlMs, 60_000),
  );

  return {
    async get(key) {
      // A read only: GET /api/session is polled, and a write on every poll would cost the database.
      const { rows } = await pool.query<{ record: string }>('SELECT record FROM sessions WHERE key = $1 AND expires_at > $2', [key, now()]);
      const row = rows[0];
      return row ? parse(key, row.record) : undefined;
    },
    async findById(sessionId) {
      const { rows } = await pool.query<{ key: string; record: string }>(
        'SELECT key, record FROM sessions WHERE id = $1 AND expires_at > $2',
        [sessionId, now()],
      );
      const row = rows[0];
      return row ? parse(row.key, row.record) : undefined;
    },
    async put(key, record) {
      const text = toJson(checked(record), 'session record');
      const t = now();
      await inTransaction(pool, async (client) => {
        // An expired, not yet swept row must not hold the id's unique index against a new session.
        await client.query('DELETE FROM sessions WHERE id = $1 AND key <> $2 AND expires_at <= $3', [record.id, key, t]);
        await client.query(
          `INSERT INTO sessions (key, id, record, version, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (key) DO UPDATE SET id = excluded.id, record = excluded.record, version = excluded.version,
             expires_at = excluded.expires_at, updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`,
          [key, record.id, text, record.version, t + ttlMs, t],
        );
      });
    },
    async delete(key) {
      await pool.query('DELETE FROM sessions WHERE key = $1', [key]);
    },
    async claim(key, { version, owner, leaseMs }): Promise<SessionClaim> {
      const t = now();
      const { rows } = await pool.query<{ record: string }>(
        `UPDATE sessions SET lease_owner = $3, lease_until = $4, expires_at = $5
         WHERE key = $1 AND expires_at > $6 AND version = $2 AND (lease_until IS NULL OR lease_until <= $6)
         RETURNING record`,
        [key, version, owner, t + leaseMs, t + ttlMs, t],
      );
      const row = rows[0];
      if (row) {
        const record = parse(key, row.record);
        if (record) return { status: 'claimed', record };
        await release(key, owner);
        return { status: 'missing' };
      }
      const state = await pool.query<{ version: number }>('SELECT version FROM sessions WHERE key = $1 AND expires_at > $2', [key, t]);
      const found = state.rows[0];
      if (!found) return { status: 'missing' };
      return found.version === version ? { status: 'busy' } : { status: 'outdated' };
    },
    async renew(key, owner, leaseMs) {
      const t = now();
      const result = await pool.query('UPDATE sessions SET lease_until = $1 WHERE key = $2 AND lease_owner = $3 AND expires_at > $4', [
        t + leaseMs,
        key,
        owner,
        t,
      ]);
      return result.rowCount === 1;
    },
    async commit(key, record, owner) {
      const text = toJson(checked(record), 'session record');
      const t = now();
      const result = await pool.query(
        `UPDATE sessions SET record = $1, version = $2, expires_at = $3, updated_at = $4, lease_owner = NULL, lease_until = NULL
         WHERE key = $5 AND lease_owner = $6`,
        [text, record.version, t + ttlMs, t, key, owner],
      );
      return result.rowCount === 1;
    },
    async release(key, owner) {
      await release(key, owner);
    },
    async close() {
      clearInterval(timer);
    },
  };
}
