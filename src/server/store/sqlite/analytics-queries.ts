import type Database from 'better-sqlite3';
import * as z from 'zod';
import { ANALYTICS_STAGES, BROWSER_EXIT_REASONS } from '../../../flow/analytics';
import type { AnalyticsStage } from '../../../flow/analytics';
import type { BreakdownRow, FunnelResponse, SessionSummary } from '../../../flow/dashboard-api';
import type { AnalyticsScope, SessionListQuery } from '../analytics-types';
import { checkLimit, toMs } from './codec';
import { toSummary } from './analytics-rows';
import type { AnalyticsSessionRow } from './analytics-rows';

// The dashboard's aggregations, computed in SQL from one lender's sessions in a time range (the
// analytics_sessions_by_lender index), then their visits and events by session id. Medians use
// window functions (row_number over the ordered durations), which PostgreSQL has too
// (percentile_cont there is simpler).

const SCOPE = `s.lender_id = @lenderId AND s.demo = 0 AND s.created_at >= @from AND s.created_at < @to
  AND (@provider IS NULL OR s.provider = @provider) AND (@carrier IS NULL OR s.carrier = @carrier)
  AND (@province IS NULL OR s.province = @province)`;

/** Breakdown dimensions: column names from this fixed list only (they are put into SQL text). */
const DIMENSIONS = ['provider', 'carrier', 'province'] as const;
type Dimension = (typeof DIMENSIONS)[number];

const TOP_ERRORS = 5;
const DAY_MS = 86_400_000;
/** Days are Beijing days (UTC+8, no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

interface ScopeParams {
  lenderId: string;
  from: number;
  to: number;
  provider: string | null;
  carrier: string | null;
  province: string | null;
}

const Stage = z.enum(ANALYTICS_STAGES);
const StageOrNull = Stage.nullable();
const Reason = z.enum(BROWSER_EXIT_REASONS);

/** The middle value (mean of the two middle ones for an even count), from `rn`/`n` rows. */
function medians<K>(rows: ReadonlyArray<{ key: K; d: number }>): Map<K, number> {
  const sums = new Map<K, { total: number; count: number }>();
  for (const { key, d } of rows) {
    const entry = sums.get(key) ?? { total: 0, count: 0 };
    entry.total += d;
    entry.count += 1;
    sums.set(key, entry);
  }
  return new Map([...sums].map(([key, { total, count }]) => [key, Math.round(total / count)]));
}

const middle = (partition: string, value: string) => `
  row_number() OVER (PARTITION BY ${partition} ORDER BY ${value}) AS rn, count(*) OVER (PARTITION BY ${partition}) AS n`;
const MIDDLE_ROWS = 'WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2';

export function createAnalyticsQueries(db: Database.Database) {
  const totals = db.prepare<
    ScopeParams,
    { sessions: number; opened: number; started: number; authorized: number; data_ready: number; failed: number | null }
  >(
    `SELECT count(*) AS sessions, count(s.opened_at) AS opened, count(s.started_at) AS started, count(s.authorized_at) AS authorized,
       count(s.data_ready_at) AS data_ready, sum(s.outcome = 'failed') AS failed
     FROM analytics_sessions s WHERE ${SCOPE}`,
  );
  const stages = db.prepare<ScopeParams, { stage: string; reached: number; passed: number }>(
    `SELECT v.stage, count(*) AS reached, sum(v.passed) AS passed
     FROM analytics_sessions s JOIN analytics_visits v ON v.session_id = s.session_id WHERE ${SCOPE} GROUP BY v.stage`,
  );
  const stageMedians = db.prepare<ScopeParams, { key: string; d: number }>(
    `SELECT stage AS key, duration_ms AS d FROM (
       SELECT v.stage, v.duration_ms, ${middle('v.stage', 'v.duration_ms')}
       FROM analytics_sessions s JOIN analytics_visits v ON v.session_id = s.session_id
       WHERE ${SCOPE} AND v.passed = 1 AND v.duration_ms IS NOT NULL) ${MIDDLE_ROWS}`,
  );
  const errors = db.prepare<ScopeParams, { stage: string | null; code: string | null; count: number; sessions: number }>(
    `SELECT e.stage, e.code, count(*) AS count, count(DISTINCT e.session_id) AS sessions
     FROM analytics_sessions s JOIN analytics_events e ON e.session_id = s.session_id AND e.kind = 'error'
     WHERE ${SCOPE} GROUP BY e.stage, e.code ORDER BY count DESC, e.code`,
  );
  const exits = db.prepare<ScopeParams, { stage: string | null; reason: string | null; count: number }>(
    `SELECT e.stage, e.code AS reason, count(*) AS count
     FROM analytics_sessions s JOIN analytics_events e ON e.session_id = s.session_id AND e.kind = 'exit'
     WHERE ${SCOPE} GROUP BY e.stage, e.code ORDER BY count DESC, e.code`,
  );
  const toAuthorize = `s.authorized_at - s.started_at`;
  const overallMedian = db.prepare<ScopeParams, { key: number; d: number }>(
    `SELECT 0 AS key, d FROM (SELECT ${toAuthorize} AS d, ${middle('1', toAuthorize)} FROM analytics_sessions s
       WHERE ${SCOPE} AND s.authorized_at IS NOT NULL AND s.started_at IS NOT NULL) ${MIDDLE_ROWS}`,
  );
  const breakdown = Object.fromEntries(
    DIMENSIONS.map((column) => [
      column,
      {
        counts: db.prepare<
          ScopeParams,
          { value: string | null; sessions: number; started: number; authorized: number; data_ready: number }
        >(
          `SELECT s.${column} AS value, count(*) AS sessions, count(s.started_at) AS started, count(s.authorized_at) AS authorized,
             count(s.data_ready_at) AS data_ready
           FROM analytics_sessions s WHERE ${SCOPE} GROUP BY s.${column} ORDER BY sessions DESC, value IS NULL, value`,
        ),
        medians: db.prepare<ScopeParams, { key: string | null; d: number }>(
          `SELECT value AS key, d FROM (SELECT s.${column} AS value, ${toAuthorize} AS d, ${middle(`s.${column}`, toAuthorize)}
             FROM analytics_sessions s WHERE ${SCOPE} AND s.authorized_at IS NOT NULL AND s.started_at IS NOT NULL) ${MIDDLE_ROWS}`,
        ),
      },
    ]),
  ) as Record<
    Dimension,
    { counts: Database.Statement<ScopeParams>; medians: Database.Statement<ScopeParams, { key: string | null; d: number }> }
  >;
  // Integer division: the constants are written into the SQL (a bound JS number may arrive as a REAL).
  const daily = db.prepare<ScopeParams, { day: number; sessions: number; started: number; authorized: number }>(
    `SELECT (s.created_at + ${BEIJING_OFFSET_MS}) / ${DAY_MS} AS day, count(*) AS sessions, count(s.started_at) AS started, count(s.authorized_at) AS authorized
     FROM analytics_sessions s WHERE ${SCOPE} GROUP BY day ORDER BY day`,
  );
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

  function breakdownOf(column: Dimension, p: ScopeParams): BreakdownRow[] {
    const statements = breakdown[column];
    const middles = medians(statements.medians.all(p));
    return (
      statements.counts.all(p) as Array<{ value: string | null; sessions: number; started: number; authorized: number; data_ready: number }>
    ).map((row) => ({
      value: row.value,
      sessions: row.sessions,
      started: row.started,
      authorized: row.authorized,
      dataReady: row.data_ready,
      medianToAuthorizeMs: middles.get(row.value) ?? null,
    }));
  }

  async function funnel(scope: AnalyticsScope): Promise<Omit<FunnelResponse, 'range'>> {
    const p = params(scope);
    // One read transaction: every figure comes from the same snapshot.
    return db.transaction(() => {
      const total = totals.get(p);
      const reached = new Map(stages.all(p).map((row) => [row.stage, row]));
      const stageMiddles = medians(stageMedians.all(p));
      const errorRows = errors.all(p);
      const byStage = new Map<string | null, typeof errorRows>();
      for (const row of errorRows) byStage.set(row.stage, [...(byStage.get(row.stage) ?? []), row]);
      return {
        totals: {
          sessions: total?.sessions ?? 0,
          links: reached.get('link')?.reached ?? 0,
          opened: total?.opened ?? 0,
          started: total?.started ?? 0,
          authorized: total?.authorized ?? 0,
          dataReady: total?.data_ready ?? 0,
          failed: total?.failed ?? 0,
          medianToAuthorizeMs: medians(overallMedian.all(p)).get(0) ?? null,
        },
        stages: ANALYTICS_STAGES.map((stage: AnalyticsStage) => {
          const stageErrors = byStage.get(stage) ?? [];
          return {
            stage,
            reached: reached.get(stage)?.reached ?? 0,
            passed: reached.get(stage)?.passed ?? 0,
            medianMs: stageMiddles.get(stage) ?? null,
            errors: stageErrors.reduce((n, row) => n + row.count, 0),
            topErrors: stageErrors
              .slice(0, TOP_ERRORS)
              .map((row) => ({ code: row.code ?? 'unknown', count: row.count, sessions: row.sessions })),
          };
        }),
        breakdown: { provider: breakdownOf('provider', p), carrier: breakdownOf('carrier', p), province: breakdownOf('province', p) },
        exits: exits.all(p).flatMap((row) => {
          const reason = Reason.safeParse(row.reason);
          return reason.success ? [{ stage: StageOrNull.parse(row.stage), reason: reason.data, count: row.count }] : [];
        }),
        daily: daily.all(p).map((row) => ({
          day: new Date(row.day * DAY_MS).toISOString().slice(0, 10),
          sessions: row.sessions,
          started: row.started,
          authorized: row.authorized,
        })),
      };
    })();
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
