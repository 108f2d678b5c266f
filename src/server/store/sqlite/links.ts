import type Database from 'better-sqlite3';
import { LinkRecordSchema, linkState } from '../../link/schemas';
import type { LinkRecord } from '../../link/schemas';
import { LINK_RETENTION_MS } from '../../link/store';
import type { ConsumeResult } from '../../link/store';
import type { DurableStore } from '../types';
import { StoreInputError, issuePaths, parseJson, startSweep, toIso, toJson, toMs } from '../codec';
import type { CorruptHandler } from '../codec';

export interface SqliteLinkStoreOptions {
  now: () => number;
  /** How often forgotten links are deleted (default 60 s, like the memory store). */
  sweepIntervalMs?: number;
  onCorrupt?: CorruptHandler;
}

interface LinkRow {
  key: string;
  record: string;
}

/**
 * Links keyed by sha256(link token), kept LINK_RETENTION_MS past expiry. `used_at` and
 * `expires_at` mirror the record so the single-use check is one guarded UPDATE.
 */
export function createSqliteLinkStore(db: Database.Database, options: SqliteLinkStoreOptions): DurableStore['links'] {
  const { now } = options;
  const selectByKey = db.prepare<[string, number], LinkRow>('SELECT key, record FROM links WHERE key = ? AND forget_at > ?');
  const selectBySession = db.prepare<[string, number], LinkRow>(
    'SELECT key, record FROM links WHERE session_id = ? AND forget_at > ? ORDER BY rowid DESC LIMIT 1',
  );
  const upsert = db.prepare<{ key: string; sessionId: string; record: string; expiresAt: number; usedAt: number | null; forgetAt: number }>(
    `INSERT INTO links (key, session_id, record, expires_at, used_at, forget_at)
     VALUES (@key, @sessionId, @record, @expiresAt, @usedAt, @forgetAt)
     ON CONFLICT (key) DO UPDATE SET session_id = excluded.session_id, record = excluded.record,
       expires_at = excluded.expires_at, used_at = excluded.used_at, forget_at = excluded.forget_at`,
  );
  // The guard makes "unused and unexpired" part of the write itself, so two processes cannot both win.
  const markUsed = db.prepare<[number, string, string, number]>(
    'UPDATE links SET used_at = ?, record = ? WHERE key = ? AND used_at IS NULL AND expires_at > ?',
  );
  const sweep = db.prepare<[number]>('DELETE FROM links WHERE forget_at <= ?');

  const parse = (row: LinkRow): LinkRecord | undefined => {
    const json = parseJson(row.record);
    const parsed = json ? LinkRecordSchema.safeParse(json.value) : undefined;
    if (parsed?.success) return parsed.data;
    options.onCorrupt?.('links', row.key);
    return undefined;
  };

  const consume = db.transaction((key: string, at: number): ConsumeResult => {
    const row = selectByKey.get(key, now());
    const record = row ? parse(row) : undefined;
    if (!record) return 'unknown';
    const state = linkState(record, at);
    if (state !== 'unused') return state;
    const used: LinkRecord = { ...record, usedAt: toIso(at) };
    return markUsed.run(at, toJson(used, 'link record'), key, at).changes === 1 ? 'ok' : 'used';
  });

  const timer = startSweep(() => sweep.run(now()), options.sweepIntervalMs ?? 60_000);

  return {
    async put(key, record) {
      const checked = LinkRecordSchema.safeParse(record);
      if (!checked.success) throw new StoreInputError(`link record does not match LinkRecordSchema at: ${issuePaths(checked.error)}`);
      const expiresAt = toMs(record.expiresAt, 'expiresAt');
      upsert.run({
        key,
        sessionId: record.sessionId,
        record: toJson(record, 'link record'),
        expiresAt,
        usedAt: record.usedAt === undefined ? null : toMs(record.usedAt, 'usedAt'),
        forgetAt: expiresAt + LINK_RETENTION_MS,
      });
    },
    async get(key) {
      const row = selectByKey.get(key, now());
      return row ? parse(row) : undefined;
    },
    async findBySessionId(sessionId) {
      const row = selectBySession.get(sessionId, now());
      return row ? parse(row) : undefined;
    },
    async consume(key, at) {
      if (!Number.isFinite(at)) throw new StoreInputError(`consume time must be epoch milliseconds, got ${at}`);
      return consume.immediate(key, at);
    },
    // Stops this store's sweep; the database itself is closed by DurableStore.close().
    async close() {
      clearInterval(timer);
    },
  };
}
