import { expect, test, type Page } from '@playwright/test';
import { ERROR_SCENARIOS as DIANHUA_ERRORS } from '../src/providers/dianhua/sandbox';
import { ERROR_SCENARIOS as RONG360_ERRORS, FAULT_SCENARIOS as RONG360_FAULTS } from '../src/providers/rong360/sandbox';
import { CONSENT, enterSmsCode, expectAuthorized, login, recordApiBodies } from './support/browser';
import { startNode, waitFor, type Proc } from './support/cluster';
import { E2E_PORTS } from './support/ports';

// Both vendors on one compiled server, each on its built-in simulator: Dianhua first for every
// number but China Mobile's, which go to Rong360 first. In the browser: a session whose first vendor
// answers maintenance before the password moves to the next vendor unnoticed; a failure after the
// password stays where it is and is shown; and failures across recent sessions of one carrier put
// the outage notice on the phone step and the banner on the lender dashboard (low thresholds here).

const PORT = E2E_PORTS.failover;
const BASE = `http://127.0.0.1:${PORT}`;
// A test-only lender key: the lender API says which vendor each session ended on.
const KEY = 'e2e_failover_key_not_a_real_secret_0001';
const lender = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
let server: Proc | undefined;

test.describe.configure({ mode: 'serial', timeout: 60_000 });
test.use({ baseURL: BASE });

const dianhuaCode = (code: string) => {
  const found = DIANHUA_ERRORS.find((entry) => entry.code === code);
  if (!found) throw new Error(`the Dianhua sandbox has no ${code} number`);
  return found;
};
/** Dianhua answers 20020 (maintenance) to the flow call of the start, before any password. */
const MAINTENANCE = dianhuaCode('20020');
/** Dianhua answers 4007 (carrier busy: upstream_unavailable) to the login, after the password. */
const BUSY_AFTER_PASSWORD = dianhuaCode('4007');

test.beforeAll(async () => {
  expect(MAINTENANCE.trigger).toBe('flow');
  expect(BUSY_AFTER_PASSWORD.trigger).toBe('login');
  server = startNode('dist/server/main.js', {
    NODE_ENV: 'development',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    PUBLIC_URL: BASE,
    DATA_DIR: ':memory:',
    LOG_LEVEL: 'warn',
    EXAMPLE_LENDER_PORT: '0',
    LENDER_API_KEYS: `failover:${KEY}`,
    PROVIDERS: 'dianhua,rong360',
    PROVIDER_ROUTES: 'mobile=rong360,dianhua;*=dianhua,rong360',
    // Two recent sessions of a carrier and province, all failed upstream, are an outage; the
    // figures are recomputed every second.
    OUTAGE_MIN_SESSIONS: '2',
    OUTAGE_FAILURE_PERCENT: '100',
    OUTAGE_CACHE_SECONDS: '1',
  });
  await waitFor(`${BASE}/healthz`, server);
});

test.afterAll(async () => {
  await server?.kill('SIGTERM');
});

/** A link of the test lender; the applicant types the number. */
async function openLink(page: Page, userId: string): Promise<string> {
  const response = await fetch(`${BASE}/api/link-tokens`, {
    method: 'POST',
    headers: lender,
    body: JSON.stringify({ userId, allowedOrigins: ['https://lender.example'] }),
  });
  expect(response.status).toBe(201);
  const link = (await response.json()) as { linkToken: string; sessionId: string };
  await page.goto(`/?link_token=${link.linkToken}`);
  return link.sessionId;
}

async function enterNumber(page: Page, phone: string): Promise<void> {
  await page.getByLabel('手机号码', { exact: true }).fill(phone);
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();
}

async function sessionStatus(sessionId: string): Promise<{ provider: string | null; status: string }> {
  const response = await fetch(`${BASE}/api/v1/sessions/${sessionId}`, { headers: lender });
  expect(response.status).toBe(200);
  return (await response.json()) as { provider: string | null; status: string };
}

/** Alerts with something in them (empty live regions wait on the page for later errors). */
const shownAlerts = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ });

test('a vendor in maintenance before the password hands the session to the next vendor unnoticed', async ({ page }) => {
  const bodies = recordApiBodies(page);
  const sessionId = await openLink(page, 'failover-maintenance');
  await enterNumber(page, MAINTENANCE.phone);
  // The next vendor's password step, with no error on it.
  await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
  await expect(shownAlerts(page)).toHaveCount(0);
  expect((await sessionStatus(sessionId)).provider).toBe('rong360');
  // Rong360's plain flow: the password, then an SMS code (Dianhua's flow for this number has no SMS step).
  await login(page);
  await enterSmsCode(page);
  await expectAuthorized(page);
  expect(await sessionStatus(sessionId)).toMatchObject({ provider: 'rong360' });
  // The maintenance answer never reached the browser.
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    expect(body).not.toContain('upstream_maintenance');
    expect(body).not.toContain('维护');
  }
});

test('a vendor failing after the password keeps the session, and the applicant sees the error', async ({ page }) => {
  const sessionId = await openLink(page, 'failover-after-password');
  await enterNumber(page, BUSY_AFTER_PASSWORD.phone);
  await login(page);
  const alert = page.locator('[data-error-code="upstream_unavailable"]');
  await expect(alert).toHaveRole('alert');
  await expect(alert).toHaveText('运营商系统暂时无法访问，请稍后重试');
  // Still the same vendor's password step: nothing moved.
  await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
  expect((await sessionStatus(sessionId)).provider).toBe('dianhua');
});

/** The phone step's outage notice (a status region, announced politely). */
const notice = (page: Page) => page.locator('.cl-outage');

test('failures across recent sessions of a carrier put the notice on the phone step and the banner on the dashboard', async ({ page }) => {
  // A number of a carrier before any failure: the status region is there and says nothing.
  await page.goto('/');
  await page.getByLabel('手机号码', { exact: true }).fill('13800138000');
  await expect(notice(page)).toHaveRole('status');
  await expect(notice(page)).toHaveAttribute('data-cl-outage', 'off');
  await expect(notice(page)).toHaveText('');

  // Two China Mobile sessions (Rong360 first) fail upstream after the password: no failover, an outage.
  const unavailable = RONG360_ERRORS.find((entry) => entry.code === '506100');
  const badGateway = RONG360_FAULTS.find((entry) => entry.fault === 'http502');
  for (const [index, phone] of [unavailable?.phone, badGateway?.phone].entries()) {
    expect(phone).toBeDefined();
    await openLink(page, `failover-outage-${index}`);
    await enterNumber(page, phone ?? '');
    await login(page);
    await expect(shownAlerts(page).first()).toBeVisible();
  }
  await expect
    .poll(async () => ((await (await fetch(`${BASE}/api/outages`)).json()) as { outages: Array<{ carrier: string }> }).outages, {
      timeout: 10_000,
    })
    .toContainEqual(expect.objectContaining({ carrier: 'chinaMobile' }));

  // A fresh phone step: the notice appears once the number's carrier is recognized.
  await page.goto('/');
  await page.getByLabel('手机号码', { exact: true }).fill('13800138000');
  await expect(notice(page)).toHaveRole('status');
  await expect(notice(page)).toHaveText('该地区运营商系统繁忙，可能需要多试一次');
  await expect(notice(page)).toHaveAttribute('data-cl-outage', 'on');
  // The number field points screen readers at it.
  const describedBy = (await page.getByLabel('手机号码', { exact: true }).getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ')).toContain(await notice(page).getAttribute('id'));
  // Another carrier's number has no notice.
  await page.getByLabel('手机号码', { exact: true }).fill('13000138007');
  await expect(notice(page)).toHaveAttribute('data-cl-outage', 'off');
  await expect(notice(page)).toHaveText('');

  // The lender dashboard's banner names the carrier.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/dashboard');
  await page.getByLabel('API 密钥').fill(KEY);
  await page.getByRole('button', { name: '登录' }).click();
  const banner = page.getByRole('status', { name: '运营商系统繁忙' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('中国移动');
});
