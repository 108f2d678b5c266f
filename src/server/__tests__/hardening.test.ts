import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import type { BuildAppOptions } from '../app';
import { DEFAULT_ABUSE_LIMITS } from '../env-limits';
import { HSTS, PERMISSIONS_POLICY } from '../security';
import { CONSENT } from '../../test-support/server/test-app';
import { createFakeAdapter } from '../../test-support/server/fake-adapter';

// Headers, the 429 shape, per-address limits behind a trusted proxy, and what a start may combine.

const KEY = 'sk_hardening_0123456789abcdefghij';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function app(options: Partial<BuildAppOptions<unknown>> = {}) {
  const built = await buildApp({
    config: { logLevel: 'silent', sessionTtlSeconds: 1800 },
    adapter: createFakeAdapter(),
    logger: false,
    widgetDir: '/nonexistent-widget-dir',
    embedDir: '/nonexistent-embed-dir',
    links: { apiKeys: [{ lenderId: 'acme', key: KEY }] },
    ...options,
  });
  close = () => built.close();
  return built;
}

const start = (phone = '13812345678', extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/api/sessions',
  headers,
  payload: { phone, consent: CONSENT, ...extra },
});

describe('security headers', () => {
  it('sets COOP and Permissions-Policy on every answer, and HSTS only when told (production behind https)', async () => {
    const plain = await app();
    const answer = await plain.inject({ method: 'GET', url: '/healthz' });
    expect(answer.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(answer.headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
    expect(answer.headers['strict-transport-security']).toBeUndefined();
    await close?.();
    const secure = await app({ hsts: true });
    for (const url of ['/healthz', '/api/nope', '/']) {
      expect((await secure.inject({ method: 'GET', url })).headers['strict-transport-security']).toBe(HSTS);
    }
  });
});

describe('a refusal by an abuse limit', () => {
  it('answers 429 rate_limited with Retry-After and the same wait in the body', async () => {
    const limited = await app({ limits: { ...DEFAULT_ABUSE_LIMITS, startsPerNumber: 1 } });
    expect((await limited.inject(start())).statusCode).toBe(201);
    const refused = await limited.inject(start());
    expect(refused.statusCode).toBe(429);
    const { error } = refused.json<{ error: { code: string; retryAfterSeconds: number; retryAt: string } }>();
    expect(error.code).toBe('rate_limited');
    expect(refused.headers['retry-after']).toBe(String(error.retryAfterSeconds));
    expect(Date.parse(error.retryAt)).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('counts starts per client address, from X-Forwarded-For only behind a trusted proxy', async () => {
    const limits = { ...DEFAULT_ABUSE_LIMITS, startsPerIp: 2 };
    const direct = await app({ limits });
    const spoofed = (i: number) => start(`1381234567${i}`, {}, { 'x-forwarded-for': `203.0.113.${i}` });
    // Untrusted: the header is ignored and every start comes from the same socket address.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await direct.inject(spoofed(i))).statusCode);
    expect(statuses).toEqual([201, 201, 429]);
    await close?.();
    const proxied = await app({ limits, http: { trustProxy: ['127.0.0.1'] } });
    for (let i = 0; i < 3; i++) expect((await proxied.inject(spoofed(i))).statusCode).toBe(201);
  });

  it('caps link tokens per lender key, before the body is read', async () => {
    const limited = await app({ limits: { ...DEFAULT_ABUSE_LIMITS, linkTokensPerLender: 1 } });
    const create = () =>
      limited.inject({
        method: 'POST',
        url: '/api/link-tokens',
        headers: { authorization: `Bearer ${KEY}` },
        payload: { userId: 'u1', allowedOrigins: ['https://lender.example'] },
      });
    expect((await create()).statusCode).toBe(201);
    const refused = await create();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  });
});

describe('a session start', () => {
  it('refuses demo settings together with a link token, before the link is used up', async () => {
    const demoApp = await app({ demo: { enabled: true } });
    const created = await demoApp.inject({
      method: 'POST',
      url: '/api/link-tokens',
      headers: { authorization: `Bearer ${KEY}` },
      payload: { userId: 'u1', allowedOrigins: ['https://lender.example'] },
    });
    const { linkToken } = created.json<{ linkToken: string }>();
    const refused = await demoApp.inject(start('13812345678', { linkToken, demo: { provider: 'rong360' } }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'bad_request' } });
    const link = await demoApp.inject({ method: 'GET', url: '/api/link', headers: { authorization: `Bearer ${linkToken}` } });
    expect(link.json()).toMatchObject({ state: 'unused' });
  });
});

describe('server limits', () => {
  it('applies the timeouts and refuses connections past the cap', async () => {
    const limited = await app({
      http: { limits: { requestTimeoutMs: 20_000, headersTimeoutMs: 7_000, keepAliveTimeoutMs: 4_000, maxConnections: 1 } },
    });
    await limited.listen({ port: 0, host: '127.0.0.1' });
    expect(limited.server.requestTimeout).toBe(20_000);
    expect(limited.server.headersTimeout).toBe(7_000);
    expect(limited.server.keepAliveTimeout).toBe(4_000);
    const { port } = limited.server.address() as AddressInfo;
    // The first connection is held open; the second is closed at accept, before any answer.
    const first = connect(port, '127.0.0.1');
    await new Promise((resolve) => first.once('connect', resolve));
    const second = connect(port, '127.0.0.1');
    second.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      second.on('data', (chunk: Buffer) => (text += chunk.toString()));
      second.on('close', () => resolve(text));
      second.on('error', () => resolve(text));
    });
    expect(answer).toBe('');
    first.destroy();
  });
});
