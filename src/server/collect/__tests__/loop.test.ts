import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { StepResponseSchema, StartSessionResponseSchema } from '../../../flow/schemas';
import type { Step } from '../../../flow';
import { CollectedDataSchema } from '../../../providers/data-model';
import { sandboxValuesFor as dianhuaValues } from '../../../providers/dianhua/sandbox-user';
import { sandboxValuesFor as rong360Values } from '../../../providers/rong360/sandbox-user';
import type { ProviderName } from '../../../providers/types';
import { buildApp } from '../../app';
import { openSqliteStore } from '../../store/sqlite';
import type { DurableStore } from '../../store/types';
import { vendorOf } from '../../../providers/registry';
import { parseEnv } from '../../env';
import { prefixedState, simulatorOptions } from '../../upstream';
import type { Upstream } from '../../upstream';

// The whole loop in one process, over real HTTP: the simulator pushes to the app's own receiver,
// the collector fetches through the vendor API, the lender's endpoint gets signed webhooks and the
// lender API answers the normalized data.

const API_KEY = 'loop_test_lender_key_0123456789abcdef';
const AES = { key: Buffer.from('0123456789abcdef'), iv: Buffer.from('fedcba9876543210') };
const CONSENT = { agreementVersion: '2024-01', acceptedAt: '2024-05-01T08:00:00.000Z' };

interface Delivery {
  id: string;
  type: string;
  sessionId: string;
  signed: boolean;
  body: Record<string, unknown>;
}

interface Loop {
  app: FastifyInstance;
  store: DurableStore;
  upstream: Upstream;
  receiver: Server;
  deliveries: Delivery[];
  logs: string[];
  close(): Promise<void>;
}

let loop: Loop | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

/** A lender endpoint that answers 500 to the first `failFirst` deliveries. */
async function startReceiver(secret: () => string, deliveries: Delivery[], failFirst: number): Promise<{ server: Server; url: string }> {
  let failures = failFirst;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const header = String(request.headers['carrierlink-signature'] ?? '');
      const [, t = '', v1 = ''] = /t=(\d+),v1=([0-9a-f]+)/.exec(header) ?? [];
      const body = JSON.parse(text) as Record<string, unknown>;
      deliveries.push({
        id: String(body['id']),
        type: String(body['type']),
        sessionId: String(body['sessionId']),
        signed: v1 === createHmac('sha256', secret()).update(`${t}.${text}`).digest('hex'),
        body,
      });
      if (failures > 0) {
        failures -= 1;
        response.writeHead(500).end('down');
      } else {
        response.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

/** The simulators push to the hook URL with it, as a deployment's vendors do. */
const PUSH_SECRET = 'loop-test-push-secret-0123456789abcdef';

async function startLoop(provider: ProviderName, options: { failFirst?: number; aes?: boolean } = {}): Promise<Loop> {
  const store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800 });
  const logs: string[] = [];
  let base: string | undefined;
  const extras = { state: prefixedState(store.simulatorState, 'main'), pushBaseUrl: () => base, pushSecret: PUSH_SECRET };
  const vendor = vendorOf(provider);
  const settings = parseEnv(options.aes ? { DIANHUA_PUSH_AES_KEY: AES.key.toString(), DIANHUA_PUSH_AES_IV: AES.iv.toString() } : {});
  const upstream = await vendor.createUpstream(settings[provider], {
    smsResendSeconds: 60,
    pushSecret: PUSH_SECRET,
    simulator: simulatorOptions(provider, extras),
  });
  const app = await buildApp({
    config: { logLevel: 'info', sessionTtlSeconds: 1800 },
    adapter: upstream.adapter,
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
    widgetDir: '/nonexistent-widget-dir',
    embedDir: '/nonexistent-embed-dir',
    links: { apiKeys: [{ lenderId: 'acme', key: API_KEY }] },
    durable: {
      store,
      sources: { [provider]: upstream.data },
      retentionDays: 7,
      webhookRetryBaseMs: 100,
      collectRetryBaseMs: 200,
      // Only a push can make the data arrive within the test: polling starts after a minute.
      collectFirstPollMs: 60_000,
      pushSecret: PUSH_SECRET,
      ...(options.aes && { vendorSettings: { dianhua: { pushAes: AES } } }),
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const deliveries: Delivery[] = [];
  let secret = '';
  const receiver = await startReceiver(() => secret, deliveries, options.failFirst ?? 0);
  const put = await app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: auth, payload: { url: receiver.url } });
  expect(put.statusCode).toBe(200);
  secret = put.json<{ signingSecret: string }>().signingSecret;
  return {
    app,
    store,
    upstream,
    receiver: receiver.server,
    deliveries,
    logs,
    async close() {
      await app.close();
      await upstream.close();
      await store.close();
      await new Promise((resolve) => receiver.server.close(resolve));
    },
  };
}

const auth = { authorization: `Bearer ${API_KEY}` };

/** Opens a lender link and answers every step as the sandbox applicant until authorized. */
async function authorize(l: Loop, provider: ProviderName, phone: string): Promise<string> {
  const link = await l.app.inject({
    method: 'POST',
    url: '/api/link-tokens',
    headers: auth,
    payload: { userId: 'applicant-42', allowedOrigins: ['https://lender.example'], phone },
  });
  expect(link.statusCode).toBe(201);
  const { linkToken, sessionId } = link.json<{ linkToken: string; sessionId: string }>();
  const started = await l.app.inject({ method: 'POST', url: '/api/sessions', payload: { phone, consent: CONSENT, linkToken } });
  expect(started.statusCode).toBe(201);
  const { token, step: first } = StartSessionResponseSchema.parse(started.json());
  let step: Step = first;
  for (let i = 0; i < 8 && step.type === 'form'; i++) {
    const values = provider === 'rong360' ? rong360Values(step.fields, phone) : dianhuaValues(step.fields, phone);
    const answer = await l.app.inject({
      method: 'POST',
      url: `/api/session/steps/${step.id}`,
      headers: { authorization: `Bearer ${token}` },
      payload: { values },
    });
    step = StepResponseSchema.parse(answer.json()).step;
  }
  expect(step.type, JSON.stringify(step).slice(0, 600)).toBe('authorized');
  return sessionId;
}

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const typesOf = (deliveries: Delivery[], sessionId: string) =>
  [...new Map(deliveries.filter((d) => d.sessionId === sessionId).map((d) => [d.id, d.type])).values()].filter(
    (t) => t !== 'crawl_progress',
  );

describe('after authorization, over real HTTP', () => {
  it('Rong360: the notice push leads to data_ready, delivered signed to a lender that failed twice, and the data API answers', async () => {
    loop = await startLoop('rong360', { failFirst: 2 });
    const sessionId = await authorize(loop, 'rong360', '13800138000');

    await until(
      () => typesOf(loop?.deliveries ?? [], sessionId),
      (types) => types.includes('data_ready'),
    );
    const mine = loop.deliveries.filter((d) => d.sessionId === sessionId);
    expect(mine.every((d) => d.signed)).toBe(true);
    expect(typesOf(mine, sessionId)).toEqual(['authorized', 'data_ready']);
    // The first event was attempted three times under one id (two 500s, then acknowledged).
    const authorized = mine.filter((d) => d.type === 'authorized');
    expect(authorized.map((d) => d.id)).toEqual([authorized[0]?.id, authorized[0]?.id, authorized[0]?.id]);
    expect(mine.find((d) => d.type === 'data_ready')?.body).toMatchObject({
      sessionId,
      lenderUserId: 'applicant-42',
      data: { provider: 'rong360' },
    });

    const pushes = await loop.store.pushes.list('rong360', (await loop.store.collections.get(sessionId))?.userId ?? '');
    expect(pushes.map((p) => [p.kind, p.ok])).toEqual([['notice', true]]);

    const data = await loop.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/data`, headers: auth });
    expect(data.statusCode).toBe(200);
    const collected = CollectedDataSchema.parse(data.json<{ data: unknown }>().data);
    expect(collected.calls.length).toBeGreaterThan(0);
    expect(collected.sms.length).toBeGreaterThan(0);
    expect(collected.bills.length).toBeGreaterThan(0);
    expect(collected.calls[0]?.time).toMatch(/\+08:00$/);
    const raw = await loop.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/raw`, headers: auth });
    expect(Object.keys(raw.json<{ raw: Record<string, unknown> }>().raw)).toEqual(['wd.api.mobilephone.getdata']);
    // Rong360 has no report, score or tags.
    const report = await loop.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/report`, headers: auth });
    expect(report.statusCode).toBe(404);
    // Logs never hold the applicant's number.
    expect(loop.logs.join('\n')).not.toContain('13800138000');
  });

  it('Dianhua with AES pushes: auth, result and report pushes recorded once each, data and extras served', async () => {
    loop = await startLoop('dianhua', { aes: true });
    const sessionId = await authorize(loop, 'dianhua', '15000000100');

    await until(
      () => typesOf(loop?.deliveries ?? [], sessionId),
      (types) => types.includes('data_ready'),
    );
    const collection = await loop.store.collections.get(sessionId);
    await until(
      () => loop?.store.pushes.list('dianhua', collection?.taskId ?? ''),
      (list) => (list?.length ?? 0) >= 3,
    );
    const pushes = await loop.store.pushes.list('dianhua', collection?.taskId ?? '');
    expect(pushes.map((p) => p.kind).sort()).toEqual(['auth', 'report', 'result']);

    const data = await loop.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/data`, headers: auth });
    const collected = CollectedDataSchema.parse(data.json<{ data: unknown }>().data);
    expect(collected.provider).toBe('dianhua');
    expect(collected.calls.length).toBeGreaterThan(0);
    expect(collected.bills[0]?.breakdown.packageFen).not.toBeNull();
    // The carrier masks it itself in calls/record (§13.5): kept as given.
    expect(collected.subscriber).toMatchObject({ idCard: '1101****002X', idCardMasking: 'carrier' });

    for (const kind of ['report', 'score', 'tags']) {
      const extra = await until(
        () => loop?.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/${kind}`, headers: auth }),
        (answer) => answer?.statusCode === 200,
      );
      expect(extra?.json()).toMatchObject({ sessionId, status: 'ready', data: { unreadable: {} } });
    }
    // Once in, the extras are part of the normalized data too.
    const full = await loop.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/data`, headers: auth });
    const withExtras = CollectedDataSchema.parse(full.json<{ data: unknown }>().data);
    expect(withExtras.report?.owner.phone).toBeTruthy();
    expect(withExtras.collectionScore?.periods.overall).not.toBeNull();
    expect(withExtras.numberTags?.numbers.length).toBeGreaterThan(0);
    const status = await loop.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}`, headers: auth });
    expect(status.json()).toMatchObject({ status: 'data_ready', provider: 'dianhua', lenderUserId: 'applicant-42' });
  });

  it('a crawl the vendor reports failed ends in one `failed` webhook, confirmed through the API', async () => {
    loop = await startLoop('dianhua');
    const sessionId = await authorize(loop, 'dianhua', '15500003102');
    await until(
      () => typesOf(loop?.deliveries ?? [], sessionId),
      (types) => types.includes('failed'),
    );
    expect(typesOf(loop.deliveries, sessionId)).toEqual(['authorized', 'failed']);
    const failed = loop.deliveries.find((d) => d.sessionId === sessionId && d.type === 'failed');
    expect(failed?.body).toMatchObject({ data: { provider: 'dianhua', code: 'crawl_failed' } });
    const data = await loop.app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/data`, headers: auth });
    expect(data.statusCode).toBe(404);
  });
});
