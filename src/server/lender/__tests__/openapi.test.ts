import Fastify from 'fastify';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectedDataSchema, CallSchema, BillSchema } from '../../../providers/data-model';
import { createApiKeyring } from '../../link/api-keys';
import { registerLinkRoutes } from '../../link/link-routes';
import { createLinkService } from '../../link/service';
import { openSqliteStore } from '../../store/sqlite';
import type { DurableStore } from '../../store/types';
import { WEBHOOK_EVENT_TYPES } from '../../store/types';
import { buildOpenApiDocument, registerOpenApi } from '../openapi';
import { registerLenderApi } from '../routes';
import { OutagesResponseSchema } from '../../../flow/schemas';
import { createOutageDetector } from '../../outage/detector';
import { registerOutageRoutes } from '../../outage/outage-routes';
import { KEY_ACME } from '../../../test-support/server/lender-harness';

interface Operation {
  security?: unknown;
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<
    string,
    { post: { description: string; requestBody: { content: { 'application/json': { schema: { $ref: string } } } } } }
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
}

const OPTIONS = { publicUrl: 'https://carrierlink.example', linkTtlSeconds: 1800 };
let app: FastifyInstance;
let store: DurableStore;
let doc: Document;
let body: string;

beforeAll(async () => {
  store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 600 });
  app = Fastify({ logger: false });
  const keyring = createApiKeyring([{ lenderId: 'acme', key: KEY_ACME }]);
  const links = createLinkService({ store: store.links, ttlSeconds: 1800, requireLinkToken: false, log: app.log });
  registerLinkRoutes(app, links, keyring, 1800);
  registerLenderApi(app, { keyring, store, updateLinks: { links, ttlSeconds: 1800 } });
  const settings = { windowMinutes: 15, minSessions: 5, failureShare: 0.5, cacheSeconds: 30 };
  registerOutageRoutes(app, createOutageDetector({ store: store.analytics, settings }), { demo: true });
  registerOpenApi(app, OPTIONS);
  // As app.ts does: the root's own not-found handler beside the lender scope's.
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ root: true }));
  await app.ready();
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  body = response.body;
  doc = JSON.parse(body) as Document;
});

afterAll(async () => {
  await app.close();
  await store.close();
});

/** Every `$ref` in the document. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((inner) => refs(inner, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refs(inner, found);
    }
  }
  return found;
}

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document for the configured public URL, served identically each time', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://carrierlink.example' }]);
    expect((await app.inject({ method: 'GET', url: '/openapi.json' })).body).toBe(body);
    expect(JSON.stringify(buildOpenApiDocument(OPTIONS))).toBe(body);
  });

  it('lists only routes the app answers, and every lender route', async () => {
    const listed: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        listed.push(`${method.toUpperCase()} ${path}`);
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        expect(app.hasRoute({ method: method.toUpperCase() as HTTPMethods, url }), `${method} ${path}`).toBe(true);
      }
    }
    expect(listed).toEqual(
      expect.arrayContaining([
        'POST /api/link-tokens',
        'GET /api/v1/sessions/{sessionId}',
        'GET /api/v1/sessions/{sessionId}/data',
        'GET /api/v1/sessions/{sessionId}/raw',
        'GET /api/v1/sessions/{sessionId}/report',
        'GET /api/v1/sessions/{sessionId}/score',
        'GET /api/v1/sessions/{sessionId}/tags',
        'GET /api/v1/sessions/{sessionId}/events',
        'POST /api/v1/sessions/{sessionId}/update-links',
        'GET /api/v1/webhook',
        'PUT /api/v1/webhook',
        'DELETE /api/v1/webhook',
        'GET /api/v1/webhook-events',
        'POST /api/v1/webhook-events/{eventId}/replay',
        'GET /api/outages',
      ]),
    );
    expect(listed).toHaveLength(15);
    // Answered by the route itself, not the not-found handler.
    const answered = await app.inject({
      method: 'GET',
      url: '/api/v1/sessions/ses_ZZZZZZZZZZZZ/events',
      headers: { authorization: `Bearer ${KEY_ACME}` },
    });
    expect(answered.json()).toMatchObject({ error: { code: 'not_found', message: expect.not.stringContaining('No such endpoint') } });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/nope', headers: { authorization: `Bearer ${KEY_ACME}` } })).json(),
    ).toMatchObject({
      error: { message: 'No such endpoint: see /openapi.json' },
    });
    expect((await app.inject({ method: 'GET', url: '/nope' })).json()).toEqual({ root: true });
  });

  it('resolves every $ref inside components.schemas', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(20);
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    expect(body).not.toContain('$defs');
  });

  it('documents every field of the collected data model', () => {
    const { schemas } = doc.components;
    expect(Object.keys(schemas.CollectedData?.properties ?? {}).sort()).toEqual(Object.keys(CollectedDataSchema.shape).sort());
    expect(Object.keys(schemas.Call?.properties ?? {}).sort()).toEqual(Object.keys(CallSchema.shape).sort());
    expect(Object.keys(schemas.Bill?.properties ?? {}).sort()).toEqual(Object.keys(BillSchema.shape).sort());
    expect(schemas.SessionData?.properties?.data).toEqual({ $ref: '#/components/schemas/CollectedData' });
    expect(schemas.ReportReady?.properties?.data).toEqual({ $ref: '#/components/schemas/CallReport' });
    expect(schemas.ScoreReady?.properties?.data).toEqual({ $ref: '#/components/schemas/CollectionScore' });
    expect(schemas.TagsReady?.properties?.data).toEqual({ $ref: '#/components/schemas/NumberTags' });
    expect(Object.keys(schemas.Subscriber?.properties ?? {})).toEqual(expect.arrayContaining(['phone', 'idCard', 'idCardMasking']));
  });

  it('exposes only vendor-neutral schemas: no vendor field name outside the raw payloads', () => {
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && typeof value === 'object' && value !== null) Object.keys(value).forEach((name) => names.add(name));
        walk(value);
      }
    };
    walk(doc.components.schemas);
    expect(names.has('idCard')).toBe(true);
    for (const vendorName of [
      'tel_info',
      'call_log',
      'teldata',
      'billdata',
      'cuishou',
      'mergency_contact',
      'itag_ids',
      'not_sure_dunning',
      'sid',
    ]) {
      expect(names.has(vendorName)).toBe(false);
    }
    expect([...names].filter((name) => name.includes('_'))).toEqual([]);
  });

  it('documents the idCard query option and its 403 on the answers that carry ID cards', () => {
    for (const path of ['/api/v1/sessions/{sessionId}/data', '/api/v1/sessions/{sessionId}/raw', '/api/v1/sessions/{sessionId}/report']) {
      const get = doc.paths[path]?.get as { parameters?: Array<{ name: string }>; responses: Record<string, unknown> } | undefined;
      expect(get?.parameters?.map((p) => p.name)).toContain('idCard');
      expect(get?.responses['403']).toBeDefined();
    }
  });

  it('secures every route but the public outage list with the bearer API key and documents the error shape', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (path === '/api/outages') continue;
      for (const operation of Object.values(operations)) {
        expect(operation.security).toEqual([{ apiKey: [] }]);
        expect(operation.responses['401']).toBeDefined();
      }
    }
    expect(doc.components.schemas.Error?.properties).toHaveProperty('error');
    expect(doc.components.schemas.CreateLinkTokenRequest?.properties).toHaveProperty('allowedOrigins');
  });

  it('describes each webhook event and how to verify its signature', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(doc.webhooks.data_ready?.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/DataReadyEvent',
    });
    expect(doc.webhooks.authorized?.post.description).toContain('carrierlink-signature');
    expect(doc.webhooks.authorized?.post.description).toContain('HMAC-SHA256');
    expect(doc.components.schemas.DataReadyEvent?.properties).toHaveProperty('data');
    // report_ready and the retry schedule are documented too.
    expect(doc.webhooks.report_ready?.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ReportReadyEvent',
    });
    expect(doc.components.schemas.ReportReadyEvent?.properties).toHaveProperty('data');
    expect(doc.webhooks.report_ready?.post.description).toContain('at least 72 hours');
  });

  it('documents the public outage list: no API key, its query options, errors and the answer the route gives', async () => {
    const get = doc.paths['/api/outages']?.get as
      (Operation & { parameters: Array<{ name: string; in: string; schema: { enum?: string[] } }> }) | undefined;
    expect(get?.security).toEqual([]);
    expect(get?.parameters.map((p) => [p.name, p.in, p.schema.enum])).toEqual([
      ['demo', 'query', ['0', '1']],
      ['simulate', 'query', ['outage']],
    ]);
    expect(get?.responses['200']).toEqual({
      description: expect.any(String),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/OutagesResponse' } } },
    });
    for (const status of ['400', '404']) {
      expect(get?.responses[status]).toMatchObject({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/LinkTokenError' } } },
      });
    }
    const component = doc.components.schemas.OutagesResponse as {
      properties: Record<string, { description?: string; items?: unknown }>;
      required: string[];
    };
    expect(Object.keys(component.properties).sort()).toEqual(Object.keys(OutagesResponseSchema.shape).sort());
    expect(component.required.sort()).toEqual(Object.keys(OutagesResponseSchema.shape).sort());
    for (const property of Object.values(component.properties)) expect(property.description).toBeTruthy();
    expect(component.properties.outages?.items).toMatchObject({
      required: ['carrier', 'province'],
      properties: { carrier: { enum: ['chinaMobile', 'chinaUnicom', 'chinaTelecom', 'chinaBroadnet'] } },
    });
    // What the route answers has exactly the documented fields.
    const answer = await app.inject({ method: 'GET', url: '/api/outages?demo=1&simulate=outage' });
    expect(answer.statusCode).toBe(200);
    const body = answer.json<{ outages: Array<Record<string, unknown>> }>();
    expect(Object.keys(body).sort()).toEqual(Object.keys(component.properties).sort());
    expect(Object.keys(body.outages[0] ?? {}).sort()).toEqual(['carrier', 'province']);
    expect((await app.inject({ method: 'GET', url: '/api/outages?demo=maybe' })).json()).toMatchObject({ error: { code: 'bad_request' } });
  });
});
