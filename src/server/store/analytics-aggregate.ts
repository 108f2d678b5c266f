import { ANALYTICS_STAGES, BROWSER_EXIT_REASONS } from '../../flow/analytics';
import type { AnalyticsStage, BrowserExitReason } from '../../flow/analytics';
import type { BreakdownRow, FunnelResponse } from '../../flow/dashboard-api';

// The funnel computed in one pass over three row sets a store reads for a scope (the sessions, their
// stage visits, their error and exit events). Every store implementation reads the same rows and
// calls this, so the figures cannot differ between SQLite and PostgreSQL; one pass over plain rows
// is also several times cheaper than a dozen grouped and windowed queries over the same sessions.

/** One session of the scope: [provider, carrier, province, createdAt, openedAt, startedAt, authorizedAt, dataReadyAt, outcome]. */
export type SessionRow = [
  string | null,
  string | null,
  string | null,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  string,
];
/** One stage visit: [stage, durationMs, passed 0|1]. */
export type VisitRow = [string, number | null, number];
/** One error or exit event: [kind, stage, code, sessionId]. */
export type EventRow = [string, string | null, string | null, string];

const TOP_ERRORS = 5;
const DAY_MS = 86_400_000;
/** Days are Beijing days (UTC+8, no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const STAGES: ReadonlySet<string> = new Set(ANALYTICS_STAGES);
const REASONS: ReadonlySet<string> = new Set(BROWSER_EXIT_REASONS);

/** The middle value; the mean of the two middle ones for an even count; null when empty. */
export function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const value = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round(value);
}

interface Group {
  sessions: number;
  started: number;
  authorized: number;
  dataReady: number;
  toAuthorize: number[];
}

const newGroup = (): Group => ({ sessions: 0, started: 0, authorized: 0, dataReady: 0, toAuthorize: [] });

function rows(groups: Map<string | null, Group>): BreakdownRow[] {
  return [...groups]
    .map(([value, g]) => ({
      value,
      sessions: g.sessions,
      started: g.started,
      authorized: g.authorized,
      dataReady: g.dataReady,
      medianToAuthorizeMs: medianOf(g.toAuthorize),
    }))
    .sort((a, b) => b.sessions - a.sessions || (a.value === null ? 1 : b.value === null ? -1 : a.value.localeCompare(b.value)));
}

export function aggregateFunnel(
  sessions: readonly SessionRow[],
  visits: readonly VisitRow[],
  events: readonly EventRow[],
): Omit<FunnelResponse, 'range'> {
  let opened = 0;
  let failed = 0;
  const total = newGroup();
  const dims = {
    provider: new Map<string | null, Group>(),
    carrier: new Map<string | null, Group>(),
    province: new Map<string | null, Group>(),
  };
  const days = new Map<number, { sessions: number; started: number; authorized: number }>();
  for (const [provider, carrier, province, createdAt, openedAt, startedAt, authorizedAt, dataReadyAt, outcome] of sessions) {
    if (openedAt !== null) opened += 1;
    if (outcome === 'failed') failed += 1;
    const toAuthorize = authorizedAt !== null && startedAt !== null ? authorizedAt - startedAt : null;
    for (const [map, key] of [
      [null, null],
      [dims.provider, provider],
      [dims.carrier, carrier],
      [dims.province, province],
    ] as const) {
      let group = total;
      if (map) {
        group = map.get(key) ?? newGroup();
        map.set(key, group);
      }
      group.sessions += 1;
      if (startedAt !== null) group.started += 1;
      if (authorizedAt !== null) group.authorized += 1;
      if (dataReadyAt !== null) group.dataReady += 1;
      if (toAuthorize !== null) group.toAuthorize.push(toAuthorize);
    }
    const day = Math.floor((createdAt + BEIJING_OFFSET_MS) / DAY_MS);
    const bucket = days.get(day) ?? { sessions: 0, started: 0, authorized: 0 };
    bucket.sessions += 1;
    if (startedAt !== null) bucket.started += 1;
    if (authorizedAt !== null) bucket.authorized += 1;
    days.set(day, bucket);
  }

  const stages = new Map<string, { reached: number; passed: number; durations: number[] }>();
  for (const [stage, durationMs, passed] of visits) {
    const entry = stages.get(stage) ?? { reached: 0, passed: 0, durations: [] };
    entry.reached += 1;
    if (passed === 1) {
      entry.passed += 1;
      if (durationMs !== null) entry.durations.push(durationMs);
    }
    stages.set(stage, entry);
  }

  const errors = new Map<string, Map<string, { count: number; sessions: Set<string> }>>();
  const exits = new Map<string, { stage: string | null; reason: string; count: number }>();
  for (const [kind, stage, code, sessionId] of events) {
    if (kind === 'error') {
      const byCode = errors.get(stage ?? '') ?? new Map<string, { count: number; sessions: Set<string> }>();
      const entry = byCode.get(code ?? 'unknown') ?? { count: 0, sessions: new Set<string>() };
      entry.count += 1;
      entry.sessions.add(sessionId);
      byCode.set(code ?? 'unknown', entry);
      errors.set(stage ?? '', byCode);
    } else if (kind === 'exit' && code !== null && REASONS.has(code)) {
      const key = `${stage ?? ''}\u0000${code}`;
      const entry = exits.get(key) ?? { stage: stage !== null && STAGES.has(stage) ? stage : null, reason: code, count: 0 };
      entry.count += 1;
      exits.set(key, entry);
    }
  }

  return {
    totals: {
      sessions: total.sessions,
      links: stages.get('link')?.reached ?? 0,
      opened,
      started: total.started,
      authorized: total.authorized,
      dataReady: total.dataReady,
      failed,
      medianToAuthorizeMs: medianOf(total.toAuthorize),
    },
    stages: ANALYTICS_STAGES.map((stage: AnalyticsStage) => {
      const entry = stages.get(stage);
      const byCode = [...(errors.get(stage) ?? new Map<string, { count: number; sessions: Set<string> }>())].sort(
        ([codeA, a], [codeB, b]) => b.count - a.count || codeA.localeCompare(codeB),
      );
      return {
        stage,
        reached: entry?.reached ?? 0,
        passed: entry?.passed ?? 0,
        medianMs: medianOf(entry?.durations ?? []),
        errors: byCode.reduce((n, [, e]) => n + e.count, 0),
        topErrors: byCode.slice(0, TOP_ERRORS).map(([code, e]) => ({ code, count: e.count, sessions: e.sessions.size })),
      };
    }),
    breakdown: { provider: rows(dims.provider), carrier: rows(dims.carrier), province: rows(dims.province) },
    exits: [...exits.values()]
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
      .map((exit) => ({ stage: exit.stage as AnalyticsStage | null, reason: exit.reason as BrowserExitReason, count: exit.count })),
    daily: [...days]
      .sort(([a], [b]) => a - b)
      .map(([day, bucket]) => ({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), ...bucket })),
  };
}
