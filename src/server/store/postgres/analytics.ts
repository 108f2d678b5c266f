import type pg from 'pg';
import * as z from 'zod';
import { ANALYTICS_STAGES } from '../../../flow/analytics';
import { applyEvent } from '../analytics-derive';
import type { SummaryState, VisitChange } from '../analytics-derive';
import { checkAdmitCount, checkAnalyticsEvents } from '../analytics-input';
import { SUMMARY_COLUMNS, toRow, toState, toSummary, toTimelineEvent } from '../analytics-rows';
import type { AnalyticsEventRow, AnalyticsSessionRow } from '../analytics-rows';
import type { AnalyticsStore } from '../analytics-types';
import { toIso, toMs } from '../codec';
import { OUTAGE_CODES_SQL, OUTAGE_CREATED_SLACK_MS, toOutageCount } from '../outage-rows';
import type { OutageRow } from '../outage-rows';
import { createPgAnalyticsQueries } from './analytics-queries';
import { inTransaction } from './sql';
import type { Queryable } from './sql';

const UPSERT_SUMMARY = `INSERT INTO analytics_sessions (${SUMMARY_COLUMNS.join(', ')})
  VALUES (${SUMMARY_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (session_id) DO UPDATE SET ${SUMMARY_COLUMNS.filter((c) => c !== 'session_id' && c !== 'created_at')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

// One statement for a batch's events, in order (the id sequence follows the ordinality).
const INSERT_EVENTS = `INSERT INTO analytics_events (session_id, at, since_start_ms, kind, source, stage, screen, fields, code, field, upstream_code)
  SELECT session_id, at, since_start_ms, kind, source, stage, screen, fields, code, field, upstream_code
  FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
    WITH ORDINALITY AS e (session_id, at, since_start_ms, kind, source, stage, screen, fields, code, field, upstream_code, n)
  ORDER BY n`;

async function applyVisit(client: Queryable, sessionId: string, change: VisitChange): Promise<void> {
  if (change.op === 'open') {
    await client.query(
      `INSERT INTO analytics_visits (session_id, stage, entered_at, duration_ms, passed) VALUES ($1, $2, $3, NULL, 0)
       ON CONFLICT (session_id, stage) DO NOTHING`,
      [sessionId, change.stage, change.at],
    );
  } else {
    await client.query(
      `UPDATE analytics_visits SET
         duration_ms = CASE WHEN $3::bigint IS NULL THEN duration_ms ELSE coalesce(duration_ms, 0) + $3::bigint END,
         passed = greatest(passed, $4::smallint)
       WHERE session_id = $1 AND stage = $2`,
      [sessionId, change.stage, change.durationMs, change.passed ? 1 : 0],
    );
  }
}

/**
 * Step analytics on PostgreSQL; every write is one transaction. Instances record the same session
 * at once (the browser's events reach one, the server's another): each batch first takes a
 * transaction-level advisory lock per session, in id order, so summaries move one batch at a time.
 */
export function createPgAnalyticsStore(pool: pg.Pool): AnalyticsStore {
  const queries = createPgAnalyticsQueries(pool);

  return {
    async record(events) {
      if (events.length === 0) return;
      const checked = checkAnalyticsEvents(events);
      const ids = [...new Set(checked.map(({ event }) => event.sessionId))].sort();
      await inTransaction(pool, async (client) => {
        await client.query(
          `SELECT pg_advisory_xact_lock(hashtext('carrierlink.analytics.' || id)) FROM (SELECT unnest($1::text[]) AS id ORDER BY 1) AS ids`,
          [ids],
        );
        const { rows } = await client.query<AnalyticsSessionRow>(
          `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM analytics_sessions WHERE session_id = ANY($1::text[])`,
          [ids],
        );
        const states = new Map<string, SummaryState | undefined>(rows.map((row) => [row.session_id, toState(row)]));
        const visits: Array<{ sessionId: string; change: VisitChange }> = [];
        const columns: unknown[][] = Array.from({ length: 11 }, () => []);
        for (const { event, at } of checked) {
          const applied = applyEvent(states.get(event.sessionId), event, at);
          states.set(event.sessionId, applied.state);
          for (const change of applied.visits) visits.push({ sessionId: event.sessionId, change });
          [
            event.sessionId,
            at,
            applied.sinceStartMs,
            event.kind,
            event.source,
            applied.eventStage,
            event.screen,
            JSON.stringify(event.fields),
            event.code,
            event.field,
            event.upstreamCode,
          ].forEach((value, i) => columns[i]?.push(value));
        }
        // Summaries first: the visits and events refer to them.
        for (const state of states.values()) {
          if (!state) continue;
          const row = toRow(state);
          await client.query(
            UPSERT_SUMMARY,
            SUMMARY_COLUMNS.map((column) => row[column]),
          );
        }
        for (const { sessionId, change } of visits) await applyVisit(client, sessionId, change);
        await client.query(INSERT_EVENTS, columns);
      });
    },

    async admitBrowserEvents(sessionId, count, cap) {
      checkAdmitCount(count);
      const { rowCount } = await pool.query(
        `INSERT INTO analytics_browser_quota AS q (session_id, used) SELECT $1, $2::integer WHERE $2::integer <= $3::integer
         ON CONFLICT (session_id) DO UPDATE SET used = q.used + EXCLUDED.used WHERE q.used + EXCLUDED.used <= $3::integer`,
        [sessionId, count, cap],
      );
      return rowCount === 1;
    },

    funnel: queries.funnel,
    sessions: queries.sessions,

    async session(lenderId, sessionId) {
      const owned = await pool.query<AnalyticsSessionRow & { lender_user_id: string | null }>(
        `SELECT s.*, c.lender_user_id FROM analytics_sessions s LEFT JOIN collections c ON c.session_id = s.session_id
         WHERE s.session_id = $1 AND s.lender_id = $2 AND s.demo = 0`,
        [sessionId, lenderId],
      );
      const row = owned.rows[0];
      if (!row) return undefined;
      const [visits, timeline] = await Promise.all([
        pool.query<{ stage: string; entered_at: number; duration_ms: number | null; passed: number }>(
          'SELECT stage, entered_at, duration_ms, passed FROM analytics_visits WHERE session_id = $1 ORDER BY entered_at, stage',
          [sessionId],
        ),
        pool.query<AnalyticsEventRow>(
          `SELECT at, since_start_ms, kind, source, stage, screen, fields, code, field, upstream_code
           FROM analytics_events WHERE session_id = $1 ORDER BY id LIMIT 2000`,
          [sessionId],
        ),
      ]);
      return {
        summary: toSummary(row),
        visits: visits.rows.map((visit) => ({
          stage: z.enum(ANALYTICS_STAGES).parse(visit.stage),
          enteredAt: toIso(visit.entered_at),
          durationMs: visit.duration_ms,
          passed: visit.passed === 1,
        })),
        timeline: timeline.rows.map(toTimelineEvent),
      };
    },

    async purge(before) {
      const beforeMs = toMs(before, 'before');
      return inTransaction(pool, async (client) => {
        await client.query(
          'DELETE FROM analytics_browser_quota WHERE session_id IN (SELECT session_id FROM analytics_sessions WHERE created_at < $1)',
          [beforeMs],
        );
        const { rowCount } = await client.query('DELETE FROM analytics_sessions WHERE created_at < $1', [beforeMs]);
        return rowCount ?? 0;
      });
    },

    async outageCounts({ since, demo }) {
      const at = toMs(since, 'since');
      const { rows } = await pool.query<OutageRow>(
        `SELECT s.carrier, s.province, count(*) AS sessions,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM analytics_events e WHERE e.session_id = s.session_id
             AND e.kind IN ('error', 'failed') AND e.code IN (${OUTAGE_CODES_SQL}) AND e.at >= $1)) AS failed
         FROM analytics_sessions s
         WHERE s.created_at >= $2 AND s.started_at >= $1 AND s.demo = $3 AND s.carrier IS NOT NULL
         GROUP BY s.carrier, s.province`,
        [at, at - OUTAGE_CREATED_SLACK_MS, demo ? 1 : 0],
      );
      return rows.map(toOutageCount);
    },
  };
}
