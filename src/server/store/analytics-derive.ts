import type { AnalyticsStage } from '../../flow/analytics';
import { stageOf } from '../../flow/analytics';
import type { SessionOutcome } from '../../flow/dashboard-api';
import type { Carrier } from '../../flow/phone';
import type { ProviderName } from '../../providers/types';
import type { AnalyticsEventInput } from './analytics-types';

// How one analytics event moves a session's summary and stage visits along. Pure, so every store
// implementation (SQLite, PostgreSQL) applies exactly the same rules inside its own transaction:
// read the summary, apply the batch's events in order, write the summary, the visit changes and
// the events back.

/** A session's running summary, times in epoch ms. */
export interface SummaryState {
  sessionId: string;
  lenderId: string | null;
  provider: ProviderName | null;
  carrier: Carrier | null;
  province: string | null;
  demo: boolean;
  createdAt: number;
  updatedAt: number;
  openedAt: number | null;
  startedAt: number | null;
  authorizedAt: number | null;
  dataReadyAt: number | null;
  failedAt: number | null;
  outcome: SessionOutcome;
  /** The stage the session is in (or ended in); null between a start or restart and its first step. */
  stage: AnalyticsStage | null;
  /** When the current stay in `stage` began. */
  stageAt: number | null;
  lastError: string | null;
  exitReason: string | null;
  exitStage: AnalyticsStage | null;
  /** Events recorded so far. */
  events: number;
  /** The applicant backed out of the recovery detour during this stay (it did not pass). */
  cancelled: boolean;
}

/**
 * `open`: the session entered `stage` (the first entry's time is kept). `close`: a stay ended after
 * `durationMs` (null: unknown, e.g. the phone step before the browser reported it), `passed` when it
 * ended by moving on.
 */
export type VisitChange =
  { op: 'open'; stage: AnalyticsStage; at: number } | { op: 'close'; stage: AnalyticsStage; durationMs: number | null; passed: boolean };

export interface Applied {
  state: SummaryState;
  visits: VisitChange[];
  /** The stage the event row is filed under. */
  eventStage: AnalyticsStage | null;
  sinceStartMs: number;
}

export function newSummary(event: AnalyticsEventInput, at: number): SummaryState {
  const { context } = event;
  return {
    sessionId: event.sessionId,
    lenderId: context.lenderId,
    provider: context.provider,
    carrier: context.carrier,
    province: context.province,
    demo: context.demo,
    createdAt: at,
    updatedAt: at,
    openedAt: null,
    startedAt: null,
    authorizedAt: null,
    dataReadyAt: null,
    failedAt: null,
    outcome: 'in_progress',
    stage: null,
    stageAt: null,
    lastError: null,
    exitReason: null,
    exitStage: null,
    events: 0,
    cancelled: false,
  };
}

/** The stage a browser screen stands for, when it stands for one. */
function screenStage(event: AnalyticsEventInput): AnalyticsStage | null {
  switch (event.screen) {
    case 'phone':
      return 'phone';
    case 'authorize':
      return stageOf(event.fields);
    case 'recoverPassword':
      return 'recovery';
    case 'authorized':
      return 'authorized';
    default:
      return null;
  }
}

/** Applies one event (`at` = its time in ms) to the summary; `state` is not modified. */
export function applyEvent(previous: SummaryState | undefined, event: AnalyticsEventInput, at: number): Applied {
  const s: SummaryState = previous ? { ...previous } : newSummary(event, at);
  const visits: VisitChange[] = [];
  const { context } = event;
  s.lenderId ??= context.lenderId;
  s.provider = context.provider ?? s.provider;
  s.carrier = context.carrier ?? s.carrier;
  s.province = context.province ?? s.province;
  s.demo ||= context.demo;
  s.updatedAt = Math.max(s.updatedAt, at);
  s.events += 1;

  const stayMs = () => (s.stageAt === null ? null : Math.max(0, at - s.stageAt));
  /** Ends the current stay, if any. */
  const close = (passed: boolean) => {
    if (s.stage !== null) visits.push({ op: 'close', stage: s.stage, durationMs: stayMs(), passed });
  };
  /** Moves to `stage` (a new step of the same stage is not a move). */
  const enter = (stage: AnalyticsStage) => {
    if (s.stage === stage) return;
    const leavingRecovery = s.stage === 'recovery';
    // Leaving for the recovery detour is not getting through a stage; backing out of recovery is not recovering.
    close(stage !== 'recovery' && !(leavingRecovery && s.cancelled));
    visits.push({ op: 'open', stage, at });
    s.stage = stage;
    s.stageAt = at;
    s.cancelled = false;
  };

  let eventStage: AnalyticsStage | null = event.stage ?? s.stage;
  switch (event.kind) {
    case 'link_created':
      enter('link');
      eventStage = 'link';
      break;
    case 'screen_view': {
      eventStage = screenStage(event) ?? s.stage;
      // The phone step on screen is the applicant opening the link (the server cannot see it).
      if (event.screen === 'phone' && (s.stage === null || s.stage === 'link') && s.startedAt === null) {
        s.openedAt ??= at;
        enter('phone');
      }
      break;
    }
    case 'session_started':
      s.startedAt ??= at;
      s.outcome = 'in_progress';
      if (s.stage !== 'phone') {
        // The browser never said when the phone step appeared: the stay is there, its length unknown.
        if (s.stage !== null) close(true);
        visits.push({ op: 'open', stage: 'phone', at }, { op: 'close', stage: 'phone', durationMs: null, passed: true });
      } else {
        close(true);
      }
      eventStage = 'phone';
      s.stage = null;
      s.stageAt = at;
      break;
    case 'step_entered':
      if (event.stage) enter(event.stage);
      eventStage = s.stage;
      break;
    case 'restart':
      // Starting over leaves the current stage without getting through it.
      close(false);
      s.stage = null;
      s.stageAt = at;
      if (s.outcome === 'failed') s.outcome = 'in_progress';
      break;
    case 'cancel':
      s.cancelled = true;
      break;
    case 'authorized':
      enter('authorized');
      s.authorizedAt ??= at;
      s.outcome = 'authorized';
      eventStage = 'authorized';
      break;
    case 'data_ready':
      enter('data_ready');
      s.dataReadyAt ??= at;
      s.outcome = 'data_ready';
      eventStage = 'data_ready';
      break;
    case 'collect_failed':
      close(false);
      s.stageAt = null;
      s.outcome = 'collect_failed';
      s.lastError = event.code;
      break;
    case 'failed':
      // The stage stays as where the session ended; its stay is over (a restart adds nothing to it).
      close(false);
      s.stageAt = null;
      s.failedAt = at;
      s.outcome = 'failed';
      s.lastError = event.code;
      break;
    case 'error':
      s.lastError = event.code;
      break;
    case 'exit':
      s.exitReason = event.code;
      s.exitStage = s.stage;
      break;
    case 'failover':
    case 'submitted':
    case 'resend':
    case 'captcha_refresh':
    case 'recover':
      break;
  }
  return { state: s, visits, eventStage, sinceStartMs: Math.max(0, at - s.createdAt) };
}
