import type Database from 'better-sqlite3';
import { SessionRecordSchema } from '../../session/record';
import type { SessionRecord } from '../../session/record';
import type { SessionClaim } from '../../session/store';
import type { DurableStore } from '../types';
import { StoreInputError, issuePaths, parseJson, startSweep, toJson } from '../codec';
import type { CorruptHandler } from '../codec';

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
  const selectById = db.prepare<[string, number], { key: string; record: string }>(
    'SELECT key, record FROM sessions WHERE id = ? AND expires_at > ?',
  );
  const selectByKey = db.prepare<[string, number], { record: string }>('SELECT record FROM sessions WHERE key = ? AND expires_at > ?');
  const dropStaleId = db.prepare<[string, string, number]>('DELETE FROM sessions WHERE id = ? AND key <> ? AND expires_at <= ?');
  const upsert = db.prepare<{ key: string; id: string; record: string; version: number; expiresAt: number; updatedAt: number }>(
    `INSERT INTO sessions (key, id, record, version, expires_at, updated_at) VALUES (@key, @id, @record, @version, @expiresAt, @updatedAt)
     ON CONFLICT (key) DO UPDATE SET id = excluded.id, record = excluded.record, version = excluded.version,
       expires_at = excluded.expires_at, updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`,
  );
  // One guarded UPDATE: "at this version and not leased" is part of the write, so two processes cannot both win.
  const claim = db.prepare<
    { key: string; version: number; owner: string; until: number; now: number; expiresAt: number },
    { record: string }
  >(
    `UPDATE sessions SET lease_owner = @owner, lease_until = @until, expires_at = @expiresAt
     WHERE key = @key AND expires_at > @now AND version = @version AND (lease_until IS NULL OR lease_until <= @now)
     RETURNING record`,
  );
  const selectState = db.prepare<[string, number], { version: number }>('SELECT version FROM sessions WHERE key = ? AND expires_at > ?');
  const renew = db.prepare<[number, string, string, number]>(
    'UPDATE sessions SET lease_until = ? WHERE key = ? AND lease_owner = ? AND expires_at > ?',
  );
  const commit = db.prepare<{ key: string; owner: string; record: string; version: number; expiresAt: number; updatedAt: number }>(
    `UPDATE sessions SET record = @record, version = @version, expires_at = @expiresAt, updated_at = @updatedAt,
       lease_owner = NULL, lease_until = NULL
     WHERE key = @key AND lease_owner = @owner`,
  );
  const release = db.prepare<[string, string]>(
    'UPDATE sessions SET lease_owner = NULL, lease_until = NULL WHERE key = ? AND lease_owner = ?',
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
    upsert.run({
      key,
      id: record.id,
      record: toJson(record, 'session record'),
      version: record.version,
      expiresAt: at + ttlMs,
      updatedAt: at,
    });
  });

  const claimTx = db.transaction((key: string, version: number, owner: string, leaseMs: number): SessionClaim => {
    const t = now();
    const row = claim.get({ key, version, owner, until: t + leaseMs, now: t, expiresAt: t + ttlMs });
    if (row) {
      const record = parse(key, row.record);
      if (record) return { status: 'claimed', record };
      // A damaged row cannot be worked on: give the lease back and treat it as absent.
      release.run(key, owner);
      return { status: 'missing' };
    }
    const state = selectState.get(key, t);
    if (!state) return { status: 'missing' };
    return state.version === version ? { status: 'busy' } : { status: 'outdated' };
  });

  const checked = (record: SessionRecord): SessionRecord => {
    const result = SessionRecordSchema.safeParse(record);
    if (!result.success) throw new StoreInputError(`session record does not match SessionRecordSchema at: ${issuePaths(result.error)}`);
    return record;
  };

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
      put.immediate(key, checked(record), now());
    },
    async claim(key, { version, owner, leaseMs }) {
      return claimTx.immediate(key, version, owner, leaseMs);
    },
    async renew(key, owner, leaseMs) {
      const t = now();
      return renew.run(t + leaseMs, key, owner, t).changes === 1;
    },
    async commit(key, record, owner) {
      const t = now();
      const text = toJson(checked(record), 'session record');
      return commit.run({ key, owner, record: text, version: record.version, expiresAt: t + ttlMs, updatedAt: t }).changes === 1;
    },
    async release(key, owner) {
      release.run(key, owner);
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
