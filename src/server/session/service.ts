import { maskPhone } from '../../flow';
import type {
  FieldAction,
  FieldActionParams,
  FieldValue,
  FormStep,
  StartSessionRequest,
  StartSessionResponse,
  Step,
  StepResponse,
} from '../../flow';
import { PROVIDER_NAMES } from '../../providers/types';
import type { AdapterOutcome, Applicant, ProviderAdapter, ProviderName, StartInput } from '../../providers/types';
import type { SessionAnalytics } from '../analytics/session-events';
import type { DemoCall, DemoRuntime } from '../demo/context';
import { failures } from '../errors';
import type { AbuseGuard } from '../limits/guard';
import { createSessionGuard } from './abuse';
import { describeStep } from './describe';
import { MAX_RESTARTS, assertCancel, assertFieldAction, assertRestart } from './guards';
import type { SessionDemo, SessionLink, SessionRecord } from './record';
import { createKeyedQueue } from './lock';
import { failedStep, stepFromOutcome } from './step-mapper';
import type { SessionStore } from './store';
import { bearerToken, createToken, createUserId, isWellFormedToken, randomId, tokenKey } from './token';
import { checkValues } from './validate-values';

/** The slice of a pino logger the service uses. */
export interface ServiceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SessionServiceOptions<S> {
  /** A single upstream (older callers); it joins `adapters` under its own provider. */
  adapter?: ProviderAdapter<S>;
  /** The configured upstreams; a session always uses the one of its record's provider. */
  adapters?: Partial<Record<ProviderName, ProviderAdapter<unknown>>>;
  /** Provider of new sessions (default: `adapter`'s, else the first of `adapters`). */
  provider?: ProviderName;
  /** Demo mode: without it a start asking for `demo` is refused (400). */
  demo?: DemoRuntime;
  store: SessionStore;
  log: ServiceLogger;
  now?: () => number;
  /** Restarts allowed per session (default MAX_RESTARTS). */
  maxRestarts?: number;
  /** Abuse limits per number and session (SMS sends, wrong passwords, starts, captcha refreshes); none without it. */
  guard?: AbuseGuard;
  /**
   * Called with the record of a session that just authorized, before the step is stored, so the
   * collection of its data is recorded first (issue 6): a crash in between leaves data to fetch
   * rather than an authorized session nobody fetches for. Must be idempotent.
   */
  onAuthorized?: (record: SessionRecord) => Promise<void>;
  /** Step analytics: told of every stored step and every refused submission; never slows or fails a call. */
  analytics?: SessionAnalytics;
}

export interface StartOptions {
  /** What the lender knows of the applicant (from a link); kept for restarts. */
  applicant?: Applicant;
  /** The session id a link token promised the lender; a fresh one otherwise. */
  id?: string;
  /** The link the session was opened from. */
  link?: SessionLink;
}

/** What the routes call. `authorization` is the raw Authorization header. */
export interface SessionService {
  start(request: StartSessionRequest, options?: StartOptions): Promise<StartSessionResponse>;
  current(authorization: string | undefined): Promise<StepResponse>;
  submit(authorization: string | undefined, stepId: string, values: Readonly<Record<string, FieldValue>>): Promise<StepResponse>;
  fieldAction(authorization: string | undefined, params: FieldActionParams): Promise<StepResponse>;
  /** Leaves the current step when it is `cancellable` (e.g. back from password recovery). */
  cancel(authorization: string | undefined, stepId: string): Promise<StepResponse>;
  restart(authorization: string | undefined): Promise<StepResponse>;
}

type Event = 'start' | 'submit' | FieldAction | 'cancel' | 'restart';

type Outcome = AdapterOutcome<unknown>;

export function createSessionService<S>(options: SessionServiceOptions<S>): SessionService {
  const { store, log } = options;
  const adapters: Partial<Record<ProviderName, ProviderAdapter<unknown>>> = { ...options.adapters };
  if (options.adapter) adapters[options.adapter.provider] = options.adapter;
  const defaultProvider = options.provider ?? options.adapter?.provider ?? firstKey(adapters);
  if (defaultProvider === undefined || !adapters[defaultProvider]) {
    throw new Error('session service: no adapter for the default provider');
  }
  const now = options.now ?? Date.now;
  const maxRestarts = options.maxRestarts ?? MAX_RESTARTS;
  const queue = createKeyedQueue();
  const iso = () => new Date(now()).toISOString();
  /** Analytics must never break a session call. */
  const observe = (report: () => void) => {
    try {
      report();
    } catch (error) {
      log.error({ err: { name: error instanceof Error ? error.name : 'error' } }, 'analytics hook failed');
    }
  };
  const guard = createSessionGuard(options.guard);

  async function load(authorization: string | undefined): Promise<{ key: string; record: SessionRecord }> {
    const token = bearerToken(authorization);
    if (token === undefined || !isWellFormedToken(token)) throw failures.noSession();
    const key = tokenKey(token);
    const record = await store.get(key);
    // A well-formed token we do not know has almost always idled out (or outlived a restart).
    if (!record) throw failures.expired();
    return { key, record };
  }

  /**
   * Runs `work` alone for this session. A call that queued behind another finds the record changed
   * and is refused as outdated, so a double click reaches the upstream once.
   */
  async function exclusive(authorization: string | undefined, work: (record: SessionRecord, key: string) => Promise<StepResponse>) {
    const { key, record: seen } = await load(authorization);
    return queue.run(key, async () => {
      const record = await store.get(key);
      if (!record) throw failures.expired();
      if (record.version !== seen.version) throw failures.outdated();
      return work(record, key);
    });
  }

  function currentForm(record: SessionRecord, stepId: string): FormStep {
    if (record.step.type !== 'form' || record.step.id !== stepId) throw failures.outdated();
    return record.step;
  }

  /** The adapter of the record's provider: a demo simulator's for a demo session, else the configured one. */
  function adapterFor(record: Pick<SessionRecord, 'id' | 'provider' | 'demo'>): ProviderAdapter<unknown> {
    const adapter = record.demo ? options.demo?.adapters[record.provider] : adapters[record.provider];
    if (!adapter) {
      // A record written by a server configured otherwise (e.g. demo mode since turned off).
      log.error({ session: record.id, provider: record.provider, demo: record.demo !== undefined }, 'no adapter for the session');
      throw failures.internal();
    }
    return adapter;
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
  async function call(record: SessionRecord, event: Event, work: (adapter: ProviderAdapter<unknown>) => Promise<Outcome>) {
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

  async function save(key: string, record: SessionRecord, outcome: Outcome | undefined, computed: Step, event: Event) {
    const next: SessionRecord = { ...record, updatedAt: iso(), version: record.version + 1 };
    if (outcome) next.adapterState = outcome.state;
    if (outcome?.type === 'authorized') next.taskId = outcome.taskId;
    if (record.demo && faultFires(record.demo, event)) next.demo = { ...record.demo, faultSpent: true };
    const step = withResult(computed, next);
    next.step = step;
    if (outcome?.type === 'authorized' && options.onAuthorized) {
      try {
        await options.onAuthorized(next);
      } catch (error) {
        // The applicant is authorized upstream either way; the step must still say so.
        log.error({ session: record.id, err: { name: error instanceof Error ? error.name : 'error' } }, 'collection not recorded');
      }
    }
    await store.put(key, next);
    observe(() =>
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
  }

  async function action(record: SessionRecord, key: string, stepId: string, fieldId: string, kind: FieldAction) {
    const step = currentForm(record, stepId);
    assertFieldAction(step, fieldId, kind, now());
    // Every session, demo included: a refresh renders a picture upstream and here.
    if (kind === 'refresh') await options.guard?.captchaRefresh(record.id);
    const state = adapterState(record);
    const ticket = await guard.before(kind, record, step, { fieldId });
    const outcome = await call(record, kind, (adapter) => adapter.fieldAction(state, fieldId, kind));
    // Recovery opens other steps; a refresh or resend gives the same step a new revision.
    const computed = toStep(outcome, step, kind === 'recover' ? 'advance' : 'same', record.id);
    return save(key, record, outcome, await guard.after(ticket, outcome, computed, now()), kind);
  }

  /** The adapter's start input; the applicant travels only when the lender supplied one. */
  const startInput = (record: SessionRecord): StartInput =>
    record.applicant
      ? { phone: record.phone, userId: record.userId, applicant: record.applicant }
      : { phone: record.phone, userId: record.userId };

  return {
    async start(request, startOptions) {
      if (request.demo && !options.demo) throw failures.badRequest();
      const token = createToken();
      const key = tokenKey(token);
      const t = iso();
      const record: SessionRecord = {
        id: startOptions?.id ?? randomId('ses', 9),
        version: 0,
        provider: request.demo?.provider ?? defaultProvider,
        phone: request.phone,
        userId: createUserId(),
        consent: { ...request.consent, recordedAt: t },
        createdAt: t,
        updatedAt: t,
        step: { type: 'authorized', id: 'pending' },
        adapterState: null,
      };
      if (startOptions?.applicant) record.applicant = startOptions.applicant;
      if (startOptions?.link) record.link = startOptions.link;
      if (request.demo) record.demo = { ...request.demo };
      const ticket = await guard.before('start', record, undefined);
      // Nobody else holds the token yet, so no queue is needed.
      const outcome = await call(record, 'start', (adapter) => adapter.start(startInput(record)));
      const step = await guard.after(ticket, outcome, toStep(outcome, undefined, 'advance', record.id), now());
      const saved = await save(key, record, outcome, step, 'start');
      return { token, ...saved };
    },

    async current(authorization) {
      const { record } = await load(authorization);
      // The stored step already carries its `result` (save() adds it).
      return { step: record.step, serverTime: iso() };
    },

    submit(authorization, stepId, values) {
      return exclusive(authorization, async (record, key) => {
        const step = currentForm(record, stepId);
        const checked = checkValues(step.fields, values, { phone: record.phone, idCard: record.idCard ?? record.applicant?.idCard });
        if (!checked.ok) {
          log.info({ session: record.id, event: 'submit', field: checked.fieldId, error: checked.code }, 'submission refused');
          const kind = step.fields.find((field) => field.id === checked.fieldId)?.kind;
          observe(() => options.analytics?.refused(record, kind, checked.code));
          throw failures.inputInvalid(checked.message, checked.fieldId, checked.code);
        }
        const state = adapterState(record);
        const ticket = await guard.before('submit', record, step, { values: checked.values });
        const outcome = await call(record, 'submit', (adapter) => adapter.submit(state, checked.values));
        // Kept for checking a new service password later; personal data, so never logged or answered.
        const next = checked.idCard === undefined ? record : { ...record, idCard: checked.idCard };
        const computed = await guard.after(ticket, outcome, toStep(outcome, step, 'advance', record.id), now());
        return save(key, next, outcome, computed, 'submit');
      });
    },

    fieldAction(authorization, params) {
      return exclusive(authorization, (record, key) => action(record, key, params.stepId, params.fieldId, params.action));
    },

    cancel(authorization, stepId) {
      return exclusive(authorization, async (record, key) => {
        const step = currentForm(record, stepId);
        assertCancel(step);
        const state = adapterState(record);
        const outcome = await call(record, 'cancel', (adapter) => adapter.cancel(state));
        return save(key, record, outcome, toStep(outcome, step, 'advance', record.id), 'cancel');
      });
    },

    restart(authorization) {
      return exclusive(authorization, async (record, key) => {
        const restarts = record.restarts ?? 0;
        assertRestart(record.step, restarts, now(), maxRestarts);
        const ticket = await guard.before('restart', record, record.step.type === 'form' ? record.step : undefined);
        // Counted whatever the outcome: a restart that fails upstream still reached the carrier.
        const outcome = await call(record, 'restart', (adapter) => adapter.start(startInput(record)));
        const next = await guard.after(ticket, outcome, toStep(outcome, undefined, 'advance', record.id), now());
        return save(key, { ...record, taskId: undefined, restarts: restarts + 1 }, outcome, next, 'restart');
      });
    },
  };
}

function firstKey(adapters: Partial<Record<ProviderName, unknown>>): ProviderName | undefined {
  return PROVIDER_NAMES.find((name) => adapters[name] !== undefined);
}

/** Whether this action is the one the session's fault fails: the first start (or restart), or the first submission. */
function faultFires(demo: SessionDemo, event: Event): boolean {
  if (!demo.fault || demo.faultSpent) return false;
  return demo.fault.at === 'start' ? event === 'start' || event === 'restart' : event === 'submit';
}

/** What the demo HTTP layer injects into this action's upstream calls. */
function demoCall(demo: SessionDemo, event: Event): DemoCall {
  const call: DemoCall = { latencyMs: demo.latencyMs ?? 0 };
  if (demo.fault && faultFires(demo, event)) call.fault = demo.fault.kind;
  return call;
}

/** An authorized step carries what the lender's page learns on success (the embed `success` event). */
function withResult(step: Step, record: Pick<SessionRecord, 'id' | 'taskId'>): Step {
  if (step.type !== 'authorized' || record.taskId === undefined || step.result) return step;
  // The flow schema bounds the id; an upstream id beyond it stays server-side rather than break the answer.
  if (record.taskId.length === 0 || record.taskId.length > 128) return step;
  return { ...step, result: { sessionId: record.id, taskId: record.taskId } };
}

const THROWN = { code: 'upstream_error', target: 'none', retry: 'step', message: '运营商服务暂时异常，请稍后重试' } as const;
const INVALID = { code: 'upstream_invalid_response', target: 'none', retry: 'restart', message: '运营商服务返回异常，请重新开始' } as const;
