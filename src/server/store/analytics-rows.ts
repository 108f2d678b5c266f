import * as z from 'zod';
import { ANALYTICS_STAGES, BROWSER_EXIT_REASONS, SCREEN_KINDS } from '../../flow/analytics';
import { SESSION_OUTCOMES, TIMELINE_EVENT_KINDS } from '../../flow/dashboard-api';
import type { SessionSummary, TimelineEvent } from '../../flow/dashboard-api';
import { CARRIERS } from '../../flow/phone';
import { PROVIDER_NAMES } from '../../providers/types';
import type { SummaryState } from './analytics-derive';
import { toIso, toIsoOrNull } from './codec';

// Rows of the analytics tables (the same columns in SQLite and PostgreSQL) and their mapping. Text columns holding a closed set are checked on
// the way out, so a damaged row fails loudly rather than reaching a lender as a wrong shape.

export interface AnalyticsSessionRow {
  session_id: string;
  lender_id: string | null;
  provider: string | null;
  carrier: string | null;
  province: string | null;
  demo: number;
  created_at: number;
  updated_at: number;
  opened_at: number | null;
  started_at: number | null;
  authorized_at: number | null;
  data_ready_at: number | null;
  failed_at: number | null;
  outcome: string;
  stage: string | null;
  stage_at: number | null;
  last_error: string | null;
  exit_reason: string | null;
  exit_stage: string | null;
  events: number;
}

/** The summary's columns, in one order for the stores' INSERTs. */
export const SUMMARY_COLUMNS = [
  'session_id',
  'lender_id',
  'provider',
  'carrier',
  'province',
  'demo',
  'created_at',
  'updated_at',
  'opened_at',
  'started_at',
  'authorized_at',
  'data_ready_at',
  'failed_at',
  'outcome',
  'stage',
  'stage_at',
  'last_error',
  'exit_reason',
  'exit_stage',
  'events',
] as const satisfies ReadonlyArray<keyof AnalyticsSessionRow>;

export interface AnalyticsEventRow {
  at: number;
  since_start_ms: number;
  kind: string;
  source: string;
  stage: string | null;
  screen: string | null;
  fields: string;
  code: string | null;
  field: string | null;
  upstream_code: string | null;
}

const Stage = z.enum(ANALYTICS_STAGES).nullable();
const Provider = z.enum(PROVIDER_NAMES).nullable();
const Carrier = z.enum(CARRIERS).nullable();
const Outcome = z.enum(SESSION_OUTCOMES);
const ExitReason = z.enum(BROWSER_EXIT_REASONS).nullable();

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`stored ${what} is unreadable (damaged analytics row)`);
  return parsed.data;
}

export function toState(row: AnalyticsSessionRow): SummaryState {
  return {
    sessionId: row.session_id,
    lenderId: row.lender_id,
    provider: checked(Provider, row.provider, 'provider'),
    carrier: checked(Carrier, row.carrier, 'carrier'),
    province: row.province,
    demo: row.demo === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    openedAt: row.opened_at,
    startedAt: row.started_at,
    authorizedAt: row.authorized_at,
    dataReadyAt: row.data_ready_at,
    failedAt: row.failed_at,
    outcome: checked(Outcome, row.outcome, 'outcome'),
    stage: checked(Stage, row.stage, 'stage'),
    stageAt: row.stage_at,
    lastError: row.last_error,
    exitReason: row.exit_reason,
    exitStage: checked(Stage, row.exit_stage, 'exit stage'),
    events: row.events,
    // A cancel is only remembered within one batch: recovery's cancel and the step that follows it
    // are recorded together.
    cancelled: false,
  };
}

export function toRow(state: SummaryState): AnalyticsSessionRow {
  return {
    session_id: state.sessionId,
    lender_id: state.lenderId,
    provider: state.provider,
    carrier: state.carrier,
    province: state.province,
    demo: state.demo ? 1 : 0,
    created_at: state.createdAt,
    updated_at: state.updatedAt,
    opened_at: state.openedAt,
    started_at: state.startedAt,
    authorized_at: state.authorizedAt,
    data_ready_at: state.dataReadyAt,
    failed_at: state.failedAt,
    outcome: state.outcome,
    stage: state.stage,
    stage_at: state.stageAt,
    last_error: state.lastError,
    exit_reason: state.exitReason,
    exit_stage: state.exitStage,
    events: state.events,
  };
}

/** A session row as the dashboard lists it; lenderUserId comes from the collection, when authorized. */
export function toSummary(row: AnalyticsSessionRow & { lender_user_id?: string | null }): SessionSummary {
  return {
    sessionId: row.session_id,
    lenderUserId: row.lender_user_id ?? null,
    provider: checked(Provider, row.provider, 'provider'),
    carrier: checked(Carrier, row.carrier, 'carrier'),
    province: row.province,
    outcome: checked(Outcome, row.outcome, 'outcome'),
    stage: checked(Stage, row.stage, 'stage'),
    createdAt: toIso(row.created_at),
    startedAt: toIsoOrNull(row.started_at),
    authorizedAt: toIsoOrNull(row.authorized_at),
    dataReadyAt: toIsoOrNull(row.data_ready_at),
    failedAt: toIsoOrNull(row.failed_at),
    lastError: row.last_error,
    exitReason: checked(ExitReason, row.exit_reason, 'exit reason'),
    updatedAt: toIso(row.updated_at),
  };
}

const Fields = z.array(z.string());

export function toTimelineEvent(row: AnalyticsEventRow): TimelineEvent {
  let fields: unknown;
  try {
    fields = JSON.parse(row.fields);
  } catch {
    fields = undefined;
  }
  return {
    at: toIso(row.at),
    sinceStartMs: row.since_start_ms,
    kind: checked(z.enum(TIMELINE_EVENT_KINDS), row.kind, 'event kind'),
    source: checked(z.enum(['server', 'browser']), row.source, 'event source'),
    stage: checked(Stage, row.stage, 'event stage'),
    screen: checked(z.enum(SCREEN_KINDS).nullable(), row.screen, 'screen'),
    fields: checked(Fields, fields, 'event fields'),
    code: row.code,
    field: row.field,
    upstreamCode: row.upstream_code,
  };
}
