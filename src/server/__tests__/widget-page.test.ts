import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandoffResponse, StepResponse } from '../../flow';
import { createLinkToken } from '../link/service';
import { createMemoryLinkStore } from '../link/store';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from '../security';
import { tokenKey } from '../session/token';
import { createFakeAdapter, FAKE_PASSWORD, FAKE_SMS } from '../../test-support/server/fake-adapter';
import { createTestApp, stepOf, type TestApp } from '../../test-support/server/test-app';

const TEMPLATE =
  '<!doctype html><html lang="zh-CN"><head><meta name="theme-color" content="#1f6feb"><title>CarrierLink</title>' +
  '<script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

/**
 * A page renderer with the built one's shape (dist/widget-ssr/render.js): it writes what it was
 * asked for into the markup, so the tests see what the server passed it.
 */
const RENDERER = `
export const renderer = {
  agreementVersion: '2024-01',
  agreementHash: (locale) => (locale === 'en' ? 'e' : 'c').repeat(64),
  themeStylesheet: (brand, radius) =>
    brand === undefined && radius === undefined ? undefined : { css: ':root{--x:' + (brand ?? '') + (radius ?? '') + '}', themeColor: brand },
  async renderPage(input) {
    return {
      root: '<main data-screen="' + input.screen + '">' + JSON.stringify(input.form ?? null).replace(/</g, '') + '</main>',
      lang: input.locale,
      title: input.locale === 'en' ? 'Verify' : '授权',
      boot: JSON.stringify({ screen: input.screen, locale: input.locale }),
    };
  },
};
`;

function fakeBuild(): { widgetDir: string; pageDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'cl-page-'));
  const widgetDir = join(root, 'widget');
  const pageDir = join(root, 'widget-ssr');
  mkdirSync(join(widgetDir, 'assets'), { recursive: true });
  mkdirSync(pageDir);
  writeFileSync(join(widgetDir, 'index.html'), TEMPLATE);
  writeFileSync(join(widgetDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(widgetDir, 'assets', 'en-def456.js'), 'export const en = {}');
  writeFileSync(join(pageDir, 'render.js'), RENDERER);
  return { widgetDir, pageDir };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function pageApp(now?: () => number): Promise<TestApp> {
  t = await createTestApp({ adapter: createFakeAdapter(), ...fakeBuild(), ...(now ? { now } : {}) });
  return t;
}

/** Posts the phone form the way a browser without the script does, and follows nothing. */
async function postPhone(app: TestApp, fields: Record<string, string>, headers: Record<string, string> = FORM) {
  return app.app.inject({ method: 'POST', url: '/', headers, payload: form(fields) });
}

describe('the widget page rendered by the server', () => {
  it('serves the phone step inside the built page, with its boot block, language, CSP and no-store', async () => {
    const app = await pageApp();
    const response = await app.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(response.body).toContain('<html lang="zh-CN">');
    expect(response.body).toContain('<div id="root"><main data-screen="phone">null</main></div>');
    expect(response.body).toContain('<script type="application/json" id="cl-boot">{"screen":"phone","locale":"zh-CN"}</script>');
    expect(response.body).toContain('<title>授权</title>');
    // The hashed script the template names is still there: the browser takes the markup over.
    expect(response.body).toContain('/assets/index-abc123.js');
  });

  it('puts the page stylesheets into the page, each allowed by its hash in the CSP, so the first paint waits for no second request', async () => {
    const build = fakeBuild();
    const css = 'body{margin:0}.field{color:#111}';
    writeFileSync(join(build.widgetDir, 'assets', 'page-x1.css'), css);
    writeFileSync(join(build.widgetDir, 'assets', 'bad-x2.css'), 'a::after{content:"</style>"}');
    writeFileSync(
      join(build.widgetDir, 'index.html'),
      TEMPLATE.replace(
        '</head>',
        '<link rel="stylesheet" crossorigin href="/assets/page-x1.css"><link rel="stylesheet" crossorigin href="/assets/bad-x2.css"></head>',
      ),
    );
    t = await createTestApp({ adapter: createFakeAdapter(), ...build });
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.body).toContain(`<style>${css}</style>`);
    expect(response.body).not.toContain('page-x1.css');
    // A stylesheet that could close the element early stays a link.
    expect(response.body).toContain('<link rel="stylesheet" crossorigin href="/assets/bad-x2.css">');
    const hash = `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
    expect(response.headers['content-security-policy']).toBe(contentSecurityPolicy("'self'", [hash]));
    expect(response.headers['content-security-policy']).toContain(`style-src 'self' ${hash};`);
    // Answers that are not HTML allow no inline style.
    const api = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(api.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('sends the page compressed when the browser takes it: br first, then gzip, else plain', async () => {
    const app = await pageApp();
    const plain = await app.app.inject({ method: 'GET', url: '/' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    const br = await app.app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    const gzip = await app.app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('serves an index.html without the places the widget goes as it is, never half-filled', async () => {
    const build = fakeBuild();
    writeFileSync(join(build.widgetDir, 'index.html'), '<!doctype html><title>w</title>');
    t = await createTestApp({ adapter: createFakeAdapter(), ...build });
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<!doctype html><title>w</title>');
  });

  it('follows the browser language, and preloads the English catalogue for an English page', async () => {
    const app = await pageApp();
    const response = await app.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('<link rel="modulepreload" crossorigin href="/assets/en-def456.js">');
    expect(response.headers.vary).toContain('accept-language');
    const chosen = await app.app.inject({ method: 'GET', url: '/?locale=zh-CN', headers: { 'accept-language': 'en' } });
    expect(chosen.body).toContain('<html lang="zh-CN">');
  });

  it('links a brand stylesheet built from the parsed colour, and refuses a theme query it cannot parse', async () => {
    const app = await pageApp();
    const page = await app.app.inject({ method: 'GET', url: '/?brand=%23AA3300&radius=8&theme=dark' });
    expect(page.body).toContain('<link rel="stylesheet" data-cl-theme href="/theme.css?brand=%23aa3300&amp;radius=8">');
    expect(page.body).toContain('data-theme="dark"');
    expect(page.body).toContain('<meta name="theme-color" content="#AA3300"');
    const css = await app.app.inject({ method: 'GET', url: '/theme.css?brand=%23aa3300&radius=8' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const hostile = await app.app.inject({ method: 'GET', url: '/?brand=red;}body{display:none' });
    expect(hostile.body).not.toContain('data-cl-theme');
    expect(hostile.body).not.toContain('display:none');
    expect((await app.app.inject({ method: 'GET', url: '/theme.css?brand=red' })).statusCode).toBe(400);
  });

  it('answers a phone form with a problem again as the page, saying what is wrong (422)', async () => {
    const app = await pageApp();
    const response = await postPhone(app, { phone: '12345', locale: 'zh-CN' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('"phoneIssue":"phoneInvalid"');
    expect(response.body).toContain('"consentIssue":"consentRequired"');
    expect(response.body).toContain('"phone":"12345"');
  });

  it('opens and accepts the agreement through its named buttons without starting anything', async () => {
    const app = await pageApp();
    const opened = await postPhone(app, { phone: '138 0013 8000', agreement: 'open' });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('"agreementOpen":true');
    const accepted = await postPhone(app, { phone: '13800138000', agreement: 'accept' });
    expect(accepted.body).toContain('"consent":true');
    expect(accepted.body).toContain('"agreementOpen":false');
  });

  it('starts the session from a valid form and redirects with a one-time code, never the token', async () => {
    const app = await pageApp();
    const response = await postPhone(app, { phone: '138 0013 8000', consent: 'on', locale: 'zh-CN' });
    expect(response.statusCode).toBe(303);
    const location = new URL(response.headers.location ?? '', 'http://widget.test');
    const code = location.searchParams.get('handoff') ?? '';
    expect(code).toMatch(/^ho_[A-Za-z0-9_-]{43}$/);
    // The code is no bearer token.
    expect((await app.current(code)).statusCode).toBe(401);

    const redeemed = await app.app.inject({ method: 'POST', url: '/api/session/handoff', payload: { code } });
    expect(redeemed.statusCode).toBe(200);
    const session = redeemed.json<HandoffResponse>();
    expect(session.phone).toBe('13800138000');
    expect(session.consent).toMatchObject({ agreementVersion: '2024-01', textHash: 'c'.repeat(64) });
    expect(session.step.type).toBe('form');
    const current = await app.current(session.token);
    expect(current.statusCode).toBe(200);
    const step = current.json<StepResponse>().step;
    if (step.type !== 'form') throw new Error('expected a form step');
    expect((await app.submit(session.token, step.id, { pwd: FAKE_PASSWORD })).statusCode).toBe(200);

    // Spent: a second exchange (a reload of the redirected page) finds nothing.
    const again = await app.app.inject({ method: 'POST', url: '/api/session/handoff', payload: { code } });
    expect(again.statusCode).toBe(401);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('session_expired');
  });

  it("starts an update link's session from a form that posts no number, and hands the number back masked", async () => {
    const links = createMemoryLinkStore();
    t = await createTestApp({ adapter: createFakeAdapter(), ...fakeBuild(), links: { store: links } });
    const linkToken = createLinkToken();
    const now = Date.now();
    await links.put(tokenKey(linkToken), {
      sessionId: 'ses_UpDaTe000001',
      linkId: 'lnk_UpDaTe000001',
      lenderId: 'acme',
      lenderUserId: 'user-42',
      allowedOrigins: ['https://lender.example'],
      phone: '13800138000',
      mode: 'update',
      previousSessionId: 'ses_PrEvIoUs0001',
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 600_000).toISOString(),
    });
    const post = (fields: Record<string, string>) =>
      t?.app.inject({ method: 'POST', url: `/?link_token=${linkToken}`, headers: FORM, payload: form(fields) });
    // Without the consent: the page again, saying so, and the link still unused.
    const refused = await post({ update: '1', locale: 'zh-CN' });
    expect(refused?.statusCode).toBe(422);
    expect(refused?.body).toContain('consentRequired');
    expect(refused?.body).not.toContain('phoneRequired');
    const response = await post({ update: '1', consent: 'on', locale: 'zh-CN' });
    expect(response?.statusCode).toBe(303);
    const code = new URL(response?.headers.location ?? '', 'http://widget.test').searchParams.get('handoff') ?? '';
    const redeemed = await t.app.inject({ method: 'POST', url: '/api/session/handoff', payload: { code } });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json<HandoffResponse>().phone).toBe('138****8000');
  });

  it('refuses a form that claims update mode for a first link without a number (422, link unused)', async () => {
    const links = createMemoryLinkStore();
    t = await createTestApp({ adapter: createFakeAdapter(), ...fakeBuild(), links: { store: links } });
    const linkToken = createLinkToken();
    const now = Date.now();
    const key = tokenKey(linkToken);
    await links.put(key, {
      sessionId: 'ses_FiRsT0000001',
      lenderId: 'acme',
      lenderUserId: 'user-42',
      allowedOrigins: ['https://lender.example'],
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 600_000).toISOString(),
    });
    const response = await t.app.inject({
      method: 'POST',
      url: `/?link_token=${linkToken}`,
      headers: FORM,
      payload: form({ update: '1', consent: 'on', locale: 'zh-CN' }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('input_invalid');
    expect((await links.get(key))?.usedAt).toBeUndefined();
  });

  it('lets a hand-off code expire unused', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const app = await pageApp(() => clock);
    const response = await postPhone(app, { phone: '13800138000', consent: 'on' });
    const code = new URL(response.headers.location ?? '', 'http://widget.test').searchParams.get('handoff') ?? '';
    clock += 121_000;
    const late = await app.app.inject({ method: 'POST', url: '/api/session/handoff', payload: { code } });
    expect(late.statusCode).toBe(401);
  });

  it('refuses a malformed hand-off code with 400 and a cross-site form post with 403', async () => {
    const app = await pageApp();
    const bad = await app.app.inject({ method: 'POST', url: '/api/session/handoff', payload: { code: 'ho_short' } });
    expect(bad.statusCode).toBe(400);
    const cross = await postPhone(
      app,
      { phone: '13800138000', consent: 'on' },
      { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    );
    expect(cross.statusCode).toBe(403);
    const foreignOrigin = await postPhone(
      app,
      { phone: '13800138000', consent: 'on' },
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    );
    expect(foreignOrigin.statusCode).toBe(403);
  });

  it('answers a refused start (a demo query outside demo mode) as the page with the error', async () => {
    const app = await pageApp();
    const response = await app.app.inject({
      method: 'POST',
      url: '/?demo=rong360',
      headers: FORM,
      payload: form({ phone: '13800138000', consent: 'on' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('"requestError":{"code":"bad_request"');
  });
});

describe('DELETE /api/session (the applicant changes number)', () => {
  it('forgets the session, and answers the same when asked again', async () => {
    t = await createTestApp({ adapter: createFakeAdapter() });
    const { token } = await t.startOk('13800138000');
    const auth = { authorization: `Bearer ${token}` };
    const first = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: auth });
    expect(first.statusCode).toBe(204);
    expect((await t.current(token)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/session', headers: auth })).statusCode).toBe(204);
    expect(t.logs.join('\n')).toContain('session cancelled');
    expect(t.logs.join('\n')).not.toContain('13800138000');
  });

  it('refuses without a token, and once the session is authorized', async () => {
    t = await createTestApp({ adapter: createFakeAdapter() });
    expect((await t.app.inject({ method: 'DELETE', url: '/api/session' })).statusCode).toBe(401);
    const started = await t.startOk('13800138000');
    const sms = stepOf(await t.submit(started.token, started.step.id, { pwd: FAKE_PASSWORD }));
    expect(stepOf(await t.submit(started.token, sms.id, { code: FAKE_SMS })).type).toBe('authorized');
    const refused = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { authorization: `Bearer ${started.token}` } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('action_unavailable');
    expect((await t.current(started.token)).statusCode).toBe(200);
  });
});
