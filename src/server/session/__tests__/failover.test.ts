import * as z from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowError, FormStep } from '../../../flow';
import type { AdapterOutcome, ProviderAdapter, ProviderFormStep, ProviderName } from '../../../providers/types';
import type { SessionAnalytics } from '../../analytics/session-events';
import { parseProviderRoutes } from '../../routing/provider-routes';
import type { ProviderRoutes } from '../../routing/provider-routes';
import { failoverDecision } from '../failover';
import type { FailoverMove } from '../failover';
import { createSessionService } from '../service';
import { createMemorySessionStore } from '../store';
import { tokenKey } from '../token';

const CONSENT = { agreementVersion: '2024-01', acceptedAt: '2024-05-01T08:00:00.000Z' };
const TELECOM = '18900138000';
const MAINTENANCE: FlowError = {
  code: 'upstream_maintenance',
  target: 'none',
  retry: 'restart',
  message: '运营商正在维护',
  upstreamCode: '20020',
};
const UNAVAILABLE: FlowError = { code: 'upstream_unavailable', target: 'none', retry: 'step', message: '运营商繁忙', upstreamCode: '4007' };

const PASSWORD: ProviderFormStep = { intent: 'login', fields: [{ id: 'pwd', kind: 'servicePassword', required: true }] };
const NAME: ProviderFormStep = { intent: 'continue', fields: [{ id: 'who', kind: 'name', required: true }] };

type Script = { start: () => AdapterOutcome<{ at: string }>; submit?: (at: string) => AdapterOutcome<{ at: string }> };

/** A vendor whose answers the test writes; it records every call it gets. */
function scripted(provider: ProviderName, script: Script): ProviderAdapter<{ at: string }> & { calls: string[] } {
  const calls: string[] = [];
  const rejected = (at: string): AdapterOutcome<{ at: string }> => ({
    type: 'rejected',
    state: { at },
    error: { code: 'action_unavailable', target: 'none', retry: 'step', message: 'no' },
  });
  return {
    provider,
    stateSchema: z.object({ at: z.string() }),
    calls,
    async start() {
      calls.push('start');
      return script.start();
    },
    async submit(state) {
      calls.push(`submit@${state.at}`);
      return script.submit ? script.submit(state.at) : { type: 'authorized', state: { at: 'done' }, taskId: `${provider}-task` };
    },
    async fieldAction(state) {
      calls.push('action');
      return rejected(state.at);
    },
    async cancel(state) {
      return rejected(state.at);
    },
  };
}

const stores: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

function routes(text: string): ProviderRoutes {
  const parsed = parseProviderRoutes(text, ['rong360', 'dianhua']);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.routes;
}

function build(
  adapters: { rong360: ProviderAdapter<{ at: string }>; dianhua: ProviderAdapter<{ at: string }> },
  route = '*=dianhua,rong360',
) {
  const store = createMemorySessionStore({ ttlSeconds: 600 });
  stores.push(store);
  const moves: FailoverMove[] = [];
  const observed: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const analytics: SessionAnalytics = {
    step: () => undefined,
    refused: () => undefined,
    failover: (_record, move) => moves.push(move),
  };
  const log = { info: (obj: object) => logs.push({ ...obj }), warn: () => undefined, error: () => undefined };
  const service = createSessionService({
    adapters: adapters as Partial<Record<ProviderName, ProviderAdapter<unknown>>>,
    routes: routes(route),
    store,
    log,
    analytics,
    observe: {
      upstream: () => undefined,
      smsSent: () => undefined,
      failover: (from, to, code) => observed.push(`${from}->${to}:${code}`),
    },
  });
  const recordOf = (token: string) => store.get(tokenKey(token));
  return { service, moves, observed, logs, recordOf };
}

const formOf = (step: { type: string }): FormStep => {
  if (step.type !== 'form') throw new Error(`expected a form step, got ${step.type}`);
  return step as FormStep;
};

describe('failover decision', () => {
  const answeredName: FormStep = {
    type: 'form',
    id: 's1',
    revision: 0,
    intent: 'continue',
    fields: [{ id: 'who', kind: 'name', required: true }],
  };
  const answeredPassword: FormStep = { ...answeredName, fields: [{ id: 'pwd', kind: 'servicePassword', required: true }] };
  const failed = (error: FlowError) => ({ type: 'failed' as const, state: null, error });
  const base = { answered: undefined, passwordSent: false, fallbacks: ['rong360'] as ProviderName[] };

  it('moves a start answered maintenance or unavailable to the next vendor', () => {
    expect(failoverDecision({ ...base, event: 'start', outcome: failed(MAINTENANCE) })).toEqual({
      to: 'rong360',
      code: 'upstream_maintenance',
    });
    expect(failoverDecision({ ...base, event: 'restart', outcome: failed(UNAVAILABLE) })).toEqual({
      to: 'rong360',
      code: 'upstream_unavailable',
    });
  });

  it('moves a submission without a service password, never one with it', () => {
    const rejected = { type: 'rejected' as const, state: null, error: UNAVAILABLE };
    expect(failoverDecision({ ...base, event: 'submit', answered: answeredName, outcome: rejected })).toEqual({
      to: 'rong360',
      code: 'upstream_unavailable',
    });
    expect(failoverDecision({ ...base, event: 'submit', answered: answeredPassword, outcome: rejected })).toBeUndefined();
    expect(
      failoverDecision({ ...base, event: 'submit', answered: { ...answeredName, purpose: 'recoverPassword' }, outcome: rejected }),
    ).toBeUndefined();
  });

  it('never moves once the password reached the vendor, for other errors, other actions, or with no vendor left', () => {
    expect(failoverDecision({ ...base, event: 'start', passwordSent: true, outcome: failed(MAINTENANCE) })).toBeUndefined();
    expect(failoverDecision({ ...base, event: 'start', outcome: failed({ ...MAINTENANCE, code: 'number_unsupported' }) })).toBeUndefined();
    expect(failoverDecision({ ...base, event: 'start', outcome: failed({ ...MAINTENANCE, code: 'upstream_timeout' }) })).toBeUndefined();
    expect(failoverDecision({ ...base, event: 'resend', outcome: failed(UNAVAILABLE) })).toBeUndefined();
    expect(failoverDecision({ ...base, event: 'start', fallbacks: [], outcome: failed(MAINTENANCE) })).toBeUndefined();
    expect(failoverDecision({ ...base, event: 'start', outcome: { type: 'step', state: null, step: PASSWORD } })).toBeUndefined();
  });
});

describe('failover in the session service', () => {
  it('starts a session on the next vendor when the first answers maintenance, without the applicant seeing it', async () => {
    const dianhua = scripted('dianhua', { start: () => ({ type: 'failed', state: { at: 'flow' }, error: MAINTENANCE }) });
    const rong360 = scripted('rong360', { start: () => ({ type: 'step', state: { at: 'login' }, step: PASSWORD }) });
    const { service, moves, observed, logs, recordOf } = build({ rong360, dianhua });

    const started = await service.start({ phone: TELECOM, consent: CONSENT });
    expect(formOf(started.step).fields.map((field) => field.kind)).toEqual(['servicePassword']);
    expect(formOf(started.step).error).toBeUndefined();
    const record = await recordOf(started.token);
    expect(record?.provider).toBe('rong360');
    expect(record?.adapterState).toEqual({ at: 'login' });
    expect(record?.fallbacks).toEqual([]);
    expect(record?.failovers).toEqual([{ from: 'dianhua', to: 'rong360', code: 'upstream_maintenance', at: expect.any(String) }]);
    expect(moves).toEqual([{ from: 'dianhua', to: 'rong360', code: 'upstream_maintenance', upstreamCode: '20020' }]);
    expect(observed).toEqual(['dianhua->rong360:upstream_maintenance']);
    // The log says what moved, never the number.
    const line = logs.find((entry) => entry['event'] === 'failover');
    expect(line).toMatchObject({ from: 'dianhua', to: 'rong360', error: 'upstream_maintenance', upstreamCode: '20020' });
    expect(JSON.stringify(logs)).not.toContain(TELECOM);

    // The session goes on at the new vendor.
    const done = await service.submit(`Bearer ${started.token}`, started.step.id, { pwd: '123456' });
    expect(done.step.type).toBe('authorized');
    expect(rong360.calls).toEqual(['start', 'submit@login']);
    expect(dianhua.calls).toEqual(['start']);
  });

  it('shows the error as today once the service password was submitted', async () => {
    const dianhua = scripted('dianhua', {
      start: () => ({ type: 'step', state: { at: 'login' }, step: PASSWORD }),
      submit: () => ({ type: 'failed', state: { at: 'login' }, error: MAINTENANCE }),
    });
    const rong360 = scripted('rong360', { start: () => ({ type: 'step', state: { at: 'login' }, step: PASSWORD }) });
    const { service, moves, recordOf } = build({ rong360, dianhua });

    const started = await service.start({ phone: TELECOM, consent: CONSENT });
    const answer = await service.submit(`Bearer ${started.token}`, started.step.id, { pwd: '123456' });
    expect(answer.step).toMatchObject({ type: 'failed', error: { code: 'upstream_maintenance' } });
    expect(rong360.calls).toEqual([]);
    expect(moves).toEqual([]);
    const record = await recordOf(started.token);
    expect(record?.provider).toBe('dianhua');
    expect(record?.passwordSent).toBe(true);
  });

  it('fails over from a step before the password, and a restart may fail over again', async () => {
    const dianhua = scripted('dianhua', {
      start: () => ({ type: 'step', state: { at: 'name' }, step: NAME }),
      submit: () => ({ type: 'rejected', state: { at: 'name' }, error: UNAVAILABLE }),
    });
    const rong360 = scripted('rong360', { start: () => ({ type: 'step', state: { at: 'login' }, step: PASSWORD }) });
    const { service, recordOf } = build({ rong360, dianhua });

    const started = await service.start({ phone: TELECOM, consent: CONSENT });
    expect(formOf(started.step).fields[0]?.kind).toBe('name');
    const moved = await service.submit(`Bearer ${started.token}`, started.step.id, { who: '张三' });
    expect(formOf(moved.step).fields.map((field) => field.kind)).toEqual(['servicePassword']);
    expect((await recordOf(started.token))?.provider).toBe('rong360');
  });

  it('shows the last vendor error when every vendor of the route is in maintenance', async () => {
    const down = (provider: ProviderName) =>
      scripted(provider, { start: () => ({ type: 'failed', state: { at: 'flow' }, error: MAINTENANCE }) });
    const dianhua = down('dianhua');
    const rong360 = down('rong360');
    const { service, moves, recordOf } = build({ rong360, dianhua });

    const started = await service.start({ phone: TELECOM, consent: CONSENT });
    expect(started.step).toMatchObject({ type: 'failed', error: { code: 'upstream_maintenance' } });
    expect(moves.map((move) => `${move.from}->${move.to}`)).toEqual(['dianhua->rong360']);
    expect((await recordOf(started.token))?.provider).toBe('rong360');
    expect(dianhua.calls).toEqual(['start']);
    expect(rong360.calls).toEqual(['start']);
  });

  it('routes by carrier: a rule for the number carrier picks the first vendor', async () => {
    const dianhua = scripted('dianhua', { start: () => ({ type: 'step', state: { at: 'login' }, step: PASSWORD }) });
    const rong360 = scripted('rong360', { start: () => ({ type: 'step', state: { at: 'login' }, step: PASSWORD }) });
    const { service, recordOf } = build({ rong360, dianhua }, 'telecom=dianhua,rong360;*=rong360,dianhua');

    const telecom = await service.start({ phone: TELECOM, consent: CONSENT });
    const mobile = await service.start({ phone: '13800138000', consent: CONSENT });
    expect((await recordOf(telecom.token))?.provider).toBe('dianhua');
    expect((await recordOf(telecom.token))?.fallbacks).toEqual(['rong360']);
    expect((await recordOf(mobile.token))?.provider).toBe('rong360');
  });
});
