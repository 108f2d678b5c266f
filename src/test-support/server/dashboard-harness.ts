import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { FieldValue, StartSessionResponse, StepResponse } from '../../flow';
import type { DashboardPageRenderer } from '../../flow/dashboard-api';
import { createRong360Adapter } from '../../providers/rong360/adapter';
import { generateMerchantKeyPair, startRong360Simulator } from '../../providers/rong360/simulator';
import { CONSENT } from './test-app';
import { createAnalyticsRecorder } from '../../server/analytics/recorder';
import type { AnalyticsRecorder } from '../../server/analytics/recorder';
import { buildApp } from '../../server/app';
import type { LenderApiKey } from '../../server/link/api-keys';
import type { CreateLinkTokenResponse } from '../../server/link/schemas';
import { openSqliteStore } from '../../server/store/sqlite';
import type { DurableStore } from '../../server/store/types';

export const KEY_ACME = 'sk_test_ACME_0123456789abcdefghijkl';
export const KEY_BANK = 'sk_test_BANK_zyxwvutsrqponmlkjihgfe';
export const API_KEYS: LenderApiKey[] = [
  { lenderId: 'acme', key: KEY_ACME },
  { lenderId: 'bank', key: KEY_BANK },
];
export const PUBLIC_URL = 'http://127.0.0.1:3000';
export const ORIGIN = 'https://lender.example';
const APP_ID = '2010001';
// One key pair for the whole run: RSA generation is slow.
const KEYS = generateMerchantKeyPair();

export interface DashboardHarness {
  app: FastifyInstance;
  store: DurableStore;
  recorder: AnalyticsRecorder;
  /** Shifts the clock of the app and the store. */
  advance(ms: number): void;
  now(): number;
  link(body?: Record<string, unknown>, key?: string): Promise<CreateLinkTokenResponse>;
  start(phone: string, linkToken?: string): Promise<StartSessionResponse>;
  submit(token: string, stepId: string, values: Record<string, FieldValue>): Promise<StepResponse>;
  action(token: string, stepId: string, fieldId: string, action: string): Promise<LightMyRequestResponse>;
  browser(token: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Reuse a store (a second instance over the same database). */
  store?: DurableStore;
  apiKeys?: LenderApiKey[];
  publicUrl?: string;
  sessionHours?: number;
  /** A built dashboard directory (default: none, so the page answers 503). */
  dashboardDir?: string;
  /** The first view's server renderer (default: none). */
  dashboardRenderer?: DashboardPageRenderer;
}

/** The whole app over the Rong360 simulator, with lender keys, an in-memory store and a hand-flushed recorder. */
export async function dashboardHarness(options: HarnessOptions = {}): Promise<DashboardHarness> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const store = options.store ?? openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800, now });
  const recorder = createAnalyticsRecorder({
    store: store.analytics,
    log: { warn: () => undefined, error: () => undefined },
    flushDelayMs: 60_000,
  });
  const sim = await startRong360Simulator({ merchants: { [APP_ID]: KEYS.publicKeyPem }, port: 0 });
  const adapter = createRong360Adapter(
    {
      gatewayUrl: sim.url,
      appId: APP_ID,
      privateKeyPem: KEYS.privateKeyPem,
      appName: 'carrierlink',
      appVersion: '1.0.0',
      platform: 'web',
      noticeUrl: 'http://127.0.0.1:3000/hooks/rong360',
      timeoutMs: 10_000,
      smsResendSeconds: 60,
    },
    { now },
  );
  const app = await buildApp({
    config: { logLevel: 'silent', sessionTtlSeconds: 1800 },
    adapter,
    now,
    logger: false,
    widgetDir: '/nonexistent-widget-dir',
    embedDir: '/nonexistent-embed-dir',
    links: { apiKeys: options.apiKeys ?? API_KEYS },
    durable: { store, background: false, publicUrl: options.publicUrl ?? PUBLIC_URL },
    analyticsRecorder: recorder,
    dashboard: {
      dir: options.dashboardDir ?? '/nonexistent-dashboard-dir',
      ...(options.sessionHours && { sessionHours: options.sessionHours }),
      ...(options.dashboardRenderer && { renderer: options.dashboardRenderer }),
    },
  });
  const ok = <T>(response: LightMyRequestResponse, status: number): T => {
    if (response.statusCode !== status) throw new Error(`${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  return {
    app,
    store,
    recorder,
    advance: (ms) => void (offset += ms),
    now,
    async link(body = {}, key = KEY_ACME) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/link-tokens',
        headers: { ...bearer(key), 'content-type': 'application/json' },
        payload: JSON.stringify({ userId: 'user-42', allowedOrigins: [ORIGIN], ...body }),
      });
      return ok<CreateLinkTokenResponse>(response, 201);
    },
    async start(phone, linkToken) {
      const payload = { phone, consent: CONSENT, ...(linkToken && { linkToken }) };
      return ok<StartSessionResponse>(await app.inject({ method: 'POST', url: '/api/sessions', payload }), 201);
    },
    async submit(token, stepId, values) {
      return ok<StepResponse>(
        await app.inject({ method: 'POST', url: `/api/session/steps/${stepId}`, headers: bearer(token), payload: { values } }),
        200,
      );
    },
    action: (token, stepId, fieldId, action) =>
      app.inject({ method: 'POST', url: `/api/session/steps/${stepId}/fields/${fieldId}/${action}`, headers: bearer(token) }),
    browser: (token, body, headers = {}) =>
      app.inject({
        method: 'POST',
        url: '/api/session/events',
        headers: { ...bearer(token), 'content-type': 'application/json', ...headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await app.close();
      if (!options.store) await store.close();
      await adapter.close();
      await sim.close();
    },
  };
}
