import type pg from 'pg';
import type { CollectionStore } from '../types';
import { StoreStateError, checkInput, checkLimit, readJson, toJson, toMs, toMsOrNull } from '../codec';
import {
  ExtrasSchema,
  StoredDataSchema,
  extrasJson,
  failureJson,
  newCollectionRow,
  toCollectionRecord,
  toStoredData,
} from '../collection-rows';
import { upstreamColumn } from '../collection-rows';
import type { CollectionRow, DataRow } from '../collection-rows';
import { insertEvents } from './outbox';
import { inTransaction } from './sql';
import type { Queryable } from './sql';

// Work is due while collecting, and after data_ready while extras are still pending.
const WORKABLE = `(status = 'collecting' OR (status = 'data_ready' AND extras_pending <> '[]'))`;
// Every write of a collection's outcome ends the lease its worker held.
const ENDS_LEASE = 'lease_owner = NULL, lease_until = NULL';
const COLUMNS = `session_id, provider, lender_id, lender_user_id, demo, user_id, task_id, phone, status, stages, attempts,
  next_attempt_at, extras_pending, extra_attempts, failure, authorized_at, updated_at, ready_at, failed_at, purged_at, previous_session_id`;

const byDueOrder = (a: CollectionRow, b: CollectionRow) =>
  (a.next_attempt_at ?? 0) - (b.next_attempt_at ?? 0) || (a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0);

/** Moves a collection's next attempt earlier (a push came); inside the caller's transaction when it has one. */
export async function wakeCollection(client: Queryable, sessionId: string, atMs: number): Promise<void> {
  await client.query(
    `UPDATE collections SET next_attempt_at = $2
     WHERE session_id = $1 AND ${WORKABLE} AND (next_attempt_at IS NULL OR next_attempt_at > $2)`,
    [sessionId, atMs],
  );
}

/** Collections and their data on PostgreSQL; every compound method is one transaction. */
export function createPgCollectionStore(pool: pg.Pool, options: { now: () => number }): CollectionStore {
  const { now } = options;

  /** Throws why a guarded update matched nothing (the transaction then rolls back). */
  async function refuse(client: Queryable, sessionId: string, action: string): Promise<never> {
    const { rows } = await client.query<{ status: string }>('SELECT status FROM collections WHERE session_id = $1', [sessionId]);
    const row = rows[0];
    throw new StoreStateError(
      row ? `cannot ${action} collection ${sessionId}: it is ${row.status}` : `no collection for session ${sessionId}`,
    );
  }

  return {
    async createAuthorized(input, events) {
      const row = newCollectionRow(input);
      return inTransaction(pool, async (client) => {
        const inserted = await client.query(
          `INSERT INTO collections (session_id, provider, lender_id, lender_user_id, demo, user_id, task_id, phone, status, stages,
             attempts, next_attempt_at, extras_pending, extra_attempts, failure, authorized_at, updated_at, previous_session_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'collecting', '[]', 0, $9, $10, 0, NULL, $11, $11, $12)
           ON CONFLICT (session_id) DO NOTHING`,
          [
            row.sessionId,
            row.provider,
            row.lenderId,
            row.lenderUserId,
            row.demo,
            row.userId,
            row.taskId,
            row.phone,
            row.nextAttemptAt,
            row.extrasPending,
            row.authorizedAt,
            row.previousSessionId,
          ],
        );
        const created = inserted.rowCount === 1;
        if (created) await insertEvents(client, events);
        return { created };
      });
    },
    async get(sessionId) {
      const { rows } = await pool.query<CollectionRow>(`SELECT ${COLUMNS} FROM collections WHERE session_id = $1`, [sessionId]);
      return rows[0] ? toCollectionRecord(rows[0]) : undefined;
    },
    async findByUpstream(provider, upstreamKey) {
      const { rows } = await pool.query<CollectionRow>(
        `SELECT ${COLUMNS} FROM collections WHERE provider = $1 AND ${upstreamColumn(provider)} = $2 ORDER BY authorized_at DESC LIMIT 1`,
        [provider, upstreamKey],
      );
      return rows[0] ? toCollectionRecord(rows[0]) : undefined;
    },
    async due(nowIso, limit) {
      const { rows } = await pool.query<CollectionRow>(
        `SELECT ${COLUMNS} FROM collections WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1 AND ${WORKABLE}
         ORDER BY next_attempt_at, session_id LIMIT $2`,
        [toMs(nowIso, 'now'), checkLimit(limit)],
      );
      return rows.map(toCollectionRecord);
    },
    async claim(nowIso, limit, lease) {
      const t = toMs(nowIso, 'now');
      // SKIP LOCKED: instances claiming at the same moment take different collections instead of queueing.
      const { rows } = await pool.query<CollectionRow>(
        `UPDATE collections c SET lease_owner = $3, lease_until = $4
         FROM (SELECT session_id FROM collections
               WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1 AND ${WORKABLE}
                 AND (lease_until IS NULL OR lease_until <= $1)
               ORDER BY next_attempt_at, session_id LIMIT $2 FOR UPDATE SKIP LOCKED) due
         WHERE c.session_id = due.session_id
         RETURNING ${COLUMNS.split(',')
           .map((c) => `c.${c.trim()}`)
           .join(', ')}`,
        [t, checkLimit(limit), lease.owner, t + lease.ms],
      );
      return rows.sort(byDueOrder).map(toCollectionRecord);
    },
    async release(sessionIds, owner) {
      if (sessionIds.length === 0) return;
      await pool.query(`UPDATE collections SET ${ENDS_LEASE} WHERE session_id = ANY($1::text[]) AND lease_owner = $2`, [
        [...sessionIds],
        owner,
      ]);
    },
    async reschedule(sessionId, update, events) {
      const params = [
        sessionId,
        update.attempts,
        toMsOrNull(update.nextAttemptAt, 'nextAttemptAt'),
        update.stages === undefined ? null : toJson(update.stages, 'stages'),
        update.extraAttempts ?? null,
        now(),
      ];
      await inTransaction(pool, async (client) => {
        const result = await client.query(
          `UPDATE collections SET attempts = $2, next_attempt_at = $3, stages = coalesce($4, stages),
             extra_attempts = coalesce($5, extra_attempts), updated_at = $6, ${ENDS_LEASE}
           WHERE session_id = $1 AND status IN ('collecting', 'data_ready')`,
          params,
        );
        if (result.rowCount === 0) await refuse(client, sessionId, 'reschedule');
        await insertEvents(client, events);
      });
    },
    async markReady(sessionId, stored, at, events) {
      const checked = checkInput(StoredDataSchema, stored, 'stored data');
      const atMs = toMs(at, 'at');
      const data = toJson(checked.data, 'collected data');
      const raw = toJson(checked.raw, 'raw payloads');
      const extras = toJson(checked.extras, 'extras');
      await inTransaction(pool, async (client) => {
        const result = await client.query(
          `UPDATE collections SET status = 'data_ready', ready_at = $1::bigint, updated_at = $1::bigint, ${ENDS_LEASE},
             next_attempt_at = CASE WHEN extras_pending <> '[]' THEN $1::bigint ELSE NULL END
           WHERE session_id = $2 AND status = 'collecting'`,
          [atMs, sessionId],
        );
        if (result.rowCount === 0) await refuse(client, sessionId, 'mark ready');
        await client.query(
          `INSERT INTO collected_data (session_id, data, raw, extras, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (session_id) DO UPDATE SET data = excluded.data, raw = excluded.raw, extras = excluded.extras, updated_at = excluded.updated_at`,
          [sessionId, data, raw, extras, atMs],
        );
        await insertEvents(client, events);
      });
    },
    async saveExtras(sessionId, extras, pending, nextAttemptAt, at, events = []) {
      const checked = checkInput(ExtrasSchema, extras, 'extras');
      const pendingText = extrasJson(pending);
      const next = toMsOrNull(nextAttemptAt, 'nextAttemptAt');
      const atMs = toMs(at, 'at');
      await inTransaction(pool, async (client) => {
        const result = await client.query(
          `UPDATE collections SET extras_pending = $1, next_attempt_at = $2, updated_at = $3, ${ENDS_LEASE}
           WHERE session_id = $4 AND status = 'data_ready'`,
          [pendingText, next, atMs, sessionId],
        );
        if (result.rowCount === 0) await refuse(client, sessionId, 'save extras of');
        const { rows } = await client.query<{ extras: string }>('SELECT extras FROM collected_data WHERE session_id = $1 FOR UPDATE', [
          sessionId,
        ]);
        const row = rows[0];
        if (!row) throw new StoreStateError(`collection ${sessionId} is data_ready but has no stored data`);
        const merged = { ...readJson(row.extras, ExtrasSchema, `extras of collection ${sessionId}`), ...checked };
        await client.query('UPDATE collected_data SET extras = $1, updated_at = $2 WHERE session_id = $3', [
          toJson(merged, 'extras'),
          atMs,
          sessionId,
        ]);
        await insertEvents(client, events);
      });
    },
    async markFailed(sessionId, failure, at, events) {
      const failureText = failureJson(failure);
      const atMs = toMs(at, 'at');
      await inTransaction(pool, async (client) => {
        const result = await client.query(
          `UPDATE collections SET status = 'failed', failure = $1, failed_at = $2, updated_at = $2, next_attempt_at = NULL, ${ENDS_LEASE}
           WHERE session_id = $3 AND status = 'collecting'`,
          [failureText, atMs, sessionId],
        );
        if (result.rowCount === 0) await refuse(client, sessionId, 'mark failed');
        await insertEvents(client, events);
      });
    },
    async data(sessionId) {
      const { rows } = await pool.query<DataRow>('SELECT data, raw, extras FROM collected_data WHERE session_id = $1', [sessionId]);
      return rows[0] ? toStoredData(sessionId, rows[0]) : undefined;
    },
    async wake(sessionId, at) {
      await wakeCollection(pool, sessionId, toMs(at, 'at'));
    },
  };
}
