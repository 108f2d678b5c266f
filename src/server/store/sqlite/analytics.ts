import type Database from 'better-sqlite3';
import type { AnalyticsReader } from './analytics-reader';
import * as z from 'zod';
import { ANALYTICS_STAGES } from '../../../flow/analytics';
import { applyEvent } from '../analytics-derive';
import type { SummaryState, VisitChange } from '../analytics-derive';
import type { AnalyticsEventInput, AnalyticsStore } from '../analytics-types';
import { toIso, toMs } from '../codec';
import { checkAdmitCount, checkAnalyticsEvents } from '../analytics-input';
import { createAnalyticsQueries } from './analytics-queries';
import { toRow, toState, toSummary, toTimelineEvent } from '../analytics-rows';
import type { AnalyticsEventRow, AnalyticsSessionRow } from '../analytics-rows';
import { OUTAGE_CODES_SQL, OUTAGE_CREATED_SLACK_MS, toOutageCount } from '../outage-rows';
import type { OutageRow } from '../outage-rows';

/** Step analytics over the open database; every write is one transaction. */
export function createSqliteAnalyticsStore(db: Database.Database, reader?: AnalyticsReader): AnalyticsStore {
  const selectSummary = db.prepare<[string], AnalyticsSessionRow>('SELECT * FROM analytics_sessions WHERE session_id = ?');
  const upsertSummary = db.prepare<AnalyticsSessionRow>(
    `INSERT INTO analytics_sessions (session_id, lender_id, provider, carrier, province, demo, created_at, updated_at, opened_at,
       started_at, authorized_at, data_ready_at, failed_at, outcome, stage, stage_at, last_error, exit_reason, exit_stage, events)
     VALUES (@session_id, @lender_id, @provider, @carrier, @province, @demo, @created_at, @updated_at, @opened_at,
       @started_at, @authorized_at, @data_ready_at, @failed_at, @outcome, @stage, @stage_at, @last_error, @exit_reason, @exit_stage, @events)
     ON CONFLICT (session_id) DO UPDATE SET lender_id = excluded.lender_id, provider = excluded.provider, carrier = excluded.carrier,
       province = excluded.province, demo = excluded.demo, updated_at = excluded.updated_at, opened_at = excluded.opened_at,
       started_at = excluded.started_at, authorized_at = excluded.authorized_at, data_ready_at = excluded.data_ready_at,
       failed_at = excluded.failed_at, outcome = excluded.outcome, stage = excluded.stage, stage_at = excluded.stage_at,
       last_error = excluded.last_error, exit_reason = excluded.exit_reason, exit_stage = excluded.exit_stage, events = excluded.events`,
  );
  const openVisit = db.prepare<[string, string, number]>(
    `INSERT INTO analytics_visits (session_id, stage, entered_at, duration_ms, passed) VALUES (?, ?, ?, NULL, 0)
     ON CONFLICT (session_id, stage) DO NOTHING`,
  );
  const closeVisit = db.prepare<{ sessionId: string; stage: string; duration: number | null; passed: number }>(
    `UPDATE analytics_visits SET
       duration_ms = CASE WHEN @duration IS NULL THEN duration_ms ELSE coalesce(duration_ms, 0) + @duration END,
       passed = max(passed, @passed)
     WHERE session_id = @sessionId AND stage = @stage`,
  );
  const insertEvent = db.prepare<{
    sessionId: string;
    at: number;
    since: number;
    kind: string;
    source: string;
    stage: string | null;
    screen: string | null;
    fields: string;
    code: string | null;
    field: string | null;
    upstreamCode: string | null;
  }>(
    `INSERT INTO analytics_events (session_id, at, since_start_ms, kind, source, stage, screen, fields, code, field, upstream_code)
     VALUES (@sessionId, @at, @since, @kind, @source, @stage, @screen, @fields, @code, @field, @upstreamCode)`,
  );
  const admit = db.prepare<{ sessionId: string; count: number; cap: number }>(
    `INSERT INTO analytics_browser_quota (session_id, used) SELECT @sessionId, @count WHERE @count <= @cap
     ON CONFLICT (session_id) DO UPDATE SET used = used + excluded.used WHERE used + excluded.used <= @cap`,
  );
  const selectOwned = db.prepare<[string, string], AnalyticsSessionRow & { lender_user_id: string | null }>(
    `SELECT s.*, c.lender_user_id FROM analytics_sessions s LEFT JOIN collections c ON c.session_id = s.session_id
     WHERE s.session_id = ? AND s.lender_id = ? AND s.demo = 0`,
  );
  const selectVisits = db.prepare<[string], { stage: string; entered_at: number; duration_ms: number | null; passed: number }>(
    'SELECT stage, entered_at, duration_ms, passed FROM analytics_visits WHERE session_id = ? ORDER BY entered_at, stage',
  );
  const selectEvents = db.prepare<[string], AnalyticsEventRow>(
    `SELECT at, since_start_ms, kind, source, stage, screen, fields, code, field, upstream_code
     FROM analytics_events WHERE session_id = ? ORDER BY id LIMIT 2000`,
  );
  const purgeQuota = db.prepare<[number]>(
    'DELETE FROM analytics_browser_quota WHERE session_id IN (SELECT session_id FROM analytics_sessions WHERE created_at < ?)',
  );
  const purgeSessions = db.prepare<[number]>('DELETE FROM analytics_sessions WHERE created_at < ?');
  const selectOutages = db.prepare<{ since: number; created: number; demo: number }, OutageRow>(
    `SELECT s.carrier, s.province, count(*) AS sessions,
       sum(EXISTS (SELECT 1 FROM analytics_events e WHERE e.session_id = s.session_id AND e.kind IN ('error', 'failed')
         AND e.code IN (${OUTAGE_CODES_SQL}) AND e.at >= @since)) AS failed
     FROM analytics_sessions s
     WHERE s.created_at >= @created AND s.started_at >= @since AND s.demo = @demo AND s.carrier IS NOT NULL
     GROUP BY s.carrier, s.province`,
  );

  const applyVisit = (sessionId: string, change: VisitChange) => {
    if (change.op === 'open') openVisit.run(sessionId, change.stage, change.at);
    else closeVisit.run({ sessionId, stage: change.stage, duration: change.durationMs, passed: change.passed ? 1 : 0 });
  };

  const record = db.transaction((events: ReadonlyArray<{ event: AnalyticsEventInput; at: number }>) => {
    const states = new Map<string, SummaryState | undefined>();
    for (const { event, at } of events) {
      const { sessionId } = event;
      if (!states.has(sessionId)) {
        const row = selectSummary.get(sessionId);
        states.set(sessionId, row ? toState(row) : undefined);
      }
      const previous = states.get(sessionId);
      const applied = applyEvent(previous, event, at);
      states.set(sessionId, applied.state);
      // The visits and the event refer to the summary row: a new session's row is written first.
      if (previous === undefined) upsertSummary.run(toRow(applied.state));
      for (const change of applied.visits) applyVisit(sessionId, change);
      insertEvent.run({
        sessionId,
        at,
        since: applied.sinceStartMs,
        kind: event.kind,
        source: event.source,
        stage: applied.eventStage,
        screen: event.screen,
        fields: JSON.stringify(event.fields),
        code: event.code,
        field: event.field,
        upstreamCode: event.upstreamCode,
      });
    }
    for (const state of states.values()) if (state) upsertSummary.run(toRow(state));
  });

  const purge = db.transaction((before: number) => {
    purgeQuota.run(before);
    return purgeSessions.run(before).changes;
  });

  const queries = createAnalyticsQueries(db);

  return {
    async record(events) {
      if (events.length === 0) return;
      record.immediate(checkAnalyticsEvents(events));
    },
    async admitBrowserEvents(sessionId, count, cap) {
      checkAdmitCount(count);
      return admit.run({ sessionId, count, cap }).changes === 1;
    },
    // On the reader's thread when there is one; in place when it cannot answer.
    funnel: reader ? (scope) => reader.funnel(scope).catch(() => queries.funnel(scope)) : queries.funnel,
    sessions: queries.sessions,
    async session(lenderId, sessionId) {
      const row = selectOwned.get(sessionId, lenderId);
      if (!row) return undefined;
      return {
        summary: toSummary(row),
        visits: selectVisits.all(sessionId).map((visit) => ({
          stage: z.enum(ANALYTICS_STAGES).parse(visit.stage),
          enteredAt: toIso(visit.entered_at),
          durationMs: visit.duration_ms,
          passed: visit.passed === 1,
        })),
        timeline: selectEvents.all(sessionId).map(toTimelineEvent),
      };
    },
    async purge(before) {
      return purge.immediate(toMs(before, 'before'));
    },
    async outageCounts({ since, demo }) {
      const at = toMs(since, 'since');
      return selectOutages.all({ since: at, created: at - OUTAGE_CREATED_SLACK_MS, demo: demo ? 1 : 0 }).map(toOutageCount);
    },
  };
}
