import type { FormStep, Step } from '../../flow';
import type { AdapterOutcome, ProviderAdapter } from '../../providers/types';
import type { DemoCall } from '../demo/context';
import { failures } from '../errors';
import type { SessionDemo, SessionRecord } from './record';
import type { ServiceContext } from './service-context';
import type { SessionEvent } from './service-types';
import { failedStep, stepFromOutcome } from './step-mapper';

export type Outcome = AdapterOutcome<unknown>;

/** An adapter that threw (a bug), as the user sees it. */
export const THROWN = { code: 'upstream_error', target: 'none', retry: 'step', message: '运营商服务暂时异常，请稍后重试' } as const;
const INVALID = { code: 'upstream_invalid_response', target: 'none', retry: 'restart', message: '运营商服务返回异常，请重新开始' } as const;

/** Calling a session's adapter: which one, its state, the call itself, and its outcome as a step. */
export function createUpstreamCaller(ctx: ServiceContext) {
  const { options, log, now } = ctx;

  /** The adapter of the record's provider: a demo simulator's for a demo session, else the configured one. */
  function adapterFor(record: Pick<SessionRecord, 'id' | 'provider' | 'demo'>): ProviderAdapter<unknown> {
    const adapter = record.demo ? options.demo?.adapters[record.provider] : ctx.adapters[record.provider];
    if (!adapter) {
      // A record written by a server configured otherwise (e.g. demo mode since turned off).
      log.error({ session: record.id, provider: record.provider, demo: record.demo !== undefined }, 'no adapter for the session');
      throw failures.internal();
    }
    return adapter;
  }

  /** Whether the record's provider can be called here (a failover target must be). */
  function hasAdapter(record: Pick<SessionRecord, 'provider' | 'demo'>): boolean {
    return (record.demo ? options.demo?.adapters[record.provider] : ctx.adapters[record.provider]) !== undefined;
  }

  function adapterState(record: SessionRecord): unknown {
    const parsed = adapterFor(record).stateSchema.safeParse(record.adapterState);
    if (!parsed.success) {
      log.error({ session: record.id }, 'stored adapter state does not parse');
      throw failures.internal();
    }
    return parsed.data;
  }

  /**
   * The adapter call; a throw (an adapter bug) becomes undefined and is logged without values. A demo
   * session's settings travel to the demo HTTP layer through the demo context.
   */
  async function call(record: SessionRecord, event: SessionEvent, work: (adapter: ProviderAdapter<unknown>) => Promise<Outcome>) {
    const adapter = adapterFor(record);
    const context = options.demo?.context;
    try {
      return await (record.demo && context ? context.run(demoCall(record.demo, event), () => work(adapter)) : work(adapter));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'unknown';
      log.error({ session: record.id, event, err: { name } }, 'adapter call threw');
      return undefined;
    }
  }

  function toStep(outcome: Outcome | undefined, current: FormStep | undefined, mode: 'advance' | 'same', id: string): Step {
    if (!outcome) {
      return current
        ? stepFromOutcome({ type: 'rejected', state: null, error: THROWN }, current, mode, now())
        : failedStep({ ...THROWN, retry: 'restart' });
    }
    try {
      // The vendor's wait becomes `retryAt` on the server clock (guidanceOf).
      return stepFromOutcome(outcome, current, mode, now());
    } catch {
      log.error({ session: id, outcome: outcome.type }, 'adapter produced a step outside the flow schema');
      return failedStep({ ...INVALID, retry: 'restart' });
    }
  }

  return { adapterFor, hasAdapter, adapterState, call, toStep };
}

export type UpstreamCaller = ReturnType<typeof createUpstreamCaller>;

/**
 * Whether this action is the one the session's fault fails: the first start (or restart), or the
 * first submission. The first call on a failover vendor is never faulted: the fault already fired.
 */
export function faultFires(demo: SessionDemo, event: SessionEvent): boolean {
  if (!demo.fault || demo.faultSpent) return false;
  return demo.fault.at === 'start' ? event === 'start' || event === 'restart' : event === 'submit';
}

/** What the demo HTTP layer injects into this action's upstream calls. */
function demoCall(demo: SessionDemo, event: SessionEvent): DemoCall {
  const call: DemoCall = { latencyMs: demo.latencyMs ?? 0 };
  if (demo.fault && faultFires(demo, event)) call.fault = demo.fault.kind;
  return call;
}
