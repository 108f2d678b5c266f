import type Database from 'better-sqlite3';
import { SessionRecordSchema } from '../../session/record';
import type { SessionRecord } from '../../session/record';
import type { DurableStore } from '../types';
import { StoreInputError, issuePaths, parseJson, startSweep, toJson } from './codec';
import type { CorruptHandler } from './codec';

export interface SqliteSessionStoreOptions {
  /** Idle expiry, slid by every `put` (reads never write). */
  ttlSeconds: number;
  now: () => number;
  /** How often expired rows are deleted; defaults to min(ttl, 60 s) like the memory store. */
  sweepIntervalMs?: number;
  onCorrupt?: CorruptHandler;
}

/**
 * Sessions keyed by sha256(token), the record as JSON text. Reads re-validate the record: a row
 * that does not parse is treated as absent (reported through onCorrupt), never thrown at the caller.
 */
export function createSqliteSessionStore(db: Database.Database, options: SqliteSessionStoreOptions): DurableStore['sessions'] {
  const { now } = options;
  const ttlMs = options.ttlSeconds * 1000;
  const selectByKey = db.prepare<[string, number], { record: string }>('SELECT record FROM sessions WHERE key = ? AND expires_at > ?');
  const selectById = db.prepare<[string, number], { key: string; record: string }>(
    'SELECT key, record FROM sessions WHERE id = ? AND expires_at > ?',
  );
  const dropStaleId = db.prepare<[string, string, number]>('DELETE FROM sessions WHERE id = ? AND key <> ? AND expires_at <= ?');
  const upsert = db.prepare<{ key: string; id: string; record: string; expiresAt: number; updatedAt: number }>(
    `INSERT INTO sessions (key, id, record, expires_at, updated_at) VALUES (@key, @id, @record, @expiresAt, @updatedAt)
     ON CONFLICT (key) DO UPDATE SET id = excluded.id, record = excluded.record, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE key = ?');
  const sweep = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');

  const parse = (key: string, text: string): SessionRecord | undefined => {
    const json = parseJson(text);
    const parsed = json ? SessionRecordSchema.safeParse(json.value) : undefined;
    if (parsed?.success) return parsed.data;
    options.onCorrupt?.('sessions', key);
    return undefined;
  };

  const put = db.transaction((key: string, record: SessionRecord, at: number) => {
    // An expired, not yet swept row must not hold the id's unique index against a new session.
    dropStaleId.run(record.id, key, at);
    upsert.run({ key, id: record.id, record: toJson(record, 'session record'), expiresAt: at + ttlMs, updatedAt: at });
  });

  const timer = startSweep(() => sweep.run(now()), options.sweepIntervalMs ?? Math.min(ttlMs, 60_000));

  return {
    async get(key) {
      // A read only: GET /api/session is polled, and a write would fsync on every poll.
      const row = selectByKey.get(key, now());
      return row ? parse(key, row.record) : undefined;
    },
    async findById(sessionId) {
      const row = selectById.get(sessionId, now());
      return row ? parse(row.key, row.record) : undefined;
    },
    async put(key, record) {
      const checked = SessionRecordSchema.safeParse(record);
      if (!checked.success) throw new StoreInputError(`session record does not match SessionRecordSchema at: ${issuePaths(checked.error)}`);
      put.immediate(key, record, now());
    },
    async delete(key) {
      remove.run(key);
    },
    // Stops this store's sweep; the database itself is closed by DurableStore.close().
    async close() {
      clearInterval(timer);
    },
  };
}
