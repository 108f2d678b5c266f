import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { DEFAULT_ABUSE_LIMITS } from '../env-limits';
import { openSqliteStore } from '../store/sqlite';
import type { DurableStore } from '../store/types';
import { createFakeAdapter } from '../../test-support/server/fake-adapter';
import { CONSENT } from '../../test-support/server/test-app';

// Every public endpoint under random methods, headers, bodies and path parameters: whatever comes
// in, the answer is never a 5xx (a bad request is the client's, and says so with a 4xx).

const API_KEY = 'sk_fuzz_0123456789abcdefghijklmn';
const PUSH_SECRET = 'fuzz-push-secret-0123456789abcdefghijk';

let app: FastifyInstance;
let store: DurableStore;
let dir: string;
let sessionToken = '';
let linkToken = '';
let stepId = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cl-fuzz-'));
  for (const sub of ['widget', 'widget/assets', 'embed']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'widget/index.html'), '<!doctype html><title>w</title>');
  writeFileSync(join(dir, 'widget/demo.html'), '<!doctype html><title>d</title>');
  writeFileSync(join(dir, 'embed/embed.js'), '/* embed */');
  store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800 });
  app = await buildApp({
    config: { logLevel: 'silent', sessionTtlSeconds: 1800 },
    adapter: createFakeAdapter(),
    logger: false,
    widgetDir: join(dir, 'widget'),
    embedDir: join(dir, 'embed'),
    links: { apiKeys: [{ lenderId: 'fuzz', key: API_KEY }] },
    demo: { enabled: true },
    durable: { store, background: false, pushSecret: PUSH_SECRET, pushProviders: ['rong360', 'dianhua'] },
    // Generous enough that the fuzzing reaches every handler rather than the limits alone.
    limits: {
      ...DEFAULT_ABUSE_LIMITS,
      startsPerIp: 1_000_000,
      linkRedemptionsPerIp: 1_000_000,
      startsPerNumber: 10_000,
      linkTokensPerLender: 1_000_000,
    },
  });
  const started = await app.inject({ method: 'POST', url: '/api/sessions', payload: { phone: '13812345678', consent: CONSENT } });
  ({ token: sessionToken } = started.json<{ token: string }>());
  stepId = started.json<{ step: { id: string } }>().step.id;
  const link = await app.inject({
    method: 'POST',
    url: '/api/link-tokens',
    headers: { authorization: `Bearer ${API_KEY}` },
    payload: { userId: 'u1', allowedOrigins: ['https://lender.example'] },
  });
  ({ linkToken } = link.json<{ linkToken: string }>());
});

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Path segments an attacker would try: real ids, near misses, encodings, traversal, huge and odd text. */
const segment = fc.oneof(
  fc.constantFrom('', 'x', '..', '%2e%2e', '%00', '%ff', '%', 'refresh', 'resend', 'recover', 'cancel', 'data', 'raw', 'events'),
  fc
    .constantFrom('PUSH', 'STEP', 'SESSION', 'LONG')
    .map((kind) => (kind === 'PUSH' ? PUSH_SECRET : kind === 'STEP' ? stepId : kind === 'SESSION' ? 'ses_AAAAAAAAAAAA' : 'a'.repeat(500))),
  fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)),
  fc.string({ unit: 'grapheme', maxLength: 10 }).map((text) => encodeURIComponent(text)),
);

const ROUTES = [
  '/api/sessions',
  '/api/session',
  '/api/session/steps/:a',
  '/api/session/steps/:a/fields/:b/:c',
  '/api/session/steps/:a/cancel',
  '/api/session/restart',
  '/api/session/handoff',
  '/theme.css',
  '/api/link',
  '/api/link-tokens',
  '/api/demo/config',
  '/api/v1/sessions/:a',
  '/api/v1/sessions/:a/:b',
  '/api/v1/webhook',
  '/openapi.json',
  '/healthz',
  '/hooks/rong360/:a',
  '/hooks/dianhua/:a',
  '/hooks/:a/:b',
  '/embed.js',
  '/',
  '/demo',
  '/assets/:a',
  '/:a',
] as const;

const path = fc
  .tuple(fc.constantFrom(...ROUTES), segment, segment, segment, fc.option(fc.string({ maxLength: 30 }), { nil: undefined }))
  .map(([route, a, b, c, query]) => {
    const filled = route.replace(':a', a).replace(':b', b).replace(':c', c);
    return query === undefined ? filled : `${filled}?${encodeURIComponent(query)}=${encodeURIComponent(query)}&yulore_flag=auth`;
  });

const authorization = fc.oneof(
  fc.constant(undefined),
  fc
    .constantFrom('SESSION', 'LINK', 'KEY')
    .map((kind) => `Bearer ${kind === 'SESSION' ? sessionToken : kind === 'LINK' ? linkToken : API_KEY}`),
  fc.string({ maxLength: 80 }).map((text) => `Bearer ${text}`),
  fc.string({ maxLength: 80 }),
);

const contentType = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'application/json',
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
  ),
  fc.string({ maxLength: 40 }),
);

const json = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      phone: fc.oneof(fc.constant('13812345678'), fc.string({ maxLength: 20 })),
      consent: fc.oneof(fc.constant(CONSENT), fc.jsonValue({ maxDepth: 2 })),
      linkToken: fc.oneof(fc.constant(undefined), fc.constant('LINK'), fc.string({ maxLength: 50 })),
      demo: fc.oneof(fc.constant(undefined), fc.record({ provider: fc.constantFrom('rong360', 'dianhua', 'x') })),
      values: fc.dictionary(
        fc.string({ maxLength: 70 }),
        fc.oneof(fc.string({ maxLength: 300 }), fc.array(fc.string({ maxLength: 40 }), { maxLength: 12 })),
      ),
      url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 50 })),
      userId: fc.string({ maxLength: 70 }),
      allowedOrigins: fc.array(fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 })), { maxLength: 12 }),
      user_id: fc.string({ maxLength: 200 }),
      status: fc.oneof(fc.integer(), fc.string({ maxLength: 12 })),
      sid: fc.string({ maxLength: 200 }),
    },
    { requiredKeys: [] },
  ),
);

const payload = fc.oneof(
  fc.constant(undefined),
  json.map((value) => JSON.stringify(value).replace('"LINK"', JSON.stringify(linkToken))),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('{', '[', '"', '{"a":', 'user_id=cl_1&status=2', 'user_id=&status=x', '\u0000\u0001', 'null'),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  url: path,
  authorization,
  contentType,
  payload,
  extra: fc.dictionary(
    fc.constantFrom('x-forwarded-for', 'accept', 'origin', 'content-encoding', 'transfer-encoding', 'x-custom'),
    fc.string({ maxLength: 40 }),
    { maxKeys: 3 },
  ),
});

describe('every public endpoint, fuzzed', () => {
  it('never answers 5xx, whatever the method, headers, body or path parameters', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(r.extra)) if (value !== '') headers[name] = value;
        if (r.authorization !== undefined) headers['authorization'] = r.authorization;
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        const answer = await app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers,
          ...(r.payload !== undefined && r.method !== 'GET' && r.method !== 'HEAD' && { payload: r.payload }),
        });
        expect(answer.statusCode, `${r.method} ${r.url} -> ${answer.statusCode} ${answer.body.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 4000 },
    );
  }, 180_000);
});
