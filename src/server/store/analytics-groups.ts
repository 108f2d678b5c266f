// The funnel's row sets and the groups funnelFromGroups (analytics-aggregate.ts) reads.

export const DAY_MS = 86_400_000;
/** Days are Beijing days (UTC+8, no daylight saving). */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;

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

/** Sessions of one provider, carrier, province and Beijing day, counted. */
export interface SessionGroup {
  provider: string | null;
  carrier: string | null;
  province: string | null;
  /** Days since the epoch, Beijing time. */
  day: number;
  sessions: number;
  opened: number;
  started: number;
  authorized: number;
  dataReady: number;
  failed: number;
  /** Start-to-authorized times (ms) of the group's sessions that have both. */
  toAuthorize: number[];
}
/** Visits of one stage: how many, how many passed, and the passed ones' durations (ms). */
export interface StageGroup {
  stage: string;
  reached: number;
  passed: number;
  durations: number[];
}
/** Error events of one stage ('' when none) and code ('unknown' when none), and the sessions they came from. */
export interface ErrorGroup {
  stage: string;
  code: string;
  count: number;
  sessions: number;
}
/** Exit events of one stage and code. */
export interface ExitGroup {
  stage: string | null;
  code: string;
  count: number;
}
/**
 * The funnel's figures grouped as far as a store can group them itself (medians need every value,
 * so the values travel with their group). SQLite builds these in SQL; the rows path below, in one pass.
 */
export interface FunnelGroups {
  sessions: SessionGroup[];
  stages: StageGroup[];
  errors: ErrorGroup[];
  exits: ExitGroup[];
}

/** Groups the three row sets of a scope (the path for stores that hand rows over). */
export function groupRows(sessions: readonly SessionRow[], visits: readonly VisitRow[], events: readonly EventRow[]): FunnelGroups {
  const sessionGroups = new Map<string, SessionGroup>();
  for (const [provider, carrier, province, createdAt, openedAt, startedAt, authorizedAt, dataReadyAt, outcome] of sessions) {
    const day = Math.floor((createdAt + BEIJING_OFFSET_MS) / DAY_MS);
    const key = JSON.stringify([provider, carrier, province, day]);
    let group = sessionGroups.get(key);
    if (!group) {
      group = {
        provider,
        carrier,
        province,
        day,
        sessions: 0,
        opened: 0,
        started: 0,
        authorized: 0,
        dataReady: 0,
        failed: 0,
        toAuthorize: [],
      };
      sessionGroups.set(key, group);
    }
    group.sessions += 1;
    if (openedAt !== null) group.opened += 1;
    if (startedAt !== null) group.started += 1;
    if (authorizedAt !== null) group.authorized += 1;
    if (dataReadyAt !== null) group.dataReady += 1;
    if (outcome === 'failed') group.failed += 1;
    if (authorizedAt !== null && startedAt !== null) group.toAuthorize.push(authorizedAt - startedAt);
  }
  const stages = new Map<string, StageGroup>();
  for (const [stage, durationMs, passed] of visits) {
    let entry = stages.get(stage);
    if (!entry) {
      entry = { stage, reached: 0, passed: 0, durations: [] };
      stages.set(stage, entry);
    }
    entry.reached += 1;
    if (passed === 1) {
      entry.passed += 1;
      if (durationMs !== null) entry.durations.push(durationMs);
    }
  }
  const errors = new Map<string, { stage: string; code: string; count: number; sessions: Set<string> }>();
  const exits = new Map<string, ExitGroup>();
  for (const [kind, stage, code, sessionId] of events) {
    if (kind === 'error') {
      const key = `${stage ?? ''}\u0000${code ?? 'unknown'}`;
      let entry = errors.get(key);
      if (!entry) {
        entry = { stage: stage ?? '', code: code ?? 'unknown', count: 0, sessions: new Set() };
        errors.set(key, entry);
      }
      entry.count += 1;
      entry.sessions.add(sessionId);
    } else if (kind === 'exit' && code !== null) {
      const key = `${stage ?? '\u0001'}\u0000${code}`;
      let entry = exits.get(key);
      if (!entry) {
        entry = { stage, code, count: 0 };
        exits.set(key, entry);
      }
      entry.count += 1;
    }
  }
  return {
    sessions: [...sessionGroups.values()],
    stages: [...stages.values()],
    errors: [...errors.values()].map(({ sessions: ids, ...rest }) => ({ ...rest, sessions: ids.size })),
    exits: [...exits.values()],
  };
}
