import { ANALYTICS_STAGES, BROWSER_EXIT_REASONS } from '../../flow/analytics';
import type { AnalyticsStage, BrowserExitReason } from '../../flow/analytics';
import type { BreakdownRow, FunnelResponse } from '../../flow/dashboard-api';
import { DAY_MS, groupRows } from './analytics-groups';
import type { EventRow, FunnelGroups, SessionRow, VisitRow } from './analytics-groups';

export type { EventRow, FunnelGroups, SessionRow, VisitRow } from './analytics-groups';

// The funnel computed from the groups a store reads for a scope (sessions by vendor, carrier,
// province and day; stage visits by stage; error and exit events by stage and code), each carrying
// the values its medians need. PostgreSQL hands over plain rows, grouped here in one pass
// (groupRows); SQLite groups in SQL, since turning a large lender's hundred thousand rows into
// JavaScript values costs several times what the grouping does. Either way the figures come out of
// funnelFromGroups, so they cannot differ between the stores.

const TOP_ERRORS = 5;
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
  return funnelFromGroups(groupRows(sessions, visits, events));
}

export function funnelFromGroups(groups: FunnelGroups): Omit<FunnelResponse, 'range'> {
  let opened = 0;
  let failed = 0;
  const total = newGroup();
  const dims = {
    provider: new Map<string | null, Group>(),
    carrier: new Map<string | null, Group>(),
    province: new Map<string | null, Group>(),
  };
  const days = new Map<number, { sessions: number; started: number; authorized: number }>();
  for (const g of groups.sessions) {
    opened += g.opened;
    failed += g.failed;
    for (const [map, key] of [
      [null, null],
      [dims.provider, g.provider],
      [dims.carrier, g.carrier],
      [dims.province, g.province],
    ] as const) {
      let group = total;
      if (map) {
        group = map.get(key) ?? newGroup();
        map.set(key, group);
      }
      group.sessions += g.sessions;
      group.started += g.started;
      group.authorized += g.authorized;
      group.dataReady += g.dataReady;
      for (const value of g.toAuthorize) group.toAuthorize.push(value);
    }
    const bucket = days.get(g.day) ?? { sessions: 0, started: 0, authorized: 0 };
    bucket.sessions += g.sessions;
    bucket.started += g.started;
    bucket.authorized += g.authorized;
    days.set(g.day, bucket);
  }

  const stages = new Map<string, { reached: number; passed: number; durations: number[] }>();
  for (const g of groups.stages) {
    const entry = stages.get(g.stage) ?? { reached: 0, passed: 0, durations: [] };
    entry.reached += g.reached;
    entry.passed += g.passed;
    for (const value of g.durations) entry.durations.push(value);
    stages.set(g.stage, entry);
  }

  const errors = new Map<string, Map<string, { count: number; sessions: number }>>();
  for (const g of groups.errors) {
    const byCode = errors.get(g.stage) ?? new Map<string, { count: number; sessions: number }>();
    const entry = byCode.get(g.code) ?? { count: 0, sessions: 0 };
    entry.count += g.count;
    entry.sessions += g.sessions;
    byCode.set(g.code, entry);
    errors.set(g.stage, byCode);
  }

  // Exits at a stage the funnel does not know are one row of unknown stage per reason.
  const exits = new Map<string, { stage: AnalyticsStage | null; reason: BrowserExitReason; count: number }>();
  for (const g of groups.exits) {
    if (!REASONS.has(g.code)) continue;
    const stage = g.stage !== null && STAGES.has(g.stage) ? (g.stage as AnalyticsStage) : null;
    const key = `${stage ?? ''}\u0000${g.code}`;
    const entry = exits.get(key) ?? { stage, reason: g.code as BrowserExitReason, count: 0 };
    entry.count += g.count;
    exits.set(key, entry);
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
      const byCode = [...(errors.get(stage) ?? new Map<string, { count: number; sessions: number }>())].sort(
        ([codeA, a], [codeB, b]) => b.count - a.count || codeA.localeCompare(codeB),
      );
      return {
        stage,
        reached: entry?.reached ?? 0,
        passed: entry?.passed ?? 0,
        medianMs: medianOf(entry?.durations ?? []),
        errors: byCode.reduce((n, [, e]) => n + e.count, 0),
        topErrors: byCode.slice(0, TOP_ERRORS).map(([code, e]) => ({ code, count: e.count, sessions: e.sessions })),
      };
    }),
    breakdown: { provider: rows(dims.provider), carrier: rows(dims.carrier), province: rows(dims.province) },
    exits: [...exits.values()].sort(
      (a, b) =>
        b.count - a.count ||
        a.reason.localeCompare(b.reason) ||
        (a.stage === null ? 1 : b.stage === null ? -1 : ANALYTICS_STAGES.indexOf(a.stage) - ANALYTICS_STAGES.indexOf(b.stage)),
    ),
    daily: [...days]
      .sort(([a], [b]) => a - b)
      .map(([day, bucket]) => ({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), ...bucket })),
  };
}
