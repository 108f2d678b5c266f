import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FormStep } from '../../../flow';
import { DASHBOARD_BOOT_ID, DashboardBootSchema, DashboardMeSchema } from '../../../flow/dashboard-api';
import type { DashboardBoot, DashboardLocation, DashboardPageRenderer } from '../../../flow/dashboard-api';
import { readFilters, toApi, writeFilters } from '../../../flow/dashboard-filters';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../../../providers/rong360/sandbox';
import { scriptJson } from '../page';
import { KEY_ACME, KEY_BANK, dashboardHarness } from '../../../test-support/server/dashboard-harness';
import type { DashboardHarness } from '../../../test-support/server/dashboard-harness';

const TEMPLATE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <title>机构后台 · CarrierLink</title>
    <script type="module" crossorigin src="/dashboard/assets/dashboard-abc.js"></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

let dir: string;
let h: DashboardHarness;
let open: DashboardHarness | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cl-dashboard-page-'));
  writeFileSync(join(dir, 'dashboard.html'), TEMPLATE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const kind = (step: unknown, fieldKind: string) => (step as FormStep).fields.find((f) => f.kind === fieldKind)?.id ?? '';

/** Signs in through the API as a browser would; answers the cookie header and the CSRF token. */
async function signIn(apiKey = KEY_ACME): Promise<{ cookie: string; csrfToken: string | null }> {
  const response = await h.app.inject({ method: 'POST', url: '/api/dashboard/login', payload: { apiKey } });
  expect(response.statusCode).toBe(200);
  const cookie = /^([^;]+)/.exec(String(response.headers['set-cookie']))?.[1] ?? '';
  return { cookie, csrfToken: DashboardMeSchema.parse(response.json()).csrfToken };
}

function bootOf(html: string) {
  const match = new RegExp(`<script type="application/json" id="${DASHBOARD_BOOT_ID}">([^<]*)</script>`).exec(html);
  return match?.[1] === undefined ? undefined : DashboardBootSchema.parse(JSON.parse(match[1]));
}

async function authorizedSession() {
  const link = await h.link({ phone: '13800138000' });
  const started = await h.start('13800138000', link.linkToken);
  const sms = await h.submit(started.token, started.step.id, { [kind(started.step, 'servicePassword')]: SANDBOX_PASSWORD });
  await h.submit(started.token, sms.step.id, { [kind(sms.step, 'smsCode')]: SANDBOX_SMS_CODE });
}

describe('the dashboard page', () => {
  it("carries a signed-in lender's sign-in and first view figures, the same as the API answers for that view", async () => {
    h = open = await dashboardHarness({ dashboardDir: dir });
    await authorizedSession();
    const { cookie, csrfToken } = await signIn();
    const page = await h.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // The template is intact around the block, which sits just before </body>.
    expect(page.body.startsWith(TEMPLATE.slice(0, TEMPLATE.lastIndexOf('</body>')))).toBe(true);
    expect(page.body.endsWith('</body>\n</html>\n')).toBe(true);

    const boot = bootOf(page.body);
    expect(boot?.me).toEqual({ signedIn: true, lenderId: 'acme', csrfToken, expiresAt: expect.any(String) });
    const filters = readFilters('', h.now());
    expect(boot?.funnel?.search).toBe(writeFilters(filters));
    const range = toApi(filters);
    const api = await h.app.inject({
      method: 'GET',
      url: `/api/dashboard/funnel?from=${encodeURIComponent(range.from ?? '')}&to=${encodeURIComponent(range.to ?? '')}`,
      headers: { cookie },
    });
    expect(boot?.funnel?.data).toEqual(api.json());
    expect(boot?.funnel?.data.totals.authorized).toBe(1);
  });

  it('computes the figures for the filters the URL names, and none for another page or a range the API refuses', async () => {
    h = open = await dashboardHarness({ dashboardDir: dir });
    await authorizedSession();
    const { cookie } = await signIn();
    const get = async (url: string) => bootOf((await h.app.inject({ method: 'GET', url, headers: { cookie } })).body);

    const mobile = await get('/dashboard?carrier=chinaMobile&from=2030-01-01&to=2030-01-31');
    expect(mobile?.funnel?.search).toBe('?from=2030-01-01&to=2030-01-31&carrier=chinaMobile');
    expect(mobile?.funnel?.data.range).toEqual({ from: '2029-12-31T16:00:00.000Z', to: '2030-01-31T16:00:00.000Z' });
    expect(mobile?.funnel?.data.totals.sessions).toBe(0);

    const sessions = await get('/dashboard/sessions');
    expect(sessions?.me.lenderId).toBe('acme');
    expect(sessions?.funnel).toBeUndefined();

    // An unknown carrier is a 400 from the API: the page goes out without figures and the page asks (and shows the error).
    const bad = await get('/dashboard?carrier=nope');
    expect(bad?.me.lenderId).toBe('acme');
    expect(bad?.funnel).toBeUndefined();
  });

  it('carries no block for a browser that is not signed in, or whose cookie was signed out', async () => {
    h = open = await dashboardHarness({ dashboardDir: dir });
    const anonymous = await h.app.inject({ method: 'GET', url: '/dashboard' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).toBe(TEMPLATE);

    const { cookie, csrfToken } = await signIn();
    const out = await h.app.inject({ method: 'POST', url: '/api/dashboard/logout', headers: { cookie, 'x-csrf-token': csrfToken ?? '' } });
    expect(out.statusCode).toBe(204);
    const after = await h.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
    expect(after.body).toBe(TEMPLATE);
    expect(after.body).not.toContain(DASHBOARD_BOOT_ID);
  });

  it('writes the block as JSON that cannot close its script element', () => {
    const text = scriptJson({ province: '</script><script>alert(1)</script><!--', and: 'a&b' });
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual({ province: '</script><script>alert(1)</script><!--', and: 'a&b' });
  });

  describe('with the first view rendered on the server', () => {
    /** Stands in for dist/dashboard-ssr: records what it was given and renders the lender and the figures. */
    function recordingRenderer() {
      const calls: Array<{ boot: DashboardBoot; location: DashboardLocation }> = [];
      const renderer: DashboardPageRenderer = {
        renderFirstView(boot, location) {
          calls.push({ boot, location });
          return boot.funnel ? `<main data-lender="${boot.me.lenderId}">${boot.funnel.data.totals.sessions}</main>` : undefined;
        },
      };
      return { renderer, calls };
    }
    const viewOf = (html: string) => /<div id="root">([\s\S]*?)<\/div>\n/.exec(html)?.[1];

    it('puts the view inside the root element and the block before </body>, and keeps the rest of the template', async () => {
      const { renderer, calls } = recordingRenderer();
      h = open = await dashboardHarness({ dashboardDir: dir, dashboardRenderer: renderer });
      await authorizedSession();
      const { cookie } = await signIn();
      const page = await h.app.inject({ method: 'GET', url: '/dashboard?carrier=chinaMobile', headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(viewOf(page.body)).toBe('<main data-lender="acme">1</main>');
      expect(calls).toHaveLength(1);
      expect(calls[0]?.location).toEqual({ pathname: '/dashboard', search: '?carrier=chinaMobile' });
      expect(calls[0]?.boot).toEqual(bootOf(page.body));
      const root = TEMPLATE.indexOf('<div id="root">') + '<div id="root">'.length;
      expect(page.body.startsWith(TEMPLATE.slice(0, root))).toBe(true);
      expect(
        page.body.replace('<main data-lender="acme">1</main>', '').replace(/<script type="application\/json"[^]*?<\/script>/, ''),
      ).toBe(TEMPLATE);
    });

    it("renders each lender's page from that lender's own figures, and nothing for a browser not signed in", async () => {
      const { renderer, calls } = recordingRenderer();
      h = open = await dashboardHarness({ dashboardDir: dir, dashboardRenderer: renderer });
      await authorizedSession(); // acme's session
      const acme = await signIn(KEY_ACME);
      const bank = await signIn(KEY_BANK);
      const bankPage = (await h.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: bank.cookie } })).body;
      expect(viewOf(bankPage)).toBe('<main data-lender="bank">0</main>');
      expect(bootOf(bankPage)?.me.lenderId).toBe('bank');
      expect(bankPage).not.toContain('acme');
      const acmePage = (await h.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: acme.cookie } })).body;
      expect(viewOf(acmePage)).toBe('<main data-lender="acme">1</main>');
      expect(acmePage).not.toContain('"bank"');

      const anonymous = await h.app.inject({ method: 'GET', url: '/dashboard' });
      expect(anonymous.body).toBe(TEMPLATE);
      expect(calls.map((call) => call.boot.me.lenderId)).toEqual(['bank', 'acme']);
    });

    it('still sends the page, with its block and without a view, when the renderer fails', async () => {
      const renderer: DashboardPageRenderer = {
        renderFirstView: () => {
          throw new Error('render failed');
        },
      };
      h = open = await dashboardHarness({ dashboardDir: dir, dashboardRenderer: renderer });
      const { cookie } = await signIn();
      const page = await h.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(viewOf(page.body)).toBe('');
      expect(bootOf(page.body)?.funnel?.data.totals.sessions).toBe(0);
    });
  });
});
