import type pg from 'pg';
import { LinkRecordSchema, linkState } from '../../link/schemas';
import type { LinkRecord } from '../../link/schemas';
import { LINK_RETENTION_MS } from '../../link/store';
import type { ConsumeResult } from '../../link/store';
import type { DurableStore } from '../types';
import { StoreInputError, issuePaths, parseJson, startSweep, toIso, toJson, toMs } from '../codec';
import type { CorruptHandler } from '../codec';
import { inTransaction } from './sql';

interface LinkRow {
  key: string;
  record: string;
}

/** Links keyed by sha256(link token), kept LINK_RETENTION_MS past expiry; `consume` locks the row. */
export function createPgLinkStore(
  pool: pg.Pool,
  options: { now: () => number; sweepIntervalMs?: number; onCorrupt?: CorruptHandler },
): DurableStore['links'] {
  const { now } = options;
  const parse = (row: LinkRow): LinkRecord | undefined => {
    const json = parseJson(row.record);
    const parsed = json ? LinkRecordSchema.safeParse(json.value) : undefined;
    if (parsed?.success) return parsed.data;
    options.onCorrupt?.('links', row.key);
    return undefined;
  };
  const timer = startSweep(
    () => void pool.query('DELETE FROM links WHERE forget_at <= $1', [now()]).catch(() => undefined),
    options.sweepIntervalMs ?? 60_000,
  );

  return {
    async put(key, record) {
      const checked = LinkRecordSchema.safeParse(record);
      if (!checked.success) throw new StoreInputError(`link record does not match LinkRecordSchema at: ${issuePaths(checked.error)}`);
      const expiresAt = toMs(record.expiresAt, 'expiresAt');
      const usedAt = record.usedAt === undefined ? null : toMs(record.usedAt, 'usedAt');
      await pool.query(
        `INSERT INTO links (key, session_id, record, expires_at, used_at, forget_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET session_id = excluded.session_id, record = excluded.record,
           expires_at = excluded.expires_at, used_at = excluded.used_at, forget_at = excluded.forget_at`,
        [key, record.sessionId, toJson(record, 'link record'), expiresAt, usedAt, expiresAt + LINK_RETENTION_MS],
      );
    },
    async get(key) {
      const { rows } = await pool.query<LinkRow>('SELECT key, record FROM links WHERE key = $1 AND forget_at > $2', [key, now()]);
      return rows[0] ? parse(rows[0]) : undefined;
    },
    async findBySessionId(sessionId) {
      const { rows } = await pool.query<LinkRow>(
        'SELECT key, record FROM links WHERE session_id = $1 AND forget_at > $2 ORDER BY seq DESC LIMIT 1',
        [sessionId, now()],
      );
      return rows[0] ? parse(rows[0]) : undefined;
    },
    async consume(key, at): Promise<ConsumeResult> {
      if (!Number.isFinite(at)) throw new StoreInputError(`consume time must be epoch milliseconds, got ${at}`);
      return inTransaction(pool, async (client) => {
        // FOR UPDATE: a concurrent consume waits here, then reads the link as used.
        const { rows } = await client.query<LinkRow>('SELECT key, record FROM links WHERE key = $1 AND forget_at > $2 FOR UPDATE', [
          key,
          now(),
        ]);
        const record = rows[0] ? parse(rows[0]) : undefined;
        if (!record) return 'unknown';
        const state = linkState(record, at);
        if (state !== 'unused') return state;
        const used: LinkRecord = { ...record, usedAt: toIso(at) };
        const result = await client.query(
          'UPDATE links SET used_at = $1, record = $2 WHERE key = $3 AND used_at IS NULL AND expires_at > $1',
          [at, toJson(used, 'link record'), key],
        );
        return result.rowCount === 1 ? 'ok' : 'used';
      });
    },
    async close() {
      clearInterval(timer);
    },
  };
}
