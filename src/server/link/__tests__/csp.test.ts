import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeAdapter } from '../../../test-support/server/fake-adapter';
import { createTestApp } from '../../../test-support/server/test-app';
import type { TestApp } from '../../../test-support/server/test-app';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from '../../security';
import { tokenKey } from '../../session/token';
import { createMemoryLinkStore } from '../store';
import { API_KEYS, ORIGIN, createLink } from '../../../test-support/server/link';

const INDEX = '<!doctype html><title>CarrierLink</title>';
const frameAncestors = (csp: unknown) => /frame-ancestors ([^;]+)/.exec(String(csp))?.[1];

function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cl-csp-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  return dir;
}

const T0 = Date.parse('2030-03-01T08:00:00.000Z');
let clock = T0;
let t: TestApp;
let store: ReturnType<typeof createMemoryLinkStore>;
beforeEach(async () => {
  clock = T0;
  store = createMemoryLinkStore({ now: () => clock });
  t = await createTestApp({ adapter: createFakeAdapter(), now: () => clock, widgetDir: fakeDist(), links: { apiKeys: API_KEYS, store } });
});
afterEach(async () => {
  await t.close();
  await store.close();
});

const page = (url: string) => t.app.inject({ method: 'GET', url });

describe('frame-ancestors per link', () => {
  it("lets exactly the link's origins frame the widget page opened with it, and nothing else changes", async () => {
    const { linkToken } = await createLink(t.app, { allowedOrigins: [ORIGIN, 'http://localhost:3001'] });
    for (const url of [
      `/?link_token=${linkToken}`,
      `/?channel=abc123xy&link_token=${linkToken}&mode=modal`,
      `/authorize?link_token=${linkToken}`,
    ]) {
      const response = await page(url);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['content-security-policy']).toBe(contentSecurityPolicy(`${ORIGIN} http://localhost:3001`));
      expect(response.headers['x-frame-options']).toBeUndefined();
    }
    // Request logs carry the path only, never the query's link token.
    expect(t.logs.join('\n')).not.toContain(linkToken);
  });

  it('keeps the link origins whatever its state, while the record exists', async () => {
    const used = await createLink(t.app);
    const late = await createLink(t.app, { expiresInSeconds: 60 });
    await store.consume(tokenKey(used.linkToken), clock);
    clock += 61_000;
    for (const token of [used.linkToken, late.linkToken]) {
      expect(frameAncestors((await page(`/?link_token=${token}`)).headers['content-security-policy'])).toBe(ORIGIN);
    }
    clock += 24 * 3600_000;
    expect(frameAncestors((await page(`/?link_token=${late.linkToken}`)).headers['content-security-policy'])).toBe("'none'");
  });

  it('lets nobody frame a page opened with an unknown or malformed link token', async () => {
    for (const token of [`lt_${'B'.repeat(43)}`, 'garbage', '', `lt_${'B'.repeat(43)}%20https://evil.example`]) {
      const response = await page(`/?link_token=${token}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-security-policy']).toBe(contentSecurityPolicy("'none'"));
    }
  });

  it("keeps frame-ancestors 'self' without a link token and on answers that are not HTML", async () => {
    const { linkToken } = await createLink(t.app);
    const answers = [
      await page('/'),
      await page('/?mode=modal'),
      await page(`/assets/index-abc.js?link_token=${linkToken}`),
      await page(`/api/link?link_token=${linkToken}`),
      await page(`/healthz?link_token=${linkToken}`),
    ];
    for (const response of answers) expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(frameAncestors(CONTENT_SECURITY_POLICY)).toBe("'self'");
  });
});
