import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { StartSessionResponse, StepResponse } from '../../flow';
import type { CollectResult, ProviderDataSource } from '../../providers/data-model';
import { buildApp } from '../app';
import { createCollector } from '../collect/collector';
import type { SessionRecord } from '../session/record';
import { tokenKey } from '../session/token';
import { postgresSchemas } from '../../test-support/store/postgres';
import type { PostgresStore } from '../store/postgres';
import { createWebhookDispatcher } from '../webhooks/dispatcher';
import { authorizedEvent, dataReadyEvent, recordingLog } from '../../test-support/server/webhooks';
import { startReceiver } from '../../test-support/server/webhook-receiver';
import type { Receiver } from '../../test-support/server/webhook-receiver';
import { createFakeAdapter, FAKE_PASSWORD } from '../../test-support/server/fake-adapter';
import type { FakeAdapter } from '../../test-support/server/fake-adapter';
import { CONSENT } from '../../test-support/server/test-app';

// Two instances of one deployment: two apps (or two workers), each with its own pool on one
// PostgreSQL schema, in front of one vendor. What must hold whichever instance a request reaches.

const postgres = postgresSchemas();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function instances(count: number, options: { sessionLeaseMs?: number } = {}) {
  const schema = postgres.schema();
  const adapter = createFakeAdapter();
  const stores: PostgresStore[] = [];
  const apps: FastifyInstance[] = [];
  for (let i = 0; i < count; i += 1) {
    const store = await postgres.open({ sessionTtlSeconds: 600, schema });
    const app = await buildApp({
      config: { logLevel: 'silent', sessionTtlSeconds: 600 },
      adapter,
      logger: false,
      widgetDir: '/nonexistent-widget-dir',
      embedDir: '/nonexistent-embed-dir',
      durable: { store, background: false },
      instance: { id: `inst${i}`, ...(options.sessionLeaseMs !== undefined && { sessionLeaseMs: options.sessionLeaseMs }) },
    });
    stores.push(store);
    apps.push(app);
    closers.push(async () => {
      await app.close();
      await store.close();
    });
  }
  return { adapter, stores, apps };
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
async function start(app: FastifyInstance): Promise<StartSessionResponse> {
  const response = await app.inject({ method: 'POST', url: '/api/sessions', payload: { phone: '13800138000', consent: CONSENT } });
  expect(response.statusCode).toBe(201);
  return response.json<StartSessionResponse>();
}
const submitPassword = (app: FastifyInstance, token: string, stepId: string) =>
  app.inject({ method: 'POST', url: `/api/session/steps/${stepId}`, headers: auth(token), payload: { values: { pwd: FAKE_PASSWORD } } });
const loginCalls = (adapter: FakeAdapter) => adapter.calls.filter((call) => call === 'submit').length;

describe('two instances on one PostgreSQL', () => {
  it('sends the same password submitted to both at once to the vendor once; the other gets busy', async () => {
    const { adapter, apps } = await instances(2);
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const started = await start(a);
    adapter.hold();
    const both = Promise.all([submitPassword(a, started.token, started.step.id), submitPassword(b, started.token, started.step.id)]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    adapter.release();
    const answers = await both;
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = answers.find((r) => r.statusCode === 409);
    expect(['busy', 'step_outdated']).toContain(refused?.json<{ error: { code: string } }>().error.code);
    expect(loginCalls(adapter)).toBe(1);
    // Either instance now shows the SMS step.
    const current = await b.inject({ method: 'GET', url: '/api/session', headers: auth(started.token) });
    expect(current.json<StepResponse>().step).toMatchObject({ type: 'form', intent: 'verify' });
  });

  it('keeps the session leased while a slow upstream call runs past the first lease term', async () => {
    const { adapter, apps } = await instances(2, { sessionLeaseMs: 1_200 });
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const started = await start(a);
    adapter.hold();
    const slow = submitPassword(a, started.token, started.step.id);
    // Past the first term: only the renewal keeps the other instance out.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const meanwhile = await submitPassword(b, started.token, started.step.id);
    expect(meanwhile.statusCode).toBe(409);
    expect(meanwhile.json<{ error: { code: string } }>().error.code).toBe('busy');
    adapter.release();
    expect((await slow).statusCode).toBe(200);
    expect(loginCalls(adapter)).toBe(1);
  });

  it('frees a session whose instance died mid-call once its lease runs out', async () => {
    const { adapter, apps, stores } = await instances(2);
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const started = await start(a);
    // An instance claimed the session for a call and died: nobody renews or releases the lease.
    const key = tokenKey(started.token);
    const claim = await stores[0]?.sessions.claim(key, { version: 1, owner: 'dead:call', leaseMs: 800 });
    expect(claim?.status).toBe('claimed');
    expect((await submitPassword(b, started.token, started.step.id)).statusCode).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect((await submitPassword(b, started.token, started.step.id)).statusCode).toBe(200);
    expect(loginCalls(adapter)).toBe(1);
  });
});

describe('background work shared by two instances', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('delivers every webhook event once when two dispatchers run at the same time', async () => {
    const schema = postgres.schema();
    const stores = [await postgres.open({ sessionTtlSeconds: 600, schema }), await postgres.open({ sessionTtlSeconds: 600, schema })];
    closers.push(async () => void (await Promise.all(stores.map((s) => s.close()))));
    receiver = await startReceiver(() => 200);
    await stores[0]?.webhooks.put({ lenderId: 'acme', url: receiver.url, secret: 'whsec_test', updatedAt: new Date().toISOString() });
    const now = Date.now();
    const events = Array.from({ length: 30 }, (_, i) => [
      authorizedEvent(`ses_${i}`, now - 1000),
      dataReadyEvent(`ses_${i}`, now - 500),
    ]).flat();
    await stores[0]?.outbox.enqueue(events);
    const dispatchers = stores.map((store, i) =>
      createWebhookDispatcher({
        outbox: store.outbox,
        endpoints: store.webhooks,
        slots: store.webhookSlots,
        log: recordingLog(),
        owner: `inst${i}`,
        batch: 7,
      }),
    );
    for (let round = 0; round < 20; round += 1) {
      const attempted = await Promise.all(dispatchers.map((d) => d.runOnce()));
      if (attempted.every((n) => n === 0) && (await stores[1]?.outbox.backlog())?.pending === 0) break;
    }
    const ids = receiver.requests.map((r) => String(r.headers['carrierlink-event-id']));
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    // A session's events still arrive in order.
    for (let i = 0; i < 30; i += 1) {
      const types = receiver.requests.filter((r) => r.body.includes(`"ses_${i}"`)).map((r) => String(r.headers['carrierlink-event-type']));
      expect(types).toEqual(['authorized', 'data_ready']);
    }
  });

  it('fetches each collection once with two collectors, and takes over the work of one that died', async () => {
    const schema = postgres.schema();
    let clock = Date.parse('2030-01-01T00:00:00.000Z');
    const stores = [
      await postgres.open({ sessionTtlSeconds: 600, schema, now: () => clock }),
      await postgres.open({ sessionTtlSeconds: 600, schema, now: () => clock }),
    ];
    closers.push(async () => void (await Promise.all(stores.map((s) => s.close()))));
    const fetched: string[] = [];
    const source: ProviderDataSource = {
      async collect(ref): Promise<CollectResult> {
        fetched.push(ref.taskId);
        return { type: 'pending', stages: [], reason: 'not yet' };
      },
    };
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const collectors = stores.map((store, i) =>
      createCollector({ store, sources: { rong360: source }, log, now: () => clock, owner: `inst${i}`, firstAttemptDelayMs: 0 }),
    );
    for (let i = 0; i < 10; i += 1) {
      const record: SessionRecord = {
        id: `ses_${i}`,
        version: 1,
        provider: 'rong360',
        phone: '13800138000',
        userId: `cl_${i}`,
        consent: { ...CONSENT, recordedAt: new Date(clock).toISOString() },
        createdAt: new Date(clock).toISOString(),
        updatedAt: new Date(clock).toISOString(),
        step: { type: 'authorized', id: 'st' },
        adapterState: null,
        taskId: `task_${i}`,
      };
      await collectors[0]?.authorized(record);
    }
    await Promise.all(collectors.map((c) => c.runOnce()));
    await Promise.all(collectors.map((c) => c.runOnce()));
    expect(fetched.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `task_${i}`).sort());

    // A third instance claims a collection that is due again and dies before writing anything.
    clock += 3_600_000;
    const dead = await stores[0]?.collections.claim(new Date(clock).toISOString(), 1, { owner: 'dead:collector', ms: 60_000 });
    expect(dead).toHaveLength(1);
    fetched.length = 0;
    await Promise.all(collectors.map((c) => c.runOnce()));
    expect(fetched).toHaveLength(9);
    expect(fetched).not.toContain(dead?.[0]?.taskId);
    clock += 60_000;
    await collectors[1]?.runOnce();
    expect(fetched).toContain(dead?.[0]?.taskId);
  });
});
