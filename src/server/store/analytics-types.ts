import type { AnalyticsStage, BrowserExitReason, ScreenKind } from '../../flow/analytics';
import type {
  FunnelResponse,
  SessionDetailResponse,
  SessionOutcome,
  SessionSummary,
  TimelineEvent,
  TimelineEventKind,
} from '../../flow/dashboard-api';
import type { Carrier } from '../../flow/phone';
import type { ProviderName } from '../../providers/types';

// Step analytics and the lender dashboard's sessions, as stored. Interfaces only (./sqlite
// implements them); every method that writes is atomic. No personal data ever enters these
// tables: kinds, codes, times, vendor, carrier and province only.

export type AnalyticsEventKind = TimelineEventKind;

/** What is known of a session when an event happens; a null part leaves what was stored. */
export interface AnalyticsContext {
  lenderId: string | null;
  provider: ProviderName | null;
  carrier: Carrier | null;
  /** Province in Chinese (北京, 广东), once known (the collected data names it). */
  province: string | null;
  demo: boolean;
}

export interface AnalyticsEventInput {
  sessionId: string;
  at: string;
  kind: AnalyticsEventKind;
  source: 'server' | 'browser';
  /**
   * The stage the event moves the session to (`step_entered`, `authorized`, ...) or happened in
   * (`error`, `submitted`); null: the session's current stage.
   */
  stage: AnalyticsStage | null;
  /** The browser's screen (`screen_view`, `exit`). */
  screen: ScreenKind | null;
  /** Field kinds of the step: shapes, never values. */
  fields: string[];
  /** Error or failure code, or exit reason. */
  code: string | null;
  /** The field kind an error concerns. */
  field: string | null;
  /** The vendor's own error code (a code, never an id). */
  upstreamCode: string | null;
  context: AnalyticsContext;
}

/** Which sessions a query counts: one lender's, created in [from, to), demo sessions never. */
export interface AnalyticsScope {
  lenderId: string;
  from: string;
  to: string;
  provider?: ProviderName;
  carrier?: Carrier;
  province?: string;
}

export interface SessionListQuery extends AnalyticsScope {
  outcome?: SessionOutcome;
  /** Continue after this session (createdAt, sessionId) of the previous page. */
  after?: { createdAt: string; sessionId: string };
  limit: number;
}

export interface AnalyticsSessionDetail {
  summary: SessionSummary;
  visits: SessionDetailResponse['visits'];
  timeline: TimelineEvent[];
}

export interface AnalyticsStore {
  /**
   * Appends events (oldest first) and moves each session's summary and stage visits along, all in
   * one transaction. Events of a session that has none yet create its summary.
   */
  record(events: readonly AnalyticsEventInput[]): Promise<void>;
  /**
   * Counts `count` more browser-reported events against the session's cap, atomically: false (and
   * nothing counted) when that would pass `cap`.
   */
  admitBrowserEvents(sessionId: string, count: number, cap: number): Promise<boolean>;
  /** The funnel, breakdowns, exits and daily counts of a scope, without `range`. */
  funnel(scope: AnalyticsScope): Promise<Omit<FunnelResponse, 'range'>>;
  /** Newest first. */
  sessions(query: SessionListQuery): Promise<SessionSummary[]>;
  /** One session of the lender's, or undefined (unknown, another lender's, or a demo session). */
  session(lenderId: string, sessionId: string): Promise<AnalyticsSessionDetail | undefined>;
  /** Drops sessions (their events and visits) created before `before`; answers how many. */
  purge(before: string): Promise<number>;
  /**
   * Sessions started since `since` (all lenders; demo sessions only when `demo`, else none) per
   * carrier and province, and how many of them met an upstream failure (OUTAGE_ERROR_CODES): what
   * outage detection reads. Sessions whose carrier is unknown are left out.
   */
  outageCounts(query: { since: string; demo: boolean }): Promise<OutageCount[]>;
}

/** The neutral codes that count a session as failed upstream for outage detection (not our own misconfiguration). */
export const OUTAGE_ERROR_CODES = [
  'upstream_unavailable',
  'upstream_maintenance',
  'upstream_timeout',
  'upstream_error',
  'upstream_invalid_response',
] as const;

/** One carrier and province's recent sessions (outageCounts). */
export interface OutageCount {
  carrier: Carrier;
  /** Null: sessions whose province was not known. */
  province: string | null;
  sessions: number;
  failed: number;
}

/** A signed-in dashboard browser: the cookie's token is stored only as its SHA-256. */
export interface DashboardSessionRecord {
  lenderId: string;
  /** Derived from the lender's API key at sign-in: a rotated key ends every session made with the old one. */
  keyFingerprint: string;
  createdAt: string;
  expiresAt: string;
}

export interface DashboardSessionStore {
  /** Stores a new session (and drops expired ones). */
  create(tokenHash: string, record: DashboardSessionRecord): Promise<void>;
  /** The session when it exists and has not expired at `now`. */
  get(tokenHash: string, now: string): Promise<DashboardSessionRecord | undefined>;
  revoke(tokenHash: string): Promise<void>;
}

export type { BrowserExitReason };
