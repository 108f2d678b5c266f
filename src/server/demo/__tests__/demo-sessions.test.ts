import * as z from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FAULT_KINDS } from '../../../flow';
import { DemoConfigResponseSchema, StartSessionResponseSchema, StepResponseSchema } from '../../../flow/schemas';
import type { DemoFaultKind, DemoSettings, FieldValue, FormStep, Step } from '../../../flow';
import { FAULT_SCENARIOS as DIANHUA_FAULTS } from '../../../providers/dianhua/sandbox';
import { FAULT_SCENARIOS as RONG360_FAULTS } from '../../../providers/rong360/sandbox';
import type { AdapterOutcome, ProviderAdapter, ProviderFormStep, ProviderName } from '../../../providers/types';
import { createMemorySessionStore } from '../../session/store';
import type { SessionStore } from '../../session/store';
import { tokenKey } from '../../session/token';
import { DianhuaUser, startDianhuaHarness } from '../../../test-support/server/dianhua-harness';
import type { DianhuaHarness } from '../../../test-support/server/dianhua-harness';
import { SandboxUser, startHarness } from '../../../test-support/server/rong360-harness';
import type { Harness } from '../../../test-support/server/rong360-harness';
import { CONSENT, createTestApp, stepOf, asForm, errorOf } from '../../../test-support/server/test-app';
import type { TestApp } from '../../../test-support/server/test-app';
import { FAILOVER_SCENARIOS } from '../../../demo/failover-scenarios';

/** The configured upstream of the server: it answers, and remembers every call that reached it. */
function configured(provider: ProviderName) {
  const calls: string[] = [];
  const login: ProviderFormStep = { intent: 'login', fields: [{ id: 'pwd', kind: 'servicePassword', required: true }] };
  const StateSchema = z.object({ n: z.number() });
  const outcome = (name: string, result: AdapterOutcome<{ n: number }>) => (calls.push(name), Promise.resolve(result));
  const adapter: ProviderAdapter<{ n: number }> = {
    provider,
    stateSchema: StateSchema,
    start: () => outcome('start', { type: 'step', state: { n: 0 }, step: login }),
    submit: (state) => outcome('submit', { type: 'authorized', state, taskId: 'task-configured' }),
    fieldAction: (state) => outcome('action', { type: 'step', state, step: login }),
    cancel: (state) => outcome('cancel', { type: 'step', state, step: login }),
  };
  return { adapter, calls };
}

const RONG360_PHONE = '13800138000'; // password, SMS code, authorized
const DIANHUA_PHONE = '15000000100'; // password only, authorized (what Dianhua's fault numbers play)
const USERS = { rong360: (phone: string) => new SandboxUser(phone), dianhua: (phone: string) => new DianhuaUser(phone) };
const answer = (provider: ProviderName, phone: string, step: FormStep): Record<string, FieldValue> => USERS[provider](phone).answer(step);

let t: TestApp;
let upstream: ReturnType<typeof configured>;
let store: SessionStore;
const sleeps: number[] = [];
const opened: TestApp[] = [];

async function demoApp(provider: ProviderName) {
  upstream = configured(provider);
  store = createMemorySessionStore({ ttlSeconds: 1800 });
  t = await createTestApp({ adapter: upstream.adapter, store, demo: { enabled: true, sleep: async (ms) => void sleeps.push(ms) } });
  opened.push(t);
  return t;
}

afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
  await store?.close();
  sleeps.length = 0;
});

async function startDemo(app: TestApp, phone: string, demo: DemoSettings) {
  const response = await app.app.inject({ method: 'POST', url: '/api/sessions', payload: { phone, consent: CONSENT, demo } });
  expect(response.statusCode).toBe(201);
  return StartSessionResponseSchema.parse(response.json());
}

const submit = async (app: TestApp, token: string, step: FormStep, values: Record<string, FieldValue>) =>
  StepResponseSchema.parse((await app.submit(token, step.id, values)).json()).step;

describe('demo sessions run on the simulators, whatever the server is configured for', () => {
  it('runs a Dianhua demo session to the end on a server configured for Rong360, which never hears of it', async () => {
    const app = await demoApp('rong360');
    const { token, step } = await startDemo(app, DIANHUA_PHONE, { provider: 'dianhua' });
    const login = asForm(step);
    expect(login.fields.map((f) => f.kind)).toEqual(['servicePassword']);
    const done = await submit(app, token, login, answer('dianhua', DIANHUA_PHONE, login));
    expect(done.type).toBe('authorized');
    expect(upstream.calls).toEqual([]);
  });

  it('runs a Rong360 demo session to the end on a server configured for Dianhua', async () => {
    const app = await demoApp('dianhua');
    const { token, step } = await startDemo(app, RONG360_PHONE, { provider: 'rong360' });
    const sms = asForm(await submit(app, token, asForm(step), answer('rong360', RONG360_PHONE, asForm(step))));
    expect(sms.fields.map((f) => f.kind)).toContain('smsCode');
    expect((await submit(app, token, sms, answer('rong360', RONG360_PHONE, sms))).type).toBe('authorized');
    expect(upstream.calls).toEqual([]);
  });

  it("lets each record's provider decide every later call when plain and demo sessions interleave", async () => {
    const app = await demoApp('rong360');
    const plain = await app.startOk(RONG360_PHONE);
    const demo = await startDemo(app, DIANHUA_PHONE, { provider: 'dianhua', latencyMs: 5 });
    expect(upstream.calls).toEqual(['start']);
    const record = await store.get(tokenKey(demo.token));
    expect(record).toMatchObject({ provider: 'dianhua', demo: { provider: 'dianhua', latencyMs: 5 } });
    expect((await store.get(tokenKey(plain.token)))?.demo).toBeUndefined();

    const demoLogin = asForm(demo.step);
    expect((await submit(app, demo.token, demoLogin, answer('dianhua', DIANHUA_PHONE, demoLogin))).type).toBe('authorized');
    expect(upstream.calls).toEqual(['start']);
    expect((await submit(app, plain.token, asForm(plain.step), { pwd: '123456' })).type).toBe('authorized');
    expect(upstream.calls).toEqual(['start', 'submit']);
  });
});

describe('failover between the demo simulators', () => {
  it.each(FAILOVER_SCENARIOS.map((s) => [s.id, s] as const))('%s continues on the next simulator and authorizes', async (_id, scenario) => {
    const app = await demoApp('rong360');
    const [next] = scenario.failover ?? [];
    if (!next) throw new Error('a failover scenario names its next vendor');
    const { token, step } = await startDemo(app, scenario.phone, { provider: scenario.provider, failover: [...(scenario.failover ?? [])] });
    // The first simulator answered maintenance; the applicant sees the next one's first step, no error.
    const login = asForm(step);
    expect(login.fields.map((f) => f.kind)).toEqual(['servicePassword']);
    expect(login.error).toBeUndefined();
    expect(await store.get(tokenKey(token))).toMatchObject({
      provider: next,
      failovers: [{ from: scenario.provider, to: next, code: 'upstream_maintenance' }],
    });
    let current: Step = login;
    for (let i = 0; i < 4 && current.type === 'form'; i++)
      current = await submit(app, token, current, answer(next, scenario.phone, current));
    expect(current.type).toBe('authorized');
    expect(upstream.calls).toEqual([]);
  });
});

describe('demo mode switch and catalogue', () => {
  it('refuses demo settings with 400 when demo mode is off, before the upstream hears of it', async () => {
    upstream = configured('rong360');
    const app = await createTestApp({ adapter: upstream.adapter });
    opened.push(app);
    const response = await app.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { phone: RONG360_PHONE, consent: CONSENT, demo: { provider: 'dianhua' } },
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('bad_request');
    expect(upstream.calls).toEqual([]);
    expect((await app.app.inject({ method: 'GET', url: '/api/demo/config' })).statusCode).toBe(404);
  });

  it('refuses demo settings out of range', async () => {
    const app = await demoApp('rong360');
    for (const demo of [
      { provider: 'other' },
      { provider: 'dianhua', latencyMs: 10_001 },
      { provider: 'dianhua', fault: { kind: 'slow', at: 'start' } },
    ]) {
      const response = await app.app.inject({
        method: 'POST',
        url: '/api/sessions',
        payload: { phone: RONG360_PHONE, consent: CONSENT, demo },
      });
      expect(response.statusCode).toBe(400);
    }
  });

  it('describes the providers, faults and latency bound at GET /api/demo/config', async () => {
    const app = await demoApp('rong360');
    const response = await app.app.inject({ method: 'GET', url: '/api/demo/config' });
    expect(response.statusCode).toBe(200);
    const config = DemoConfigResponseSchema.parse(response.json());
    expect(config.providers).toEqual(['rong360', 'dianhua']);
    expect(config.maxLatencyMs).toBe(10_000);
    expect(config.faults).toHaveLength(6);
    expect(config.faults).toContainEqual({ kind: 'timeout', at: 'start', providers: ['dianhua'] });
    expect(config.faults).toContainEqual({ kind: 'malformed', at: 'submit', providers: ['rong360', 'dianhua'] });
  });
});

describe('latency', () => {
  it('waits the latency before each upstream call of a demo session, and never for plain sessions', async () => {
    const app = await demoApp('rong360');
    const { token, step } = await startDemo(app, RONG360_PHONE, { provider: 'rong360', latencyMs: 1200 });
    // Rong360 builds its password step without calling upstream.
    expect(sleeps).toEqual([]);
    await submit(app, token, asForm(step), answer('rong360', RONG360_PHONE, asForm(step)));
    expect(sleeps).toEqual([1200]);
    await startDemo(app, DIANHUA_PHONE, { provider: 'dianhua', latencyMs: 300 });
    // Dianhua's start fetches a token, then calls/flow.
    expect(sleeps).toEqual([1200, 300, 300]);
    await app.startOk(RONG360_PHONE);
    expect(sleeps).toEqual([1200, 300, 300]);
  });
});

// The same fault through the simulators' own fault numbers, for comparison.
const SIM_FAULT = { timeout: 'timeout', '5xx': 'http502', malformed: 'garbage' } as const satisfies Record<DemoFaultKind, string>;
type Kind = DemoFaultKind;
const KINDS = DEMO_FAULT_KINDS;

let rong360Sim: Harness;
let dianhuaSim: DianhuaHarness;
beforeAll(async () => {
  // A short client timeout so the hanging-gateway numbers answer quickly.
  rong360Sim = await startHarness({ timeoutMs: 1_000, timeoutFaultMs: 3_000 });
  dianhuaSim = await startDianhuaHarness({ timeoutMs: 1_000, timeoutFaultMs: 3_000 });
});
afterAll(async () => {
  await rong360Sim.close();
  await dianhuaSim.close();
});

/** What submitting the login step of the simulator's own fault number shows the user. */
async function simulatorFault(provider: ProviderName, kind: Kind): Promise<FormStep> {
  const scenarios = provider === 'rong360' ? RONG360_FAULTS : DIANHUA_FAULTS;
  const phone = scenarios.find((s) => s.fault === SIM_FAULT[kind])?.phone ?? '';
  const app = provider === 'rong360' ? rong360Sim.t : dianhuaSim.t;
  const { token, step } = await app.startOk(phone);
  return asForm(stepOf(await app.submit(token, step.id, answer(provider, phone, asForm(step)))));
}

/** A step as the user sees it, without what differs between any two sessions. */
const shown = (step: FormStep) => ({ ...step, id: 'step', fields: step.fields.map((f) => ({ id: f.id, kind: f.kind })) });

describe.each(['rong360', 'dianhua'] as const)('a %s fault at the first submission', (provider) => {
  const phone = provider === 'rong360' ? RONG360_PHONE : DIANHUA_PHONE;

  it.each(KINDS)('%s shows what the simulator fault number shows, and the retry goes through', async (kind) => {
    const expected = await simulatorFault(provider, kind);
    const app = await demoApp(provider === 'rong360' ? 'dianhua' : 'rong360');
    const { token, step } = await startDemo(app, phone, { provider, fault: { kind, at: 'submit' } });
    const login = asForm(step);
    const failed = asForm(await submit(app, token, login, answer(provider, phone, login)));
    expect(failed.id).toBe(login.id);
    expect(failed.error?.code).toMatch(/^upstream_/);
    expect(shown(failed)).toEqual(shown(expected));
    const retried = await submit(app, token, failed, answer(provider, phone, failed));
    expect(retried.type === 'authorized' || (retried.type === 'form' && retried.id !== login.id)).toBe(true);
    expect(retried.type === 'form' ? retried.error : undefined).toBeUndefined();
  });
});

describe('a fault at the start', () => {
  it.each(KINDS)("Dianhua %s fails the start with the simulator fault number's error, and a restart runs clean", async (kind) => {
    const expected = await simulatorFault('dianhua', kind);
    const app = await demoApp('rong360');
    const { token, step } = await startDemo(app, DIANHUA_PHONE, { provider: 'dianhua', fault: { kind, at: 'start' } });
    expect(step.type).toBe('failed');
    if (step.type !== 'failed') return;
    // Nothing to stay on yet: the same error, offered as "start again".
    expect({ code: step.error.code, message: step.error.message }).toEqual({
      code: expected.error?.code,
      message: expected.error?.message,
    });
    expect(step.canRestart).toBe(true);
    const restarted = asForm(stepOf(await app.restart(token)));
    expect(restarted.intent).toBe('login');
    expect(restarted.error).toBeUndefined();
    expect((await submit(app, token, restarted, answer('dianhua', DIANHUA_PHONE, restarted))).type).toBe('authorized');
  });

  it('has nothing to fail on a Rong360 start (no upstream call), so the session runs clean', async () => {
    const app = await demoApp('rong360');
    const { token, step } = await startDemo(app, RONG360_PHONE, { provider: 'rong360', fault: { kind: '5xx', at: 'start' } });
    const login = asForm(step);
    expect(login.error).toBeUndefined();
    const sms = asForm(await submit(app, token, login, answer('rong360', RONG360_PHONE, login)));
    expect(sms.error).toBeUndefined();
    expect(sms.fields.map((f) => f.kind)).toContain('smsCode');
    expect((await store.get(tokenKey(token)))?.demo).toMatchObject({ faultSpent: true });
  });
});
