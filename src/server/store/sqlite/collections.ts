import type Database from 'better-sqlite3';
import type { ExtraKind, ExtraResult } from '../../../providers/data-model';
import { PROVIDER_NAMES } from '../../../providers/registry';
import type { ProviderName } from '../../../providers/types';
import type { CollectionInput, CollectionStore, OutboxEventInput, StoredData } from '../types';
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

// Work is due while collecting, and after data_ready while extras are still pending.
const WORKABLE = `(status = 'collecting' OR (status = 'data_ready' AND extras_pending <> '[]'))`;
// Every write of a collection's outcome ends the lease its worker held.
const ENDS_LEASE = 'lease_owner = NULL, lease_until = NULL';
const byDueOrder = (a: CollectionRow, b: CollectionRow) =>
  (a.next_attempt_at ?? 0) - (b.next_attempt_at ?? 0) || (a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0);

export interface SqliteCollections {
  collections: CollectionStore;
  /** collections.wake for use inside another store's transaction (a recorded push). */
  wake(sessionId: string, atMs: number): void;
}

/** Collections and their data; every compound method is one SQLite transaction. */
export function createSqliteCollectionStore(
  db: Database.Database,
  options: { now: () => number; enqueue: (events: readonly OutboxEventInput[]) => void },
): SqliteCollections {
  const { now, enqueue } = options;
  const insert = db.prepare<Record<string, string | number | null>>(
    `INSERT INTO collections (session_id, provider, lender_id, lender_user_id, demo, user_id, task_id, phone, status, stages,
       attempts, next_attempt_at, extras_pending, extra_attempts, failure, authorized_at, updated_at, previous_session_id)
     VALUES (@sessionId, @provider, @lenderId, @lenderUserId, @demo, @userId, @taskId, @phone, 'collecting', '[]',
       0, @nextAttemptAt, @extrasPending, 0, NULL, @authorizedAt, @authorizedAt, @previousSessionId)
     ON CONFLICT (session_id) DO NOTHING`,
  );
  const selectOne = db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE session_id = ?');
  // A push names the session by the id its vendor's descriptor says (our userId or taskId).
  const byUpstream = Object.fromEntries(
    PROVIDER_NAMES.map((provider) => [
      provider,
      db.prepare<[string], CollectionRow>(
        `SELECT * FROM collections WHERE provider = '${provider}' AND ${upstreamColumn(provider)} = ? ORDER BY authorized_at DESC LIMIT 1`,
      ),
    ]),
  ) as Record<ProviderName, Database.Statement<[string], CollectionRow>>;
  const selectDue = db.prepare<[number, number], CollectionRow>(
    `SELECT * FROM collections WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? AND ${WORKABLE}
     ORDER BY next_attempt_at, session_id LIMIT ?`,
  );
  const claim = db.prepare<{ now: number; limit: number; owner: string; until: number }, CollectionRow>(
    `UPDATE collections SET lease_owner = @owner, lease_until = @until
     WHERE session_id IN (
       SELECT session_id FROM collections
       WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= @now AND ${WORKABLE} AND (lease_until IS NULL OR lease_until <= @now)
       ORDER BY next_attempt_at, session_id LIMIT @limit)
     RETURNING *`,
  );
  const releaseOne = db.prepare<[string, string]>(
    'UPDATE collections SET lease_owner = NULL, lease_until = NULL WHERE session_id = ? AND lease_owner = ?',
  );
  const reschedule = db.prepare<{
    sessionId: string;
    attempts: number;
    next: number | null;
    stages: string | null;
    extraAttempts: number | null;
    at: number;
  }>(
    `UPDATE collections SET attempts = @attempts, next_attempt_at = @next, stages = coalesce(@stages, stages),
       extra_attempts = coalesce(@extraAttempts, extra_attempts), updated_at = @at, ${ENDS_LEASE}
     WHERE session_id = @sessionId AND status IN ('collecting', 'data_ready')`,
  );
  const ready = db.prepare<[number, number, number, string]>(
    `UPDATE collections SET status = 'data_ready', ready_at = ?, updated_at = ?, ${ENDS_LEASE},
       next_attempt_at = CASE WHEN extras_pending <> '[]' THEN ? ELSE NULL END
     WHERE session_id = ? AND status = 'collecting'`,
  );
  const putData = db.prepare<{ sessionId: string; data: string; raw: string; extras: string; at: number }>(
    `INSERT INTO collected_data (session_id, data, raw, extras, updated_at) VALUES (@sessionId, @data, @raw, @extras, @at)
     ON CONFLICT (session_id) DO UPDATE SET data = excluded.data, raw = excluded.raw, extras = excluded.extras, updated_at = excluded.updated_at`,
  );
  const selectData = db.prepare<[string], DataRow>('SELECT data, raw, extras FROM collected_data WHERE session_id = ?');
  const selectExtras = db.prepare<[string], { extras: string }>('SELECT extras FROM collected_data WHERE session_id = ?');
  const putExtras = db.prepare<[string, number, string]>('UPDATE collected_data SET extras = ?, updated_at = ? WHERE session_id = ?');
  const pendingExtras = db.prepare<[string, number | null, number, string]>(
    `UPDATE collections SET extras_pending = ?, next_attempt_at = ?, updated_at = ?, ${ENDS_LEASE} WHERE session_id = ? AND status = 'data_ready'`,
  );
  const failed = db.prepare<[string, number, number, string]>(
    `UPDATE collections SET status = 'failed', failure = ?, failed_at = ?, updated_at = ?, next_attempt_at = NULL, ${ENDS_LEASE}
     WHERE session_id = ? AND status = 'collecting'`,
  );
  const wakeOne = db.prepare<{ sessionId: string; at: number }>(
    `UPDATE collections SET next_attempt_at = @at
     WHERE session_id = @sessionId AND ${WORKABLE} AND (next_attempt_at IS NULL OR next_attempt_at > @at)`,
  );

  /** Throws why a guarded update matched nothing (the transaction then rolls back). */
  function refuse(sessionId: string, action: string): never {
    const row = selectOne.get(sessionId);
    throw new StoreStateError(
      row ? `cannot ${action} collection ${sessionId}: it is ${row.status}` : `no collection for session ${sessionId}`,
    );
  }

  const create = db.transaction((input: CollectionInput, events: readonly OutboxEventInput[]) => {
    const created = insert.run(newCollectionRow(input)).changes === 1;
    if (created) enqueue(events);
    return { created };
  });

  const markReady = db.transaction((sessionId: string, stored: StoredData, at: number, events: readonly OutboxEventInput[]) => {
    if (ready.run(at, at, at, sessionId).changes === 0) refuse(sessionId, 'mark ready');
    putData.run({
      sessionId,
      data: toJson(stored.data, 'collected data'),
      raw: toJson(stored.raw, 'raw payloads'),
      extras: toJson(stored.extras, 'extras'),
      at,
    });
    enqueue(events);
  });

  const saveExtras = db.transaction(
    (
      sessionId: string,
      extras: Partial<Record<ExtraKind, ExtraResult>>,
      pending: string,
      next: number | null,
      at: number,
      events: readonly OutboxEventInput[],
    ) => {
      if (pendingExtras.run(pending, next, at, sessionId).changes === 0) refuse(sessionId, 'save extras of');
      const row = selectExtras.get(sessionId);
      if (!row) throw new StoreStateError(`collection ${sessionId} is data_ready but has no stored data`);
      const merged = { ...readJson(row.extras, ExtrasSchema, `extras of collection ${sessionId}`), ...extras };
      putExtras.run(toJson(merged, 'extras'), at, sessionId);
      enqueue(events);
    },
  );

  const inTransaction = db.transaction((run: () => void) => run());

  return {
    wake(sessionId, atMs) {
      wakeOne.run({ sessionId, at: atMs });
    },
    collections: {
      async createAuthorized(input, events) {
        return create.immediate(input, events);
      },
      async get(sessionId) {
        const row = selectOne.get(sessionId);
        return row ? toCollectionRecord(row) : undefined;
      },
      async findByUpstream(provider, upstreamKey) {
        const row = byUpstream[provider].get(upstreamKey);
        return row ? toCollectionRecord(row) : undefined;
      },
      async due(nowIso, limit) {
        return selectDue.all(toMs(nowIso, 'now'), checkLimit(limit)).map(toCollectionRecord);
      },
      async claim(nowIso, limit, lease) {
        const t = toMs(nowIso, 'now');
        const rows = claim.all({ now: t, limit: checkLimit(limit), owner: lease.owner, until: t + lease.ms });
        return rows.sort(byDueOrder).map(toCollectionRecord);
      },
      async release(sessionIds, owner) {
        inTransaction.immediate(() => {
          for (const id of sessionIds) releaseOne.run(id, owner);
        });
      },
      async reschedule(sessionId, update, events) {
        const params = {
          sessionId,
          attempts: update.attempts,
          next: toMsOrNull(update.nextAttemptAt, 'nextAttemptAt'),
          stages: update.stages === undefined ? null : toJson(update.stages, 'stages'),
          extraAttempts: update.extraAttempts ?? null,
          at: now(),
        };
        inTransaction.immediate(() => {
          if (reschedule.run(params).changes === 0) refuse(sessionId, 'reschedule');
          enqueue(events);
        });
      },
      async markReady(sessionId, stored, at, events) {
        const checked = checkInput(StoredDataSchema, stored, 'stored data');
        markReady.immediate(sessionId, checked, toMs(at, 'at'), events);
      },
      async saveExtras(sessionId, extras, pending, nextAttemptAt, at, events = []) {
        const checked = checkInput(ExtrasSchema, extras, 'extras');
        saveExtras.immediate(sessionId, checked, extrasJson(pending), toMsOrNull(nextAttemptAt, 'nextAttemptAt'), toMs(at, 'at'), events);
      },
      async markFailed(sessionId, failure, at, events) {
        const failureText = failureJson(failure);
        const atMs = toMs(at, 'at');
        inTransaction.immediate(() => {
          if (failed.run(failureText, atMs, atMs, sessionId).changes === 0) refuse(sessionId, 'mark failed');
          enqueue(events);
        });
      },
      async data(sessionId) {
        const row = selectData.get(sessionId);
        return row ? toStoredData(sessionId, row) : undefined;
      },
      async wake(sessionId, at) {
        wakeOne.run({ sessionId, at: toMs(at, 'at') });
      },
    },
  };
}
