import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../store/sqlite';
import { API_KEYS, KEY_ACME, KEY_BANK, PUBLIC_URL, dashboardHarness } from '../../../test-support/server/dashboard-harness';
import type { DashboardHarness } from '../../../test-support/server/dashboard-harness';

const harnesses: DashboardHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});
async function open(options: Parameters<typeof dashboardHarness>[0] = {}) {
  const harness = await dashboardHarness(options);
  harnesses.push(harness);
  return harness;
}

function login(h: DashboardHarness, apiKey: string, headers: Record<string, string> = {}) {
  return h.app.inject({
    method: 'POST',
    url: '/api/dashboard/login',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ apiKey }),
  });
}

/** The cookie pair (`name=value`) a sign-in set. */
function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error('no cookie set');
  return first.split(';')[0] ?? '';
}

const me = (h: DashboardHarness, cookie: string) => h.app.inject({ method: 'GET', url: '/api/dashboard/me', headers: { cookie } });
/** Whether /me (200 either way) says this cookie is signed in. */
const signedIn = async (h: DashboardHarness, cookie: string) => (await me(h, cookie)).json<{ signedIn: boolean }>().signedIn;

describe('dashboard sign-in', () => {
  it('exchanges the API key for an HttpOnly, SameSite=Strict session cookie and a CSRF token', async () => {
    const h = await open();
    const response = await login(h, KEY_ACME);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ lenderId: string; csrfToken: string; expiresAt: string }>();
    expect(body).toMatchObject({ signedIn: true, lenderId: 'acme', csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(Date.parse(body.expiresAt) - h.now()).toBeGreaterThan(11.9 * 3_600_000);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^cl_dashboard=[A-Za-z0-9_-]{43};/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\//);
    expect(header).toMatch(/Max-Age=43200/);
    // Plain http (development): not Secure, or the browser would drop it.
    expect(header).not.toMatch(/Secure/);
    // Neither the key nor anything derived from it by a known function rides in the cookie.
    expect(header).not.toContain(KEY_ACME);
    expect((await me(h, cookieOf(response))).json()).toEqual(body);
  });

  it('sets a Secure __Host- cookie when the server is reached over https', async () => {
    const h = await open({ publicUrl: 'https://link.example.com' });
    const header = String((await login(h, KEY_ACME, { origin: 'https://link.example.com' })).headers['set-cookie']);
    expect(header).toMatch(/^__Host-cl_dashboard=/);
    expect(header).toMatch(/Secure/);
  });

  it('refuses a wrong key, a malformed body, another origin, and too many attempts', async () => {
    const h = await open();
    expect((await login(h, 'sk_wrong_key_0000000000000000')).json()).toMatchObject({ error: { code: 'unauthorized' } });
    const noBody = await h.app.inject({
      method: 'POST',
      url: '/api/dashboard/login',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(noBody.statusCode).toBe(400);
    const crossSite = await login(h, KEY_ACME, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.headers['set-cookie']).toBeUndefined();
    // Ten attempts per address per ten minutes; one was used above (malformed and cross-site ones stop earlier).
    for (let i = 0; i < 9; i += 1) await login(h, 'sk_wrong_key_0000000000000000');
    const limited = await login(h, KEY_ACME);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('counts sign-in attempts in the store, so a second instance over the same database refuses too', async () => {
    const first = await open();
    const second = await open({ store: first.store });
    for (let i = 0; i < 5; i += 1) await login(first, 'sk_wrong_key_0000000000000000');
    for (let i = 0; i < 5; i += 1) await login(second, 'sk_wrong_key_0000000000000000');
    expect((await login(first, KEY_ACME)).statusCode).toBe(429);
    expect((await login(second, KEY_ACME)).statusCode).toBe(429);
  });

  it('says signed out without a cookie or with an unknown one, refuses data then, and takes a bearer API key instead', async () => {
    const h = await open();
    const none = await h.app.inject({ method: 'GET', url: '/api/dashboard/me' });
    expect([none.statusCode, none.json()]).toEqual([200, { signedIn: false }]);
    expect(await signedIn(h, `cl_dashboard=${'A'.repeat(43)}`)).toBe(false);
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/dashboard/funnel', headers: { cookie: `cl_dashboard=${'A'.repeat(43)}` } }))
        .statusCode,
    ).toBe(401);
    const bearer = await h.app.inject({ method: 'GET', url: '/api/dashboard/me', headers: { authorization: `Bearer ${KEY_BANK}` } });
    expect(bearer.json()).toEqual({ signedIn: true, lenderId: 'bank', csrfToken: null, expiresAt: null });
    expect(
      (
        await h.app.inject({ method: 'GET', url: '/api/dashboard/me', headers: { authorization: 'Bearer sk_wrong_key_0000000000000000' } })
      ).json(),
    ).toEqual({
      signedIn: false,
    });
  });

  it('requires the CSRF token and our own origin for changes made with the cookie', async () => {
    const h = await open();
    const response = await login(h, KEY_ACME);
    const cookie = cookieOf(response);
    const { csrfToken } = response.json<{ csrfToken: string }>();
    const replay = (headers: Record<string, string>) =>
      h.app.inject({
        method: 'POST',
        url: '/api/dashboard/webhook-events/evt_AAAAAAAAAAAAAAAAAAAAAAAA/replay',
        headers: { cookie, ...headers },
      });
    expect((await replay({})).json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await replay({ 'x-csrf-token': 'A'.repeat(43) })).statusCode).toBe(403);
    expect((await replay({ 'x-csrf-token': csrfToken, origin: 'https://evil.example' })).statusCode).toBe(403);
    // Past the checks: this lender has no webhook endpoint yet.
    expect((await replay({ 'x-csrf-token': csrfToken, origin: new URL(PUBLIC_URL).origin })).json()).toMatchObject({
      error: { code: 'not_found', message: expect.stringContaining('No webhook endpoint') },
    });
  });

  it('signs out: the cookie is cleared and the session is gone on the server, so a copy of it stops working', async () => {
    const h = await open();
    const response = await login(h, KEY_ACME);
    const cookie = cookieOf(response);
    const { csrfToken } = response.json<{ csrfToken: string }>();
    expect((await h.app.inject({ method: 'POST', url: '/api/dashboard/logout', headers: { cookie } })).statusCode).toBe(403);
    const out = await h.app.inject({ method: 'POST', url: '/api/dashboard/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/cl_dashboard=;.*Expires=Thu, 01 Jan 1970/);
    expect(await signedIn(h, cookie)).toBe(false);
  });

  it('expires after DASHBOARD_SESSION_HOURS', async () => {
    const h = await open({ sessionHours: 1 });
    const cookie = cookieOf(await login(h, KEY_ACME));
    h.advance(59 * 60_000);
    expect(await signedIn(h, cookie)).toBe(true);
    h.advance(2 * 60_000);
    expect(await signedIn(h, cookie)).toBe(false);
  });

  it('ends the sessions made with a key once the lender key is rotated', async () => {
    const store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800 });
    try {
      const before = await open({ store });
      const cookie = cookieOf(await login(before, KEY_ACME));
      const rotated = API_KEYS.map((entry) => (entry.lenderId === 'acme' ? { ...entry, key: `${KEY_ACME}_rotated` } : entry));
      const after = await open({ store, apiKeys: rotated });
      expect(await signedIn(before, cookie)).toBe(true);
      expect(await signedIn(after, cookie)).toBe(false);
    } finally {
      for (const harness of harnesses.splice(0)) await harness.close();
      await store.close();
    }
  });
});
