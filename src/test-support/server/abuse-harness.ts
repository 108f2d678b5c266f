import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { FieldAction, FieldValue, Step } from '../../flow';
import { createDianhuaAdapter } from '../../providers/dianhua/adapter';
import { startDianhuaSimulator } from '../../providers/dianhua/simulator';
import { createRong360Adapter } from '../../providers/rong360/adapter';
import { generateMerchantKeyPair, startRong360Simulator } from '../../providers/rong360/simulator';
import type { ProviderAdapter, ProviderName } from '../../providers/types';
import { buildApp } from '../../server/app';
import { DEFAULT_ABUSE_LIMITS } from '../../server/env-limits';
import type { AbuseLimits } from '../../server/env-limits';
import type { SessionRecord } from '../../server/session/record';
import { tokenKey } from '../../server/session/token';
import { openSqliteStore } from '../../server/store/sqlite';
import type { DurableStore } from '../../server/store/types';
import { CONSENT } from './test-app';

// The real server in process with the abuse limits on, in front of a real simulator over HTTP that
// logs every call it receives, so a test can count what reached the "vendor".

const KEYS = generateMerchantKeyPair();
const RONG360_APP = '2010001';
export const ABUSE_PUSH_SECRET = 'abuse-suite-push-secret-0123456789abcdef';

export interface AbuseHarness {
  app: FastifyInstance;
  store: DurableStore;
  /** One line per call the simulator received: `<method or path> <masked phone> -> <code>`. */
  vendorCalls: string[];
  /** Calls whose line matches. */
  count(pattern: RegExp): number;
  /** Shifts the clock of the service, the adapter and the simulator (the limits' windows run on real time). */
  advance(ms: number): void;
  start(phone: string): Promise<LightMyRequestResponse>;
  submit(token: string, stepId: string, values: Record<string, FieldValue>): Promise<LightMyRequestResponse>;
  action(token: string, stepId: string, fieldId: string, action: FieldAction): Promise<LightMyRequestResponse>;
  restart(token: string): Promise<LightMyRequestResponse>;
  /** The session record as stored (adapter state included). */
  record(token: string): Promise<SessionRecord | undefined>;
  /** Listens on a random loopback port (for real HTTP clients); answers its base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const stepOf = (response: LightMyRequestResponse): Step => response.json<{ step: Step }>().step;

export async function abuseHarness(
  provider: ProviderName,
  options: { limits?: Partial<AbuseLimits>; storePath?: string } = {},
): Promise<AbuseHarness> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const vendorCalls: string[] = [];
  const log = (line: string) => void vendorCalls.push(line);
  let adapter: ProviderAdapter<unknown> & { close(): Promise<void> };
  let closeSimulator: () => Promise<void>;
  if (provider === 'rong360') {
    const sim = await startRong360Simulator({ merchants: { [RONG360_APP]: KEYS.publicKeyPem }, port: 0, log, now, sendNotices: false });
    closeSimulator = () => sim.close();
    adapter = createRong360Adapter(
      {
        gatewayUrl: sim.url,
        appId: RONG360_APP,
        privateKeyPem: KEYS.privateKeyPem,
        appName: 'carrierlink',
        appVersion: '1.0.0',
        platform: 'web',
        noticeUrl: 'http://127.0.0.1/unused',
        timeoutMs: 10_000,
        smsResendSeconds: 60,
      },
      { now },
    ) as ProviderAdapter<unknown> & { close(): Promise<void> };
  } else {
    const sim = await startDianhuaSimulator({ appId: 'abuse-app', appSecret: 'abuse-secret', port: 0, log, now });
    closeSimulator = () => sim.close();
    adapter = createDianhuaAdapter(
      { baseUrl: sim.url, appId: 'abuse-app', appSecret: 'abuse-secret', timeoutMs: 10_000, smsResend: 'endpoint', maxSmsResends: 5 },
      { now },
    ) as ProviderAdapter<unknown> & { close(): Promise<void> };
  }
  const store = openSqliteStore({ path: options.storePath ?? ':memory:', sessionTtlSeconds: 1800, now });
  const app = await buildApp({
    config: { logLevel: 'silent', sessionTtlSeconds: 1800 },
    adapter,
    logger: false,
    now,
    widgetDir: '/nonexistent-widget-dir',
    embedDir: '/nonexistent-embed-dir',
    durable: { store, background: false, pushSecret: ABUSE_PUSH_SECRET, pushProviders: ['rong360', 'dianhua'] },
    limits: { ...DEFAULT_ABUSE_LIMITS, ...options.limits },
  });
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    app,
    store,
    vendorCalls,
    count: (pattern) => vendorCalls.filter((line) => pattern.test(line)).length,
    advance: (ms) => void (offset += ms),
    start: (phone) => app.inject({ method: 'POST', url: '/api/sessions', payload: { phone, consent: CONSENT } }),
    submit: (token, stepId, values) =>
      app.inject({ method: 'POST', url: `/api/session/steps/${stepId}`, headers: auth(token), payload: { values } }),
    action: (token, stepId, fieldId, action) =>
      app.inject({ method: 'POST', url: `/api/session/steps/${stepId}/fields/${fieldId}/${action}`, headers: auth(token) }),
    restart: (token) => app.inject({ method: 'POST', url: '/api/session/restart', headers: auth(token) }),
    record: (token) => store.sessions.get(tokenKey(token)),
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    },
    async close() {
      await app.close();
      await adapter.close();
      await closeSimulator();
      await store.close();
    },
  };
}
