import { maskPhone } from '../../flow';
import type { FlowError, Step, StepResponse } from '../../flow';
import type { SessionAction } from '../analytics/session-events';
import { failures } from '../errors';
import { describeStep } from './describe';
import { stepForBrowser } from './phone-mask';
import type { SessionRecord } from './record';
import type { ServiceContext } from './service-context';
import type { SessionLease } from './service-types';
import { THROWN, faultFires } from './upstream-call';
import type { Outcome } from './upstream-call';

/** Storing a call's result: the record moves on, collection is recorded, metrics, analytics and the log hear of it. */
export function createStepSaver(ctx: ServiceContext) {
  const { options, store, log, iso } = ctx;

  /** Reports an adapter outcome and the SMS it made the carrier send (metrics). */
  function observe(record: SessionRecord, event: SessionAction, outcome: Outcome | undefined, step: Step) {
    const observer = options.observe;
    if (!observer || record.demo) return;
    const error: Pick<FlowError, 'code' | 'upstreamCode'> | undefined =
      outcome === undefined ? { code: THROWN.code } : 'error' in outcome ? outcome.error : undefined;
    observer.upstream(
      record.provider,
      event,
      error && { code: error.code, ...(error.upstreamCode !== undefined && { upstreamCode: error.upstreamCode }) },
    );
    if (step.type !== 'form' || !step.fields.some((field) => field.kind === 'smsCode' && field.resend)) return;
    if (event === 'resend' && outcome?.type !== 'rejected') observer.smsSent(record.provider, 'resend');
    else if (record.step.type !== 'form' || record.step.id !== step.id) observer.smsSent(record.provider, 'step');
  }

  /**
   * Stores the step a call computed: under the call's lease (committed only while it holds it), or
   * unconditionally for a new session (`{ key }`). Answers the step as the browser gets it.
   */
  return async function save(
    target: SessionLease | { key: string },
    record: SessionRecord,
    outcome: Outcome | undefined,
    computed: Step,
    event: SessionAction,
  ): Promise<StepResponse> {
    const { key } = target;
    const next: SessionRecord = { ...record, updatedAt: iso(), version: record.version + 1 };
    if (outcome) next.adapterState = outcome.state;
    if (outcome?.type === 'authorized') next.taskId = outcome.taskId;
    if (record.demo && faultFires(record.demo, event)) next.demo = { ...record.demo, faultSpent: true };
    // Stored as the browser gets it (GET /api/session and the hand-off answer the stored step); the
    // lender's result ids are added after, as they are.
    const step = withResult(stepForBrowser(computed, next), next);
    next.step = step;
    if (outcome?.type === 'authorized' && options.onAuthorized) {
      try {
        await options.onAuthorized(next);
      } catch (error) {
        // The applicant is authorized upstream either way; the step must still say so.
        log.error({ session: record.id, err: { name: error instanceof Error ? error.name : 'error' } }, 'collection not recorded');
      }
    }
    observe(record, event, outcome, step);
    if (!('owner' in target)) {
      await store.put(key, next);
    } else if (await store.commit(key, next, target.owner)) {
      target.committed = true;
    } else {
      // Held past its lease and taken over by another call: that call's result stands.
      log.warn({ session: record.id, event }, 'session result dropped: the lease was taken over');
      throw failures.busy();
    }
    // Only a step that was stored counts: a result dropped above never happened for the funnel.
    ctx.tellAnalytics(() =>
      options.analytics?.step({
        record: next,
        previous: event === 'start' ? undefined : record.step,
        action: event,
        upstreamCode: outcome && (outcome.type === 'rejected' || outcome.type === 'failed') ? outcome.error.upstreamCode : undefined,
      }),
    );
    const lender = event === 'start' && record.link ? { lenderId: record.link.lenderId } : {};
    const demo = record.demo ? { demo: true, provider: record.provider } : {};
    log.info({ session: record.id, phone: maskPhone(record.phone), event, ...lender, ...demo, ...describeStep(step) }, 'session step');
    return { step, serverTime: iso() };
  };
}

/** An authorized step carries what the lender's page learns on success (the embed `success` event). */
function withResult(step: Step, record: Pick<SessionRecord, 'id' | 'taskId'>): Step {
  if (step.type !== 'authorized' || record.taskId === undefined || step.result) return step;
  // The flow schema bounds the id; an upstream id beyond it stays server-side rather than break the answer.
  if (record.taskId.length === 0 || record.taskId.length > 128) return step;
  return { ...step, result: { sessionId: record.id, taskId: record.taskId } };
}
