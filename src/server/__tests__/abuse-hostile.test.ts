import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createDianhuaAdapter } from '../../providers/dianhua/adapter';
import { createDianhuaDataSource } from '../../providers/dianhua/data';
import { createRong360Adapter } from '../../providers/rong360/adapter';
import { createRong360DataSource } from '../../providers/rong360/data';
import { generateMerchantKeyPair } from '../../providers/rong360/simulator';
import type { ProviderDataSource } from '../../providers/data-model';
import type { ProviderAdapter } from '../../providers/types';
import { buildApp } from '../app';
import { DEFAULT_ABUSE_LIMITS } from '../env-limits';
import { openSqliteStore } from '../store/sqlite';
import type { DurableStore } from '../store/types';
import { HOSTILE_BODIES } from '../../test-support/server/hostile-bodies';
import { CONSENT } from '../../test-support/server/test-app';

// A megabyte of each hostile shape on every path that reads an unauthenticated or upstream body:
// both push hooks, the adapters' answers and the data fetches. Each is answered quickly and the
// server stays responsive meanwhile (/healthz probed throughout). The goals are 1 s per body and
// 200 ms for /healthz (`npm run bench` prints the figures); the assertions allow for a loaded CI
// machine but not for a reader that is quadratic (minutes per megabyte) or blocks the event loop.

const BODY_BUDGET_MS = 5_000;
const HEALTH_BUDGET_MS = 1_500;
const SECRET = 'hostile-suite-push-secret-0123456789abcd';
const KEYS = generateMerchantKeyPair();

/** An upstream that answers everything with the current hostile body (and a valid Dianhua token). */
let hostile = '';
let upstream: Server;
let upstreamUrl = '';
let app: FastifyInstance;
let base = '';
let store: DurableStore;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  upstream = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url?.startsWith('/token')) {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ status: 0, data: { token: 'hostile-token', expires: '2099-01-01 00:00:00' } }));
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(hostile);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800 });
  app = await buildApp({
    config: { logLevel: 'silent', sessionTtlSeconds: 1800 },
    adapter: createFakeFreeAdapter('dianhua'),
    logger: false,
    widgetDir: '/nonexistent-widget-dir',
    embedDir: '/nonexistent-embed-dir',
    durable: { store, background: false, pushSecret: SECRET, pushProviders: ['rong360', 'dianhua'] },
    limits: { ...DEFAULT_ABUSE_LIMITS, startsPerIp: 1_000_000, startsPerNumber: 10_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app.close();
  for (const close of closers.splice(0)) await close();
  await store.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

function rong360Config() {
  return {
    gatewayUrl: `${upstreamUrl}/gateway`,
    appId: '2010001',
    privateKeyPem: KEYS.privateKeyPem,
    appName: 'carrierlink',
    appVersion: '1.0.0',
    platform: 'web',
    noticeUrl: 'http://127.0.0.1/unused',
    timeoutMs: 10_000,
    smsResendSeconds: 60,
  };
}
const dianhuaConfig = () => ({
  baseUrl: upstreamUrl,
  appId: 'a',
  appSecret: 's',
  timeoutMs: 10_000,
  smsResend: 'off' as const,
  maxSmsResends: 0,
});

/** The adapter the app serves sessions with; its upstream is the hostile server. */
function createFakeFreeAdapter(provider: 'rong360' | 'dianhua'): ProviderAdapter<unknown> {
  const adapter = provider === 'rong360' ? createRong360Adapter(rong360Config()) : createDianhuaAdapter(dianhuaConfig());
  closers.push(() => adapter.close());
  return adapter as ProviderAdapter<unknown>;
}

/** Runs `work` while probing /healthz back to back; answers how long `work` took and the slowest probe. */
async function underProbe(work: () => Promise<void>): Promise<{ workMs: number; healthMs: number }> {
  let done = false;
  let healthMs = 0;
  const probing = (async () => {
    while (!done) {
      const t = performance.now();
      const answer = await fetch(`${base}/healthz`);
      await answer.text();
      healthMs = Math.max(healthMs, performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const t = performance.now();
  try {
    await work();
  } finally {
    done = true;
  }
  const workMs = performance.now() - t;
  await probing;
  return { workMs, healthMs };
}

const post = async (path: string, body: string, contentType: string) => {
  const answer = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: answer.status, text: await answer.text() };
};

describe.each(HOSTILE_BODIES)('a megabyte of %s', (_name, body) => {
  it('posted to either push hook is refused quickly with a 400, the server answering meanwhile', async () => {
    for (const [path, type] of [
      [`/hooks/dianhua/${SECRET}`, 'application/json'],
      [`/hooks/dianhua/${SECRET}?yulore_flag=auth`, 'text/plain'],
      [`/hooks/rong360/${SECRET}`, 'application/x-www-form-urlencoded'],
      [`/hooks/rong360/${SECRET}`, 'application/json'],
    ] as const) {
      let status = 0;
      const { workMs, healthMs } = await underProbe(async () => {
        status = (await post(path, body, type)).status;
      });
      expect(status).toBe(400);
      expect(workMs).toBeLessThan(BODY_BUDGET_MS);
      expect(healthMs).toBeLessThan(HEALTH_BUDGET_MS);
    }
  });

  it('answered by the vendor to a session start or a login is a clear step error, quickly', async () => {
    hostile = body;
    // The app's sessions run on Dianhua: a start calls calls/flow and reads the answer.
    let started: { status: number; text: string } | undefined;
    const startRun = await underProbe(async () => {
      started = await post('/api/sessions', JSON.stringify({ phone: '13800138000', consent: CONSENT }), 'application/json');
    });
    expect(started?.status).toBe(201);
    expect(JSON.parse(started?.text ?? '{}')).toMatchObject({ step: { type: 'failed', error: { code: 'upstream_invalid_response' } } });
    expect(startRun.workMs).toBeLessThan(BODY_BUDGET_MS);
    expect(startRun.healthMs).toBeLessThan(HEALTH_BUDGET_MS);

    // Rong360's login answer, read by its adapter directly (the app holds one provider).
    const rong360 = createFakeFreeAdapter('rong360');
    const login = await underProbe(async () => {
      const begun = await rong360.start({ phone: '13800138000', userId: 'cl_x' });
      const outcome = await rong360.submit(begun.state, { password: '123456' });
      expect(outcome.type === 'rejected' || outcome.type === 'failed').toBe(true);
    });
    expect(login.workMs).toBeLessThan(BODY_BUDGET_MS);
    expect(login.healthMs).toBeLessThan(HEALTH_BUDGET_MS);
  });

  it('answered to a data fetch of either vendor fails that attempt quickly, the server answering meanwhile', async () => {
    hostile = body;
    const sources: ProviderDataSource[] = [createRong360DataSource(rong360Config()), createDianhuaDataSource(dianhuaConfig())];
    for (const source of sources) {
      const { workMs, healthMs } = await underProbe(async () => {
        const outcome = await source.collect({ userId: 'cl_x', taskId: 'task_x', phone: '13800138000' }).catch((error: unknown) => error);
        expect(outcome).not.toMatchObject({ type: 'ready' });
      });
      expect(workMs).toBeLessThan(BODY_BUDGET_MS);
      expect(healthMs).toBeLessThan(HEALTH_BUDGET_MS);
      await (source as ProviderDataSource & { close(): Promise<void> }).close();
    }
  });
});
