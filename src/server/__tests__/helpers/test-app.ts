import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { FieldAction, FieldValue, StepResponse, StartSessionResponse } from '../../../flow';
import type { ProviderAdapter } from '../../../providers/types';
import { buildApp } from '../../app';
import type { SessionStore } from '../../session/store';

export interface TestApp {
  app: FastifyInstance;
  /** Every response body the app produced, for leak scans. */
  bodies: string[];
  /** Every log line. */
  logs: string[];
  start(phone: string): Promise<LightMyRequestResponse>;
  startOk(phone: string): Promise<StartSessionResponse>;
  current(token: string): Promise<LightMyRequestResponse>;
  submit(token: string, stepId: string, values: Record<string, FieldValue>): Promise<LightMyRequestResponse>;
  action(token: string, stepId: string, fieldId: string, action: FieldAction): Promise<LightMyRequestResponse>;
  cancel(token: string, stepId: string): Promise<LightMyRequestResponse>;
  restart(token: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const CONSENT = { agreementVersion: '2024-01', acceptedAt: '2024-05-01T08:00:00.000Z' };

export async function createTestApp<S>(options: {
  adapter: ProviderAdapter<S>;
  now?: () => number;
  sessionTtlSeconds?: number;
  widgetDir?: string;
  store?: SessionStore;
}): Promise<TestApp> {
  const logs: string[] = [];
  const bodies: string[] = [];
  const app = await buildApp({
    config: { logLevel: 'info', sessionTtlSeconds: options.sessionTtlSeconds ?? 1800 },
    adapter: options.adapter,
    now: options.now,
    store: options.store,
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
    widgetDir: options.widgetDir ?? '/nonexistent-widget-dir',
  });
  // Every answer the app produces, however a test sent the request.
  app.addHook('onSend', async (_request, _reply, payload) => {
    if (typeof payload === 'string') bodies.push(payload);
    return payload;
  });
  const record = (response: LightMyRequestResponse) => response;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const start = async (phone: string) =>
    record(await app.inject({ method: 'POST', url: '/api/sessions', payload: { phone, consent: CONSENT } }));

  return {
    app,
    bodies,
    logs,
    start,
    async startOk(phone) {
      const response = await start(phone);
      if (response.statusCode !== 201) throw new Error(`start failed: ${response.statusCode} ${response.body}`);
      return response.json<StartSessionResponse>();
    },
    current: async (token) => record(await app.inject({ method: 'GET', url: '/api/session', headers: auth(token) })),
    submit: async (token, stepId, values) =>
      record(
        await app.inject({ method: 'POST', url: `/api/session/steps/${stepId}`, headers: auth(token), payload: { values } }),
      ),
    action: async (token, stepId, fieldId, action) =>
      record(
        await app.inject({
          method: 'POST',
          url: `/api/session/steps/${stepId}/fields/${fieldId}/${action}`,
          headers: auth(token),
        }),
      ),
    cancel: async (token, stepId) =>
      record(await app.inject({ method: 'POST', url: `/api/session/steps/${stepId}/cancel`, headers: auth(token) })),
    restart: async (token) =>
      record(await app.inject({ method: 'POST', url: '/api/session/restart', headers: auth(token) })),
    close: () => app.close(),
  };
}

export function stepOf(response: LightMyRequestResponse): StepResponse['step'] {
  return response.json<StepResponse>().step;
}
