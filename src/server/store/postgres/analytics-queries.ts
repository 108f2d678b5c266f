import type pg from 'pg';
import type { FunnelResponse, SessionSummary } from '../../../flow/dashboard-api';
import { aggregateFunnel } from '../analytics-aggregate';
import type { EventRow, SessionRow, VisitRow } from '../analytics-aggregate';
import { toSummary } from '../analytics-rows';
import type { AnalyticsSessionRow } from '../analytics-rows';
import type { AnalyticsScope, SessionListQuery } from '../analytics-types';
import { checkLimit, toMs } from '../codec';
import { inTransaction } from './sql';

// The dashboard's reads on PostgreSQL: the same three row sets as SQLite's, in one repeatable-read
// snapshot, aggregated by the same code (analytics-aggregate.ts), so both stores give the same figures.

/** $1 lender, $2 from, $3 to, $4 provider, $5 carrier, $6 province (null: any). */
const SCOPE = `s.lender_id = $1 AND s.demo = 0 AND s.created_at >= $2 AND s.created_at < $3
  AND ($4::text IS NULL OR s.provider = $4) AND ($5::text IS NULL OR s.carrier = $5) AND ($6::text IS NULL OR s.province = $6)`;

const SESSION_ROWS = `SELECT s.provider, s.carrier, s.province, s.created_at, s.opened_at, s.started_at, s.authorized_at, s.data_ready_at, s.outcome
  FROM analytics_sessions s WHERE ${SCOPE}`;
const VISIT_ROWS = `SELECT v.stage, v.duration_ms, v.passed FROM analytics_sessions s JOIN analytics_visits v ON v.session_id = s.session_id WHERE ${SCOPE}`;
const EVENT_ROWS = `SELECT e.kind, e.stage, e.code, e.session_id FROM analytics_sessions s
  JOIN analytics_events e ON e.session_id = s.session_id AND e.kind IN ('error', 'exit') WHERE ${SCOPE}`;

const scopeParams = (scope: AnalyticsScope): unknown[] => [
  scope.lenderId,
  toMs(scope.from, 'from'),
  toMs(scope.to, 'to'),
  scope.provider ?? null,
  scope.carrier ?? null,
  scope.province ?? null,
];

export function createPgAnalyticsQueries(pool: pg.Pool) {
  async function funnel(scope: AnalyticsScope): Promise<Omit<FunnelResponse, 'range'>> {
    const values = scopeParams(scope);
    // rowMode array: plain tuples for the tens of thousands of rows a large lender's month has.
    const read = async <R extends unknown[]>(client: pg.PoolClient, text: string) =>
      (await client.query<R>({ text, values, rowMode: 'array' })).rows;
    return inTransaction(pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const sessions = await read<SessionRow>(client, SESSION_ROWS);
      const visits = await read<VisitRow>(client, VISIT_ROWS);
      const events = await read<EventRow>(client, EVENT_ROWS);
      return aggregateFunnel(sessions, visits, events);
    });
  }

  async function sessions(query: SessionListQuery): Promise<SessionSummary[]> {
    const { rows } = await pool.query<AnalyticsSessionRow & { lender_user_id: string | null }>(
      `SELECT s.*, c.lender_user_id FROM analytics_sessions s LEFT JOIN collections c ON c.session_id = s.session_id
       WHERE ${SCOPE} AND ($7::text IS NULL OR s.outcome = $7)
         AND ($8::bigint IS NULL OR s.created_at < $8 OR (s.created_at = $8 AND s.session_id < $9))
       ORDER BY s.created_at DESC, s.session_id DESC LIMIT $10`,
      [
        ...scopeParams(query),
        query.outcome ?? null,
        query.after ? toMs(query.after.createdAt, 'after.createdAt') : null,
        query.after?.sessionId ?? null,
        checkLimit(query.limit),
      ],
    );
    return rows.map(toSummary);
  }

  return { funnel, sessions };
}
