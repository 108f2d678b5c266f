import { maskPhone } from '../../flow';
import type {
  FieldAction,
  FieldActionParams,
  FieldValue,
  FlowError,
  FormStep,
  HandoffResponse,
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
import { createHandoffs } from './handoff';
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
   * How long a call's lease on its session lasts before it is renewed (default 30 s; renewed every
   * third of it while the upstream call runs). A process that dies mid-call frees the session
   * after at most this long.
   */
  leaseMs?: number;
  /** Names this process in lease owners (default a random id); shown in the store for support. */
  instanceId?: string;
  /** Told of each upstream outcome and SMS send (metrics). */
  observe?: SessionObserver;
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
  /** An update link's number (the earlier session's): used instead of the request's, which may omit it. */
  phone?: string;
  /** An update link's vendor (the earlier session's): used when it is configured, else the default. */
  provider?: ProviderName;
}

/** What the session service reports as it goes (the metrics registry implements it). */
export interface SessionObserver {
  /** An adapter call ended; `error` is the neutral code and the vendor's own code when it failed. */
  upstream(provider: ProviderName, event: string, error: { code: string; upstreamCode?: string } | undefined): void;
  /** The carrier was made to send an SMS code (a new SMS step, or a resend). */
  smsSent(provider: ProviderName, reason: 'step' | 'resend'): void;
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
  /**
   * Cancels the session (the applicant changes number): forgotten now, after any upstream call in
   * flight. Idempotent: a session already gone is cancelled too. Refused once authorized.
   */
  end(authorization: string | undefined): Promise<void>;
  /** Parks a session just started under a one-time code for the page (session/handoff.ts). */
  handOff(token: string): Promise<string>;
  /** The session parked under `code`, under a new token. */
  redeemHandoff(code: string): Promise<HandoffResponse>;
}

type Event = 'start' | 'submit' | FieldAction | 'cancel' | 'restart';

/** A call's hold on its session: the store key, the lease owner, and whether its result was committed. */
interface SessionLease {
  key: string;
  owner: string;
  committed: boolean;
}

/** A call's lease on its session; renewed every third of it while the upstream call runs. */
export const DEFAULT_LEASE_MS = 30_000;

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
  const tellAnalytics = (report: () => void) => {
    try {
      report();
    } catch (error) {
      log.error({ err: { name: error instanceof Error ? error.name : 'error' } }, 'analytics hook failed');
    }
  };
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const instanceId = options.instanceId ?? randomId('inst', 6);
  const handoffs = createHandoffs({ store, queue, now, log });
  const guard = createSessionGuard(options.guard);

  async function load(authorization: string | undefined): Promise<{ key: string; record: SessionRecord }> {
    const token = bearerToken(authorization);
    if (token === undefined || !isWellFormedToken(token)) throw failures.noSession();
    const key = tokenKey(token);
    const record = await store.get(key);
    // A well-formed token we do not know has almost always idled out (or outlived a restart).
    // A session waiting for its hand-off answers to no token yet.
    if (!record || record.handoff) throw failures.expired();
    return { key, record };
  }

  /**
   * Runs `work` alone for this session, across every instance sharing the store: the call leases
   * the session at the version it saw (renewing the lease while the upstream call runs) and its
   * result is committed only while it holds the lease. Within this process a second call queues
   * and then finds the record changed (outdated); on another instance it finds the lease (busy).
   * Either way a double click reaches the upstream once.
   */
  async function exclusive(authorization: string | undefined, work: (record: SessionRecord, lease: SessionLease) => Promise<StepResponse>) {
    const { key, record: seen } = await load(authorization);
    return queue.run(key, async () => {
      const owner = `${instanceId}:${randomId('call', 6)}`;
      const claimed = await store.claim(key, { version: seen.version, owner, leaseMs });
      if (claimed.status === 'missing') throw failures.expired();
      if (claimed.status === 'outdated') throw failures.outdated();
      if (claimed.status === 'busy') throw failures.busy();
      if (claimed.record.handoff) {
        // Parked for the page's hand-off code: no bearer token may act on it.
        await store.release(key, owner).catch(() => undefined);
        throw failures.expired();
      }
      const lease: SessionLease = { key, owner, committed: false };
      const heartbeat = setInterval(
        () => {
          store.renew(key, owner, leaseMs).then(
            (held) => {
              if (!held) log.warn({ session: seen.id }, 'session lease lost during an upstream call');
            },
            () => log.warn({ session: seen.id }, 'session lease not renewed'),
          );
        },
        Math.max(1000, Math.floor(leaseMs / 3)),
      );
      heartbeat.unref();
      try {
        return await work(claimed.record, lease);
      } finally {
        clearInterval(heartbeat);
        if (!lease.committed) await store.release(key, owner).catch(() => undefined);
      }
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

  /** Reports an adapter outcome and the SMS it made the carrier send (metrics). */
  function observe(record: SessionRecord, event: Event, outcome: Outcome | undefined, step: Step) {
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

  async function save(
    target: SessionLease | { key: string },
    record: SessionRecord,
    outcome: Outcome | undefined,
    computed: Step,
    event: Event,
  ) {
    const { key } = target;
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
    tellAnalytics(() =>
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

  async function action(record: SessionRecord, lease: SessionLease, stepId: string, fieldId: string, kind: FieldAction) {
    const step = currentForm(record, stepId);
    assertFieldAction(step, fieldId, kind, now());
    // Every session, demo included: a refresh renders a picture upstream and here.
    if (kind === 'refresh') await options.guard?.captchaRefresh(record.id);
    const state = adapterState(record);
    const ticket = await guard.before(kind, record, step, { fieldId });
    const outcome = await call(record, kind, (adapter) => adapter.fieldAction(state, fieldId, kind));
    // Recovery opens other steps; a refresh or resend gives the same step a new revision.
    const computed = toStep(outcome, step, kind === 'recover' ? 'advance' : 'same', record.id);
    return save(lease, record, outcome, await guard.after(ticket, outcome, computed, now()), kind);
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
      const phone = startOptions?.phone ?? request.phone;
      if (phone === undefined) throw failures.inputInvalid('请输入手机号（phone）', 'phone');
      const linked = startOptions?.provider !== undefined && adapters[startOptions.provider] ? startOptions.provider : undefined;
      const record: SessionRecord = {
        id: startOptions?.id ?? randomId('ses', 9),
        version: 0,
        provider: request.demo?.provider ?? linked ?? defaultProvider,
        phone,
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
      const saved = await save({ key }, record, outcome, step, 'start');
      return { token, ...saved };
    },

    async current(authorization) {
      const { record } = await load(authorization);
      // The stored step already carries its `result` (save() adds it).
      return { step: record.step, serverTime: iso() };
    },

    submit(authorization, stepId, values) {
      return exclusive(authorization, async (record, lease) => {
        const step = currentForm(record, stepId);
        const checked = checkValues(step.fields, values, { phone: record.phone, idCard: record.idCard ?? record.applicant?.idCard });
        if (!checked.ok) {
          log.info({ session: record.id, event: 'submit', field: checked.fieldId, error: checked.code }, 'submission refused');
          const kind = step.fields.find((field) => field.id === checked.fieldId)?.kind;
          tellAnalytics(() => options.analytics?.refused(record, kind, checked.code));
          throw failures.inputInvalid(checked.message, checked.fieldId, checked.code);
        }
        const state = adapterState(record);
        const ticket = await guard.before('submit', record, step, { values: checked.values });
        const outcome = await call(record, 'submit', (adapter) => adapter.submit(state, checked.values));
        // Kept for checking a new service password later; personal data, so never logged or answered.
        const next = checked.idCard === undefined ? record : { ...record, idCard: checked.idCard };
        const computed = await guard.after(ticket, outcome, toStep(outcome, step, 'advance', record.id), now());
        return save(lease, next, outcome, computed, 'submit');
      });
    },

    fieldAction(authorization, params) {
      return exclusive(authorization, (record, lease) => action(record, lease, params.stepId, params.fieldId, params.action));
    },

    cancel(authorization, stepId) {
      return exclusive(authorization, async (record, lease) => {
        const step = currentForm(record, stepId);
        assertCancel(step);
        const state = adapterState(record);
        const outcome = await call(record, 'cancel', (adapter) => adapter.cancel(state));
        return save(lease, record, outcome, toStep(outcome, step, 'advance', record.id), 'cancel');
      });
    },

    restart(authorization) {
      return exclusive(authorization, async (record, lease) => {
        const restarts = record.restarts ?? 0;
        assertRestart(record.step, restarts, now(), maxRestarts);
        const ticket = await guard.before('restart', record, record.step.type === 'form' ? record.step : undefined);
        // Counted whatever the outcome: a restart that fails upstream still reached the carrier.
        const outcome = await call(record, 'restart', (adapter) => adapter.start(startInput(record)));
        const next = await guard.after(ticket, outcome, toStep(outcome, undefined, 'advance', record.id), now());
        return save(lease, { ...record, taskId: undefined, restarts: restarts + 1 }, outcome, next, 'restart');
      });
    },

    async end(authorization) {
      const token = bearerToken(authorization);
      if (token === undefined || !isWellFormedToken(token)) throw failures.noSession();
      const key = tokenKey(token);
      // Behind any call in flight: the upstream hears nothing half-done. Neither vendor has a way
      // to close its login session; dropping ours (the adapter state, service password included)
      // ends it for us, and the vendor's own session times out unused.
      await queue.run(key, async () => {
        const record = await store.get(key);
        if (!record || record.handoff) return;
        if (record.step.type === 'authorized') throw failures.actionUnavailable('授权已完成，不能取消');
        await store.delete(key);
        log.info({ session: record.id, phone: maskPhone(record.phone), event: 'end' }, 'session cancelled');
      });
    },

    handOff: (token) => handoffs.park(token),
    redeemHandoff: (code) => handoffs.redeem(code),
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
