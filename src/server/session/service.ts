import { maskPhone } from '../../flow';
import type { FieldAction, FormStep } from '../../flow';
import { detectCarrier } from '../../flow/phone';
import { PROVIDER_NAMES } from '../../providers/types';
import type { ProviderAdapter, ProviderName } from '../../providers/types';
import { provinceOf } from '../analytics/province';
import { failures } from '../errors';
import { routeFor } from '../routing/provider-routes';
import { createSessionGuard } from './abuse';
import { createSessionAccess, DEFAULT_LEASE_MS } from './exclusive';
import { asksPassword, createFailover, startInput } from './failover';
import type { FailoverMove } from './failover';
import { createHandoffs } from './handoff';
import { MAX_RESTARTS, assertCancel, assertFieldAction, assertRestart } from './guards';
import { createKeyedQueue } from './lock';
import type { SessionRecord } from './record';
import type { ServiceContext } from './service-context';
import type { SessionLease, SessionService, SessionServiceOptions } from './service-types';
import { createStepSaver } from './save-step';
import type { StartSessionRequest } from '../../flow';
import { createToken, createUserId, bearerToken, isWellFormedToken, randomId, tokenKey } from './token';
import { createUpstreamCaller } from './upstream-call';
import { checkValues } from './validate-values';

export { DEFAULT_LEASE_MS } from './exclusive';
export type { ServiceLogger, SessionObserver, SessionService, SessionServiceOptions, StartOptions } from './service-types';

// The session service: one authorization from the phone number to the vendor's answer. Its parts:
// exclusive.ts (one call at a time per session, across instances), upstream-call.ts (the adapter
// call and its step), save-step.ts (storing the result), failover.ts (moving to the next vendor).

export function createSessionService<S>(options: SessionServiceOptions<S>): SessionService {
  const { store, log } = options;
  const adapters: Partial<Record<ProviderName, ProviderAdapter<unknown>>> = { ...options.adapters };
  if (options.adapter) adapters[options.adapter.provider] = options.adapter;
  const defaultProvider = options.provider ?? options.adapter?.provider ?? firstKey(adapters);
  if (defaultProvider === undefined || !adapters[defaultProvider]) {
    throw new Error('session service: no adapter for the default provider');
  }
  const now = options.now ?? Date.now;
  const ctx: ServiceContext = {
    // The options' adapter type parameter only matters to callers; inside, states are unknown.
    options: options as SessionServiceOptions<unknown>,
    store,
    log,
    now,
    iso: () => new Date(now()).toISOString(),
    adapters,
    queue: createKeyedQueue(),
    tellAnalytics(report) {
      try {
        report();
      } catch (error) {
        log.error({ err: { name: error instanceof Error ? error.name : 'error' } }, 'analytics hook failed');
      }
    },
  };
  const { iso, queue } = ctx;
  const maxRestarts = options.maxRestarts ?? MAX_RESTARTS;
  const { exclusive, load } = createSessionAccess(ctx, options.leaseMs ?? DEFAULT_LEASE_MS, options.instanceId ?? randomId('inst', 6));
  const caller = createUpstreamCaller(ctx);
  const { adapterState, call, toStep } = caller;
  const save = createStepSaver(ctx);
  const settleFailover = createFailover(ctx, caller);
  const handoffs = createHandoffs({ store, queue, now, log });
  const guard = createSessionGuard(options.guard);

  /** The vendor a new session starts on and those it may fail over to (its route; a demo session's own choice). */
  function routeOf(
    request: StartSessionRequest,
    phone: string,
    applicantProvince: string | undefined,
    linked: ProviderName | undefined,
  ): Pick<SessionRecord, 'provider' | 'fallbacks'> {
    if (request.demo) {
      const fallbacks = (request.demo.failover ?? []).filter((provider) => provider !== request.demo?.provider);
      return { provider: request.demo.provider, ...(fallbacks.length > 0 && { fallbacks }) };
    }
    const routed = options.routes
      ? routeFor(options.routes, detectCarrier(phone), provinceOf(applicantProvince) ?? undefined).filter(
          (provider) => adapters[provider] !== undefined,
        )
      : [defaultProvider as ProviderName];
    // An update goes back to the vendor of the earlier session first, when this deployment still runs it.
    const order = linked !== undefined && adapters[linked] !== undefined ? [linked, ...routed.filter((p) => p !== linked)] : routed;
    const [first = defaultProvider as ProviderName, ...fallbacks] = order;
    return { provider: first, ...(fallbacks.length > 0 && { fallbacks }) };
  }

  /** Failovers go to analytics as events of their own (the vendor's code, never a value). */
  function reportMoves(record: SessionRecord, moves: readonly FailoverMove[]) {
    for (const move of moves) ctx.tellAnalytics(() => options.analytics?.failover?.(record, move));
  }

  function currentForm(record: SessionRecord, stepId: string): FormStep {
    if (record.step.type !== 'form' || record.step.id !== stepId) throw failures.outdated();
    return record.step;
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

  return {
    async start(request, startOptions) {
      if (request.demo && !options.demo) throw failures.badRequest();
      const token = createToken();
      const key = tokenKey(token);
      const t = iso();
      const phone = startOptions?.phone ?? request.phone;
      if (phone === undefined) throw failures.inputInvalid('请输入手机号（phone）', 'phone');
      const initial: SessionRecord = {
        id: startOptions?.id ?? randomId('ses', 9),
        version: 0,
        ...routeOf(request, phone, startOptions?.applicant?.province, startOptions?.provider),
        phone,
        userId: createUserId(),
        consent: { ...request.consent, recordedAt: t },
        createdAt: t,
        updatedAt: t,
        step: { type: 'authorized', id: 'pending' },
        adapterState: null,
      };
      if (startOptions?.applicant) initial.applicant = startOptions.applicant;
      if (startOptions?.link) initial.link = startOptions.link;
      if (request.demo) initial.demo = { ...request.demo };
      const ticket = await guard.before('start', initial, undefined);
      // Nobody else holds the token yet, so no queue is needed.
      const first = await call(initial, 'start', (adapter) => adapter.start(startInput(initial)));
      const { record, outcome, moves } = await settleFailover(initial, 'start', undefined, first);
      reportMoves(record, moves);
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
      return exclusive(authorization, async (loaded, lease) => {
        const step = currentForm(loaded, stepId);
        const checked = checkValues(step.fields, values, { phone: loaded.phone, idCard: loaded.idCard ?? loaded.applicant?.idCard });
        if (!checked.ok) {
          log.info({ session: loaded.id, event: 'submit', field: checked.fieldId, error: checked.code }, 'submission refused');
          const kind = step.fields.find((field) => field.id === checked.fieldId)?.kind;
          ctx.tellAnalytics(() => options.analytics?.refused(loaded, kind, checked.code));
          throw failures.inputInvalid(checked.message, checked.fieldId, checked.code);
        }
        const state = adapterState(loaded);
        const ticket = await guard.before('submit', loaded, step, { values: checked.values });
        const first = await call(loaded, 'submit', (adapter) => adapter.submit(state, checked.values));
        // From here the vendor (and maybe the carrier) has the password: no failover any more.
        const sent = asksPassword(step) ? { ...loaded, passwordSent: true } : loaded;
        const { record, outcome, moves } = await settleFailover(sent, 'submit', step, first);
        reportMoves(record, moves);
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
      return exclusive(authorization, async (loaded, lease) => {
        const restarts = loaded.restarts ?? 0;
        assertRestart(loaded.step, restarts, now(), maxRestarts);
        const ticket = await guard.before('restart', loaded, loaded.step.type === 'form' ? loaded.step : undefined);
        // A new login: nothing of it has reached the vendor yet.
        const fresh: SessionRecord = { ...loaded, taskId: undefined, restarts: restarts + 1, passwordSent: false };
        // Counted whatever the outcome: a restart that fails upstream still reached the carrier.
        const first = await call(fresh, 'restart', (adapter) => adapter.start(startInput(fresh)));
        const { record, outcome, moves } = await settleFailover(fresh, 'restart', undefined, first);
        reportMoves(record, moves);
        const next = await guard.after(ticket, outcome, toStep(outcome, undefined, 'advance', record.id), now());
        return save(lease, record, outcome, next, 'restart');
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
