import type { ErrorCode, FormStep } from '../../flow';
import type { ProviderName, StartInput } from '../../providers/types';
import type { SessionRecord } from './record';
import type { ServiceContext } from './service-context';
import type { SessionEvent } from './service-types';
import type { Outcome, UpstreamCaller } from './upstream-call';

/**
 * Failover: a vendor that answers maintenance or unavailable before the applicant's service
 * password has reached it is left for the next vendor of the session's route. The applicant is
 * shown the next vendor's first step and never the error. Once a password was submitted the
 * carrier may have been reached (a login tried, an SMS sent): the error then shows as usual.
 */

/** The neutral codes that say the vendor, not the applicant, cannot go on now. */
export const FAILOVER_CODES: readonly ErrorCode[] = ['upstream_maintenance', 'upstream_unavailable'];

export interface FailoverQuestion {
  event: SessionEvent;
  /** The step the applicant answered (a submission); undefined for a start, restart or failover. */
  answered: FormStep | undefined;
  /** A service password reached the current vendor in this login (PasswordSent on the record). */
  passwordSent: boolean;
  outcome: Outcome | undefined;
  /** The vendors still to try, in order, that this server can call. */
  fallbacks: readonly ProviderName[];
}

/** Whether a step asks for the service password (submitting it sends the password upstream). */
export const asksPassword = (step: FormStep | undefined): boolean =>
  step?.fields.some((field) => field.kind === 'servicePassword') ?? false;

/** The vendor to move to, with the code that moved the session, or undefined to show the outcome as it is. */
export function failoverDecision(question: FailoverQuestion): { to: ProviderName; code: ErrorCode } | undefined {
  const { outcome, answered } = question;
  if (!outcome || (outcome.type !== 'failed' && outcome.type !== 'rejected')) return undefined;
  if (!FAILOVER_CODES.includes(outcome.error.code)) return undefined;
  if (question.passwordSent) return undefined;
  const to = question.fallbacks[0];
  if (to === undefined) return undefined;
  switch (question.event) {
    case 'start':
    case 'restart':
    case 'failover':
      return { to, code: outcome.error.code };
    case 'submit':
      // A password step, or a recovery detour (its progress lives at this vendor), stays where it is.
      if (!answered || asksPassword(answered) || answered.purpose === 'recoverPassword') return undefined;
      return { to, code: outcome.error.code };
    default:
      // Refreshing a captcha or resending a code belongs to a step already under way at this vendor.
      return undefined;
  }
}

/** The adapter's start input; the applicant travels only when the lender supplied one. */
export const startInput = (record: SessionRecord): StartInput =>
  record.applicant
    ? { phone: record.phone, userId: record.userId, applicant: record.applicant }
    : { phone: record.phone, userId: record.userId };

/** One move from a vendor to the next, as analytics and the log record it (no personal data). */
export interface FailoverMove {
  from: ProviderName;
  to: ProviderName;
  code: ErrorCode;
  upstreamCode: string | undefined;
}

/**
 * Applies failover to a call's outcome, with the session's lease held by the caller: while the
 * outcome calls for it, the record moves to the next vendor (a fresh start there, the old vendor's
 * state dropped: neither vendor can close a login session, so the old one times out unused) and
 * that vendor's first outcome replaces the call's. The caller stores the result in one commit.
 */
export function createFailover(ctx: ServiceContext, caller: UpstreamCaller) {
  const { log, options } = ctx;

  return async function settle(
    record: SessionRecord,
    event: SessionEvent,
    answered: FormStep | undefined,
    outcome: Outcome | undefined,
  ): Promise<{ record: SessionRecord; outcome: Outcome | undefined; moves: FailoverMove[] }> {
    let current = record;
    let result = outcome;
    let currentEvent = event;
    const moves: FailoverMove[] = [];
    for (;;) {
      const fallbacks = (current.fallbacks ?? []).filter((provider) => caller.hasAdapter({ provider, demo: current.demo }));
      const decision = failoverDecision({
        event: currentEvent,
        answered: currentEvent === 'submit' ? answered : undefined,
        passwordSent: current.passwordSent === true,
        outcome: result,
        fallbacks,
      });
      if (!decision || !result || !('error' in result)) break;
      const from = current.provider;
      const upstreamCode = result.error.upstreamCode;
      const rest = fallbacks.slice(1);
      const failovers = [...(current.failovers ?? []), { from, to: decision.to, code: decision.code, at: ctx.iso() }];
      current = {
        ...current,
        provider: decision.to,
        fallbacks: rest,
        failovers,
        adapterState: null,
        taskId: undefined,
        passwordSent: false,
      };
      moves.push({ from, to: decision.to, code: decision.code, upstreamCode });
      log.info(
        {
          session: record.id,
          event: 'failover',
          from,
          to: decision.to,
          error: decision.code,
          upstreamCode,
          ...(record.demo && { demo: true }),
        },
        'session moved to the next vendor',
      );
      if (!record.demo) options.observe?.failover?.(from, decision.to, decision.code);
      const next = current;
      result = await caller.call(next, 'failover', (adapter) => adapter.start(startInput(next)));
      currentEvent = 'failover';
    }
    return { record: current, outcome: result, moves };
  };
}
