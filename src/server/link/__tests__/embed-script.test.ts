import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeAdapter } from '../../../test-support/server/fake-adapter';
import { createTestApp } from '../../../test-support/server/test-app';
import type { TestApp } from '../../../test-support/server/test-app';

const SCRIPT = '(function(){window.CarrierLink={open:function(){}};})();'.repeat(10);

function fakeEmbed(options: { compressed?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cl-embed-'));
  writeFileSync(join(dir, 'embed.js'), SCRIPT);
  if (options.compressed !== false) {
    writeFileSync(join(dir, 'embed.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(join(dir, 'embed.js.gz'), gzipSync(SCRIPT));
  }
  return dir;
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const get = (headers: Record<string, string> = {}) => t!.app.inject({ method: 'GET', url: '/embed.js', headers });

describe('GET /embed.js', () => {
  it('serves the loader cross-origin, cached five minutes, as JavaScript', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), embedDir: fakeEmbed() });
    const response = await get();
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(SCRIPT);
    expect(response.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
    });
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('serves embed-modal.js beside it, readable cross-origin (embed.js pins it by its hash), whatever the version query', async () => {
    const dir = fakeEmbed();
    const modal = '(function(){document.currentScript;})();';
    writeFileSync(join(dir, 'embed-modal.js'), modal);
    t = await createTestApp({ adapter: createFakeAdapter(), embedDir: dir });
    const response = await t.app.inject({ method: 'GET', url: '/embed-modal.js?tb2K6oWp', headers: { origin: 'https://lender.example' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(modal);
    expect(response.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    });
    // Not built: a clear 503, like embed.js.
    await t.close();
    t = await createTestApp({ adapter: createFakeAdapter(), embedDir: fakeEmbed() });
    expect((await t.app.inject({ method: 'GET', url: '/embed-modal.js' })).statusCode).toBe(503);
  });

  it('picks the precompressed file the browser accepts: br first, then gzip, honouring q=0', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), embedDir: fakeEmbed() });
    const br = await get({ 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.equals(brotliCompressSync(SCRIPT))).toBe(true);
    const gz = await get({ 'accept-encoding': 'gzip;q=0.8, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.equals(gzipSync(SCRIPT))).toBe(true);
    const any = await get({ 'accept-encoding': '*' });
    expect(any.headers['content-encoding']).toBe('br');
    const none = await get({ 'accept-encoding': 'identity' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body).toBe(SCRIPT);
    for (const response of [br, gz, none]) expect(response.headers.vary).toBe('accept-encoding');
  });

  it('serves the plain file when the build has no compressed siblings', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), embedDir: fakeEmbed({ compressed: false }) });
    const response = await get({ 'accept-encoding': 'br, gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(SCRIPT);
  });

  it('answers 304 to a matching If-None-Match, per encoding', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), embedDir: fakeEmbed() });
    const first = await get({ 'accept-encoding': 'br' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await get({ 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const otherEncoding = await get({ 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(otherEncoding.statusCode).toBe(200);
  });

  it('reads the files once at startup', async () => {
    const dir = fakeEmbed({ compressed: false });
    t = await createTestApp({ adapter: createFakeAdapter(), embedDir: dir });
    writeFileSync(join(dir, 'embed.js'), 'changed();');
    expect((await get()).body).toBe(SCRIPT);
  });

  it('answers 503 with a hint when the loader has not been built', async () => {
    t = await createTestApp({ adapter: createFakeAdapter(), embedDir: join(tmpdir(), 'cl-no-such-embed') });
    const response = await get();
    expect(response.statusCode).toBe(503);
    expect(response.body).toBe('embed script not built: run npm run build');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
