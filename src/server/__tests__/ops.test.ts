import { afterEach, describe, expect, it } from 'vitest';
import type { StepResponse } from '../../flow';
import { buildApp } from '../app';
import { createLifecycle } from '../ops/lifecycle';
import { openSqliteStore } from '../store/sqlite';
import type { DurableStore } from '../store/types';
import { createFakeAdapter, FAKE_PASSWORD } from '../../test-support/server/fake-adapter';
import { CONSENT, createTestApp } from '../../test-support/server/test-app';
import type { TestApp } from '../../test-support/server/test-app';

const TOKEN = 'metrics-token-for-tests-0123456789';
const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function opsApp(options: { metricsToken?: string; store?: DurableStore } = {}) {
  const lifecycle = createLifecycle();
  const app = await buildApp({
    config: { logLevel: 'silent', sessionTtlSeconds: 600 },
    adapter: createFakeAdapter(),
    logger: false,
    widgetDir: '/nonexistent-widget-dir',
    embedDir: '/nonexistent-embed-dir',
    lifecycle,
    durable: { background: false, ...(options.store && { store: options.store }) },
    ...(options.metricsToken !== undefined && { metricsToken: options.metricsToken }),
  });
  apps.push(app);
  return { app, lifecycle };
}

describe('health and readiness', () => {
  it('is alive and ready with its store reachable and migrated', async () => {
    const { app } = await opsApp();
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    expect(ready.headers['cache-control']).toBe('no-store');
  });

  it('is not ready once its store is gone, but still alive', async () => {
    const store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 600 });
    const { app } = await opsApp({ store });
    await store.close();
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'store_unreachable' });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('while draining: not ready, refuses new sessions with a retryable 503, and still serves running ones', async () => {
    const { app, lifecycle } = await opsApp();
    const started = await app.inject({ method: 'POST', url: '/api/sessions', payload: { phone: '13800138000', consent: CONSENT } });
    const { token, step } = started.json<{ token: string; step: { id: string } }>();
    lifecycle.startDrain();
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'draining' });
    const refused = await app.inject({ method: 'POST', url: '/api/sessions', payload: { phone: '13800138000', consent: CONSENT } });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ error: { code: 'busy', retryable: true } });
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/session/steps/${step.id}`,
      headers: { authorization: `Bearer ${token}` },
      payload: { values: { pwd: FAKE_PASSWORD } },
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json<StepResponse>().step).toMatchObject({ type: 'form', intent: 'verify' });
  });
});

describe('/metrics', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('does not exist on the app port without METRICS_TOKEN', async () => {
    const { app } = await opsApp();
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('answers only the bearer token, in the Prometheus text format', async () => {
    const { app } = await opsApp({ metricsToken: TOKEN });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'carrierlink_http_request_duration_seconds',
      'carrierlink_upstream_request_duration_seconds',
      'carrierlink_upstream_errors_total',
      'carrierlink_sms_sends_total',
      'carrierlink_rate_limit_refusals_total',
      'carrierlink_webhook_outbox_backlog',
      'carrierlink_webhook_outbox_oldest_age_seconds',
      'carrierlink_webhook_delivery_lag_seconds',
    ]) {
      expect(ok.body).toContain(`# TYPE ${name}`);
    }
    expect(ok.body).toContain('carrierlink_webhook_outbox_backlog 0');
  });

  it('counts requests per route pattern, steps and errors per vendor, SMS sends and refusals, never a value', async () => {
    t = await createTestApp({ adapter: createFakeAdapter() });
    const { token, step } = await t.startOk('13800138000');
    expect((await t.submit(token, step.id, { pwd: 'wrong-password' })).statusCode).toBe(200);
    const sms = await t.submit(token, step.id, { pwd: FAKE_PASSWORD });
    const smsStep = sms.json<StepResponse>().step;
    // Resend inside the countdown: the server's limit refuses it (429).
    expect((await t.action(token, smsStep.id, 'code', 'resend')).statusCode).toBe(429);
    const text = await t.app.metrics.registry.metrics();
    expect(text).toMatch(
      /carrierlink_http_request_duration_seconds_count\{method="POST",route="\/api\/session\/steps\/:stepId",status_class="2xx"\} 2/,
    );
    expect(text).toContain('carrierlink_session_steps_total{vendor="rong360",event="submit",result="error"} 1');
    expect(text).toContain('carrierlink_upstream_errors_total{vendor="rong360",code="password_incorrect",upstream_code="none"} 1');
    expect(text).toContain('carrierlink_sms_sends_total{vendor="rong360",reason="step"} 1');
    expect(text).toContain('carrierlink_rate_limit_refusals_total{limit="action_too_early"} 1');
    expect(text).not.toContain(FAKE_PASSWORD);
    expect(text).not.toContain(token);
    expect(text).not.toContain('13800138000');
  });
});
