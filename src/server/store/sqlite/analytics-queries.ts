import type Database from 'better-sqlite3';
import type { FunnelResponse, SessionSummary } from '../../../flow/dashboard-api';
import { funnelFromGroups } from '../analytics-aggregate';
import type { FunnelGroups } from '../analytics-aggregate';
import { BEIJING_OFFSET_MS, DAY_MS } from '../analytics-groups';
import type { AnalyticsScope, SessionListQuery } from '../analytics-types';
import { checkLimit, toMs } from '../codec';
import { toSummary } from '../analytics-rows';
import type { AnalyticsSessionRow } from '../analytics-rows';

// The dashboard's reads. Every one starts from one lender's sessions in a time range (the
// analytics_sessions_by_lender index) and reaches visits and events by session id; the funnel
// reads four grouped sets in one snapshot and finishes them in analytics-aggregate.ts.

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
  // Grouped in SQL, each group's values for the medians as one JSON array: better-sqlite3 turning a
  // large lender's hundred thousand visit rows into JavaScript arrays costs several times what
  // SQLite spends reading and grouping them. `.raw()`: arrays rather than objects.
  const sessionGroups = db
    .prepare<ScopeParams, [string | null, string | null, string | null, number, number, number, number, number, number, number, string]>(
      `SELECT s.provider, s.carrier, s.province, (s.created_at + ${BEIJING_OFFSET_MS}) / ${DAY_MS} AS day, count(*),
         count(s.opened_at), count(s.started_at), count(s.authorized_at), count(s.data_ready_at), count(*) FILTER (WHERE s.outcome = 'failed'),
         json_group_array(s.authorized_at - s.started_at) FILTER (WHERE s.authorized_at IS NOT NULL AND s.started_at IS NOT NULL)
       FROM analytics_sessions s WHERE ${SCOPE} GROUP BY 1, 2, 3, 4`,
    )
    .raw(true);
  const stageGroups = db
    .prepare<ScopeParams, [string, number, number, string]>(
      `SELECT v.stage, count(*), count(*) FILTER (WHERE v.passed = 1),
         json_group_array(v.duration_ms) FILTER (WHERE v.passed = 1 AND v.duration_ms IS NOT NULL)
       FROM analytics_sessions s JOIN analytics_visits v ON v.session_id = s.session_id WHERE ${SCOPE} GROUP BY 1`,
    )
    .raw(true);
  // Errors and exits in one pass, without a stage under '' and without a code under 'unknown' (as
  // groupRows counts them; neither is an exit reason). The covering index (session_id, kind, stage, code) answers it
  // without reading the events table.
  const eventGroups = db
    .prepare<ScopeParams, ['error' | 'exit', string, string, number, number]>(
      `SELECT e.kind, coalesce(e.stage, ''), coalesce(e.code, 'unknown'), count(*), count(DISTINCT e.session_id) FROM analytics_sessions s
       JOIN analytics_events e ON e.session_id = s.session_id AND e.kind IN ('error', 'exit') WHERE ${SCOPE} GROUP BY 1, 2, 3`,
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

  const values = (json: string): number[] => JSON.parse(json) as number[];
  const events = (rows: Array<['error' | 'exit', string, string, number, number]>): Pick<FunnelGroups, 'errors' | 'exits'> => {
    const errors: FunnelGroups['errors'] = [];
    const exits: FunnelGroups['exits'] = [];
    for (const [kind, stage, code, count, sessions] of rows) {
      if (kind === 'error') errors.push({ stage, code, count, sessions });
      else exits.push({ stage, code, count });
    }
    return { errors, exits };
  };
  // One read transaction: the groups come from the same snapshot.
  const read = db.transaction((p: ScopeParams): FunnelGroups => ({
    sessions: sessionGroups
      .all(p)
      .map(([provider, carrier, province, day, sessions, opened, started, authorized, dataReady, failed, toAuthorize]) => ({
        provider,
        carrier,
        province,
        day,
        sessions,
        opened,
        started,
        authorized,
        dataReady,
        failed,
        toAuthorize: values(toAuthorize),
      })),
    stages: stageGroups.all(p).map(([stage, reached, passed, durations]) => ({ stage, reached, passed, durations: values(durations) })),
    ...events(eventGroups.all(p)),
  }));

  async function funnel(scope: AnalyticsScope): Promise<Omit<FunnelResponse, 'range'>> {
    return funnelFromGroups(read(params(scope)));
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
