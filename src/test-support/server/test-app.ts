import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { FieldAction, FieldValue, FormStep, Step, StepResponse, StartSessionResponse } from '../../flow';
import { ErrorResponseSchema } from '../../flow/schemas';
import type { ProviderAdapter } from '../../providers/types';
import { buildApp } from '../../server/app';
import type { DemoOptions, LinkOptions } from '../../server/app';
import type { SessionStore } from '../../server/session/store';

export interface TestApp {
  app: FastifyInstance;
  /**
   * Every response body the app produced, for leak scans; an authorized step's `result.taskId` (the
   * one upstream id the lender's page is meant to learn) is blanked, so the id anywhere else still fails a scan.
   */
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

export const RESULT_TASK_ID = '[result.taskId]';

/** The body with `step.result.taskId` replaced by RESULT_TASK_ID (bodies that are not such JSON stay as they are). */
export function withoutResultTaskId(body: string): string {
  if (!body.includes('"result"')) return body;
  try {
    const json = JSON.parse(body) as { step?: { type?: unknown; result?: { taskId?: unknown } } };
    if (json.step?.type !== 'authorized' || typeof json.step.result?.taskId !== 'string') return body;
    json.step.result.taskId = RESULT_TASK_ID;
    return JSON.stringify(json);
  } catch {
    return body;
  }
}

export const CONSENT = { agreementVersion: '2024-01', acceptedAt: '2024-05-01T08:00:00.000Z' };

export async function createTestApp<S>(options: {
  adapter: ProviderAdapter<S>;
  now?: () => number;
  sessionTtlSeconds?: number;
  widgetDir?: string;
  /** The page renderer's directory (render.js); none by default, so GET / is the bare shell. */
  pageDir?: string;
  embedDir?: string;
  store?: SessionStore;
  links?: LinkOptions;
  demo?: DemoOptions;
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
    pageDir: options.pageDir ?? '/nonexistent-page-dir',
    embedDir: options.embedDir ?? '/nonexistent-embed-dir',
    ...(options.links ? { links: options.links } : {}),
    ...(options.demo ? { demo: options.demo } : {}),
  });
  // Every answer the app produces, however a test sent the request.
  app.addHook('onSend', async (_request, _reply, payload) => {
    if (typeof payload === 'string') bodies.push(withoutResultTaskId(payload));
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
      record(await app.inject({ method: 'POST', url: `/api/session/steps/${stepId}`, headers: auth(token), payload: { values } })),
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
    restart: async (token) => record(await app.inject({ method: 'POST', url: '/api/session/restart', headers: auth(token) })),
    close: () => app.close(),
  };
}

export function stepOf(response: LightMyRequestResponse): StepResponse['step'] {
  return response.json<StepResponse>().step;
}

/** The step as a form step; throws (failing the test) with the step it got otherwise. */
export function asForm(step: Step): FormStep {
  if (step.type !== 'form') throw new Error(`expected a form step, got ${JSON.stringify(step)}`);
  return step;
}

/** The error block of a refused call, checked against the API's schema. */
export function errorOf(response: { json(): unknown }) {
  return ErrorResponseSchema.parse(response.json()).error;
}
