import type Database from 'better-sqlite3';
import * as z from 'zod';
import type { Outbox, OutboxEvent, OutboxEventInput, OutboxState, WebhookEventType } from '../types';
import { WEBHOOK_EVENT_TYPES } from '../types';
import { StoreStateError, checkInput, checkLimit, readJson, toIso, toIsoOrNull, toJson, toMs } from '../codec';

interface OutboxRow {
  id: string;
  lender_id: string;
  type: WebhookEventType;
  session_id: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  dead_at: number | null;
  last_error: string | null;
  replays: number;
  replayed_at: number | null;
}

const PayloadSchema = z.record(z.string(), z.unknown());
const EventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

const toEvent = (row: OutboxRow): OutboxEvent => ({
  id: row.id,
  lenderId: row.lender_id,
  type: row.type,
  sessionId: row.session_id,
  payload: readJson(row.payload, PayloadSchema, `payload of webhook event ${row.id}`),
  createdAt: toIso(row.created_at),
  attempts: row.attempts,
  nextAttemptAt: toIso(row.next_attempt_at),
  deliveredAt: toIsoOrNull(row.delivered_at),
  deadAt: toIsoOrNull(row.dead_at),
  lastError: row.last_error,
  replays: row.replays,
  replayedAt: toIsoOrNull(row.replayed_at),
});

/** Each delivery state as a condition on an outbox row. */
const STATE_WHERE: Record<OutboxState, string> = {
  pending: 'delivered_at IS NULL AND dead_at IS NULL AND attempts = 0',
  failing: 'delivered_at IS NULL AND dead_at IS NULL AND attempts > 0',
  delivered: 'delivered_at IS NOT NULL',
  dead: 'dead_at IS NOT NULL',
};

const isConstraint = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_CONSTRAINT');

/**
 * The webhook outbox. `insert` is the synchronous form the other stores call inside their own
 * transactions, so an event is enqueued exactly when the state change it reports is recorded.
 */
export function createSqliteOutbox(db: Database.Database): { outbox: Outbox; insert(events: readonly OutboxEventInput[]): void } {
  const insertOne = db.prepare<{ id: string; lenderId: string; type: string; sessionId: string; payload: string; createdAt: number }>(
    `INSERT INTO outbox (id, lender_id, type, session_id, payload, created_at, attempts, next_attempt_at)
     VALUES (@id, @lenderId, @type, @sessionId, @payload, @createdAt, 0, @createdAt)`,
  );
  const selectOne = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
  const selectDue = db.prepare<[number, number], OutboxRow>(
    `SELECT * FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= ?
     ORDER BY created_at, rowid LIMIT ?`,
  );
  const selectBySession = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE session_id = ? ORDER BY created_at, rowid');
  const claim = db.prepare<{ now: number; limit: number; owner: string; until: number }, OutboxRow & { seq: number }>(
    `UPDATE outbox SET lease_owner = @owner, lease_until = @until
     WHERE rowid IN (
       SELECT rowid FROM outbox
       WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
       ORDER BY created_at, rowid LIMIT @limit)
     RETURNING *, rowid AS seq`,
  );
  const releaseOne = db.prepare<[string, string]>(
    'UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?',
  );
  const backlog = db.prepare<[], { pending: number; oldest: number | null }>(
    'SELECT count(*) AS pending, min(created_at) AS oldest FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL',
  );
  // Settled events (delivered or dead) stay as they are: a late retry or duplicate ack changes nothing.
  // Settling ends the lease of the worker that attempted it.
  const delivered = db.prepare<[number, string]>(
    'UPDATE outbox SET delivered_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND delivered_at IS NULL AND dead_at IS NULL',
  );
  const retry = db.prepare<[number, number, string, string]>(
    `UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND delivered_at IS NULL AND dead_at IS NULL`,
  );
  const dead = db.prepare<[number, number, string, string]>(
    `UPDATE outbox SET attempts = ?, dead_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND delivered_at IS NULL AND dead_at IS NULL`,
  );

  const byLender = Object.fromEntries(
    [...Object.entries(STATE_WHERE), ['all', '1 = 1']].map(([state, where]) => [
      state,
      db.prepare<{ lenderId: string; sessionId: string | null; afterAt: number | null; afterId: string | null; limit: number }, OutboxRow>(
        `SELECT * FROM outbox WHERE lender_id = @lenderId AND ${where} AND (@sessionId IS NULL OR session_id = @sessionId)
           AND (@afterAt IS NULL OR created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))
         ORDER BY created_at DESC, id DESC LIMIT @limit`,
      ),
    ]),
  );
  // A replay starts the delivery over: due now, a fresh attempt budget, the same id and body.
  const replay = db.prepare<[number, number, string, string]>(
    `UPDATE outbox SET delivered_at = NULL, dead_at = NULL, attempts = 0, next_attempt_at = ?, replays = replays + 1, replayed_at = ?,
       lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND lender_id = ?`,
  );

  function insert(events: readonly OutboxEventInput[]): void {
    for (const event of events) {
      const params = {
        id: event.id,
        lenderId: event.lenderId,
        type: checkInput(EventTypeSchema, event.type, `type of webhook event ${event.id}`),
        sessionId: event.sessionId,
        payload: toJson(checkInput(PayloadSchema, event.payload, `payload of webhook event ${event.id}`), 'webhook payload'),
        createdAt: toMs(event.createdAt, 'createdAt'),
      };
      try {
        insertOne.run(params);
      } catch (error) {
        if (isConstraint(error)) throw new StoreStateError(`webhook event ${event.id} is already in the outbox`);
        throw error;
      }
    }
  }

  /** Runs a guarded settle; an unknown id is the caller's mistake, an already settled one is not. */
  function settle(id: string, run: () => number): void {
    if (run() === 0 && !selectOne.get(id)) throw new StoreStateError(`no webhook event ${id} in the outbox`);
  }

  const enqueue = db.transaction(insert);
  const releaseAll = db.transaction((ids: readonly string[], owner: string) => {
    for (const id of ids) releaseOne.run(id, owner);
  });

  return {
    insert,
    outbox: {
      async enqueue(events) {
        enqueue.immediate(events);
      },
      async due(now, limit) {
        return selectDue.all(toMs(now, 'now'), checkLimit(limit)).map(toEvent);
      },
      async claim(now, limit, lease) {
        const t = toMs(now, 'now');
        const rows = claim.all({ now: t, limit: checkLimit(limit), owner: lease.owner, until: t + lease.ms });
        return rows.sort((a, b) => a.created_at - b.created_at || a.seq - b.seq).map(toEvent);
      },
      async release(ids, owner) {
        releaseAll.immediate(ids, owner);
      },
      async backlog() {
        const row = backlog.get();
        return { pending: row?.pending ?? 0, oldestCreatedAt: toIsoOrNull(row?.oldest ?? null) };
      },
      async markDelivered(id, at) {
        const atMs = toMs(at, 'at');
        settle(id, () => delivered.run(atMs, id).changes);
      },
      async markRetry(id, attempts, nextAttemptAt, error) {
        const nextMs = toMs(nextAttemptAt, 'nextAttemptAt');
        settle(id, () => retry.run(attempts, nextMs, error, id).changes);
      },
      async markDead(id, attempts, at, error) {
        const atMs = toMs(at, 'at');
        settle(id, () => dead.run(attempts, atMs, error, id).changes);
      },
      async get(id) {
        const row = selectOne.get(id);
        return row ? toEvent(row) : undefined;
      },
      async listBySession(sessionId) {
        return selectBySession.all(sessionId).map(toEvent);
      },
      async listByLender(query) {
        const statement = byLender[query.state ?? 'all'];
        if (!statement) throw new StoreStateError(`unknown delivery state ${String(query.state)}`);
        return statement
          .all({
            lenderId: query.lenderId,
            sessionId: query.sessionId ?? null,
            afterAt: query.after ? toMs(query.after.createdAt, 'after.createdAt') : null,
            afterId: query.after?.id ?? null,
            limit: checkLimit(query.limit),
          })
          .map(toEvent);
      },
      async replay(id, lenderId, at) {
        const atMs = toMs(at, 'at');
        if (replay.run(atMs, atMs, id, lenderId).changes === 0) return undefined;
        const row = selectOne.get(id);
        return row ? toEvent(row) : undefined;
      },
    },
  };
}
