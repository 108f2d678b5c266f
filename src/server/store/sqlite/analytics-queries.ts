import type Database from 'better-sqlite3';
import type { FunnelResponse, SessionSummary } from '../../../flow/dashboard-api';
import { aggregateFunnel } from '../analytics-aggregate';
import type { EventRow, SessionRow, VisitRow } from '../analytics-aggregate';
import type { AnalyticsScope, SessionListQuery } from '../analytics-types';
import { checkLimit, toMs } from '../codec';
import { toSummary } from '../analytics-rows';
import type { AnalyticsSessionRow } from '../analytics-rows';

// The dashboard's reads. Every one starts from one lender's sessions in a time range (the
// analytics_sessions_by_lender index) and reaches visits and events by session id; the funnel
// reads three plain row sets in one snapshot and aggregates them in one pass (analytics-aggregate.ts).

const SCOPE = `s.lender_id = @lenderId AND s.demo = 0 AND s.created_at >= @from AND s.created_at < @to
  AND (@provider IS NULL OR s.provider = @provider) AND (@carrier IS NULL OR s.carrier = @carrier)
  AND (@province IS NULL OR s.province = @province)`;

interface ScopeParams {
  lenderId: string;
  from: number;
  to: number;
  provider: string | null;
  carrier: string | null;
  province: string | null;
}

export function createAnalyticsQueries(db: Database.Database) {
  // `.raw()`: arrays rather than objects, for the tens of thousands of rows a large lender's month has.
  const sessionRows = db
    .prepare<ScopeParams, SessionRow>(
      `SELECT s.provider, s.carrier, s.province, s.created_at, s.opened_at, s.started_at, s.authorized_at, s.data_ready_at, s.outcome
       FROM analytics_sessions s WHERE ${SCOPE}`,
    )
    .raw(true);
  const visitRows = db
    .prepare<ScopeParams, VisitRow>(
      `SELECT v.stage, v.duration_ms, v.passed FROM analytics_sessions s JOIN analytics_visits v ON v.session_id = s.session_id WHERE ${SCOPE}`,
    )
    .raw(true);
  // The covering index (session_id, kind, stage, code) answers this without reading the events table.
  const eventRows = db
    .prepare<ScopeParams, EventRow>(
      `SELECT e.kind, e.stage, e.code, e.session_id FROM analytics_sessions s
       JOIN analytics_events e ON e.session_id = s.session_id AND e.kind IN ('error', 'exit') WHERE ${SCOPE}`,
    )
    .raw(true);
  const list = db.prepare<
    ScopeParams & { outcome: string | null; afterAt: number | null; afterId: string | null; limit: number },
    AnalyticsSessionRow & { lender_user_id: string | null }
  >(
    `SELECT s.*, c.lender_user_id FROM analytics_sessions s LEFT JOIN collections c ON c.session_id = s.session_id
     WHERE ${SCOPE} AND (@outcome IS NULL OR s.outcome = @outcome)
       AND (@afterAt IS NULL OR s.created_at < @afterAt OR (s.created_at = @afterAt AND s.session_id < @afterId))
     ORDER BY s.created_at DESC, s.session_id DESC LIMIT @limit`,
  );

  const params = (scope: AnalyticsScope): ScopeParams => ({
    lenderId: scope.lenderId,
    from: toMs(scope.from, 'from'),
    to: toMs(scope.to, 'to'),
    provider: scope.provider ?? null,
    carrier: scope.carrier ?? null,
    province: scope.province ?? null,
  });

  // One read transaction: the three row sets come from the same snapshot.
  const read = db.transaction((p: ScopeParams) => ({ sessions: sessionRows.all(p), visits: visitRows.all(p), events: eventRows.all(p) }));

  async function funnel(scope: AnalyticsScope): Promise<Omit<FunnelResponse, 'range'>> {
    const { sessions, visits, events } = read(params(scope));
    return aggregateFunnel(sessions, visits, events);
  }

  async function sessions(query: SessionListQuery): Promise<SessionSummary[]> {
    const rows = list.all({
      ...params(query),
      outcome: query.outcome ?? null,
      afterAt: query.after ? toMs(query.after.createdAt, 'after.createdAt') : null,
      afterId: query.after?.sessionId ?? null,
      limit: checkLimit(query.limit),
    });
    return rows.map(toSummary);
  }

  return { funnel, sessions };
}
