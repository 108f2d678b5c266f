import type pg from 'pg';
import * as z from 'zod';
import type { Outbox, OutboxEvent, OutboxEventInput, OutboxState, WebhookEventType } from '../types';
import { WEBHOOK_EVENT_TYPES } from '../types';
import { StoreStateError, checkInput, checkLimit, readJson, toIso, toIsoOrNull, toJson, toMs } from '../codec';
import { inTransaction, isUniqueViolation } from './sql';
import type { Queryable } from './sql';

interface OutboxRow {
  id: string;
  seq: number;
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
const COLUMNS =
  'id, seq, lender_id, type, session_id, payload, created_at, attempts, next_attempt_at, delivered_at, dead_at, last_error, replays, replayed_at';
const PENDING = 'delivered_at IS NULL AND dead_at IS NULL';

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

/** Each delivery state as a condition on an outbox row (the same as SQLite's). */
const STATE_WHERE: Record<OutboxState | 'all', string> = {
  pending: `${PENDING} AND attempts = 0`,
  failing: `${PENDING} AND attempts > 0`,
  delivered: 'delivered_at IS NOT NULL',
  dead: 'dead_at IS NOT NULL',
  all: 'TRUE',
};

const byCreation = (a: OutboxRow, b: OutboxRow) => a.created_at - b.created_at || a.seq - b.seq;

/**
 * Enqueues inside the caller's transaction, so an event is recorded exactly when the state change
 * it reports is. A taken id aborts the transaction: the caller's whole write is refused.
 */
export async function insertEvents(client: Queryable, events: readonly OutboxEventInput[]): Promise<void> {
  for (const event of events) {
    const params = [
      event.id,
      event.lenderId,
      checkInput(EventTypeSchema, event.type, `type of webhook event ${event.id}`),
      event.sessionId,
      toJson(checkInput(PayloadSchema, event.payload, `payload of webhook event ${event.id}`), 'webhook payload'),
      toMs(event.createdAt, 'createdAt'),
    ];
    try {
      await client.query(
        `INSERT INTO outbox (id, lender_id, type, session_id, payload, created_at, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $6)`,
        params,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreStateError(`webhook event ${event.id} is already in the outbox`);
      throw error;
    }
  }
}

/** The webhook outbox on PostgreSQL: claims take due events with FOR UPDATE SKIP LOCKED. */
export function createPgOutbox(pool: pg.Pool): Outbox {
  /** A guarded settle; an unknown id is the caller's mistake, an already settled one is not. */
  async function settle(id: string, sql: string, params: unknown[]): Promise<void> {
    const result = await pool.query(sql, params);
    if (result.rowCount === 0) {
      const { rows } = await pool.query('SELECT 1 FROM outbox WHERE id = $1', [id]);
      if (rows.length === 0) throw new StoreStateError(`no webhook event ${id} in the outbox`);
    }
  }
  // Settled events stay as they are: a late retry or duplicate ack changes nothing. Settling ends the lease.
  const ENDS_LEASE = 'lease_owner = NULL, lease_until = NULL';

  return {
    async enqueue(events) {
      if (events.length === 0) return;
      await inTransaction(pool, (client) => insertEvents(client, events));
    },
    async due(now, limit) {
      const { rows } = await pool.query<OutboxRow>(
        `SELECT ${COLUMNS} FROM outbox WHERE ${PENDING} AND next_attempt_at <= $1 ORDER BY created_at, seq LIMIT $2`,
        [toMs(now, 'now'), checkLimit(limit)],
      );
      return rows.map(toEvent);
    },
    async claim(now, limit, lease) {
      const t = toMs(now, 'now');
      // SKIP LOCKED: instances claiming at the same moment take different rows instead of queueing.
      const { rows } = await pool.query<OutboxRow>(
        `UPDATE outbox o SET lease_owner = $3, lease_until = $4
         FROM (SELECT id FROM outbox
               WHERE ${PENDING} AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
               ORDER BY created_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED) due
         WHERE o.id = due.id
         RETURNING ${COLUMNS.split(', ')
           .map((c) => `o.${c}`)
           .join(', ')}`,
        [t, checkLimit(limit), lease.owner, t + lease.ms],
      );
      return rows.sort(byCreation).map(toEvent);
    },
    async release(ids, owner) {
      if (ids.length === 0) return;
      await pool.query(`UPDATE outbox SET ${ENDS_LEASE} WHERE id = ANY($1::text[]) AND lease_owner = $2`, [[...ids], owner]);
    },
    async backlog() {
      const { rows } = await pool.query<{ pending: number; oldest: number | null }>(
        `SELECT count(*)::bigint AS pending, min(created_at) AS oldest FROM outbox WHERE ${PENDING}`,
      );
      return { pending: rows[0]?.pending ?? 0, oldestCreatedAt: toIsoOrNull(rows[0]?.oldest ?? null) };
    },
    async markDelivered(id, at) {
      await settle(id, `UPDATE outbox SET delivered_at = $1, ${ENDS_LEASE} WHERE id = $2 AND ${PENDING}`, [toMs(at, 'at'), id]);
    },
    async markRetry(id, attempts, nextAttemptAt, error) {
      await settle(
        id,
        `UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, ${ENDS_LEASE} WHERE id = $4 AND ${PENDING}`,
        [attempts, toMs(nextAttemptAt, 'nextAttemptAt'), error, id],
      );
    },
    async markDead(id, attempts, at, error) {
      await settle(id, `UPDATE outbox SET attempts = $1, dead_at = $2, last_error = $3, ${ENDS_LEASE} WHERE id = $4 AND ${PENDING}`, [
        attempts,
        toMs(at, 'at'),
        error,
        id,
      ]);
    },
    async get(id) {
      const { rows } = await pool.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = $1`, [id]);
      return rows[0] ? toEvent(rows[0]) : undefined;
    },
    async listBySession(sessionId) {
      const { rows } = await pool.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE session_id = $1 ORDER BY created_at, seq`, [
        sessionId,
      ]);
      return rows.map(toEvent);
    },
    async listByLender(query) {
      const where = Object.hasOwn(STATE_WHERE, query.state ?? 'all') ? STATE_WHERE[query.state ?? 'all'] : undefined;
      if (!where) throw new StoreStateError(`unknown delivery state ${String(query.state)}`);
      const { rows } = await pool.query<OutboxRow>(
        `SELECT ${COLUMNS} FROM outbox WHERE lender_id = $1 AND ${where} AND ($2::text IS NULL OR session_id = $2)
           AND ($3::bigint IS NULL OR created_at < $3 OR (created_at = $3 AND id < $4))
         ORDER BY created_at DESC, id DESC LIMIT $5`,
        [
          query.lenderId,
          query.sessionId ?? null,
          query.after ? toMs(query.after.createdAt, 'after.createdAt') : null,
          query.after?.id ?? null,
          checkLimit(query.limit),
        ],
      );
      return rows.map(toEvent);
    },
    async replay(id, lenderId, at) {
      const atMs = toMs(at, 'at');
      // A replay starts the delivery over: due now, a fresh attempt budget, the same id and body,
      // and no lease (a worker that held it settles nothing more: its settle finds the row pending
      // again and a new claim delivers it).
      const { rows } = await pool.query<OutboxRow>(
        `UPDATE outbox SET delivered_at = NULL, dead_at = NULL, attempts = 0, next_attempt_at = $1, replays = replays + 1,
           replayed_at = $1, ${ENDS_LEASE}
         WHERE id = $2 AND lender_id = $3
         RETURNING ${COLUMNS}`,
        [atMs, id, lenderId],
      );
      return rows[0] ? toEvent(rows[0]) : undefined;
    },
  };
}
