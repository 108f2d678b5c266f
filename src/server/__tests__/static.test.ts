import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../security';
import { createFakeAdapter } from '../../test-support/server/fake-adapter';
import { createTestApp } from '../../test-support/server/test-app';
import type { TestApp } from '../../test-support/server/test-app';

const INDEX = '<!doctype html><title>CarrierLink</title><script type="module" src="/assets/index-abc123.js"></script>';
const SCRIPT = 'console.log("widget");'.repeat(20);

function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cl-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('widget serving', () => {
  it('serves index.html at / with the CSP, security headers and no-cache', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), widgetDir: fakeDist() });
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets immutable and pre-compressed when the browser accepts it', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), widgetDir: fakeDist() });
    const url = '/assets/index-abc123.js';
    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.rawPayload.equals(brotliCompressSync(SCRIPT))).toBe(true);
    const gz = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('answers unknown navigations with index.html but a missing asset or API route with a 404', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), widgetDir: fakeDist() });
    const deep = await t.app.inject({ method: 'GET', url: '/authorize/step?x=1' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toBe(INDEX);
    const asset = await t.app.inject({ method: 'GET', url: '/assets/missing-123.js' });
    expect(asset.statusCode).toBe(404);
    const api = await t.app.inject({ method: 'GET', url: '/api/unknown' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('bad_request');
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 with a hint when the widget has not been built', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), widgetDir: join(tmpdir(), 'cl-no-such-dist') });
    for (const url of ['/', '/somewhere']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(503);
      expect(response.body).toBe('widget not built: run npm run build');
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
