import { readFileSync, readdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { seedDashboard, waitForData } from './support/dashboard-seed';
import { E2E_PORTS } from './support/ports';
import { failOnConsoleErrors } from './support/browser';

// The lender dashboard in Chromium, at desktop and phone width, over sessions made through the real
// widget API and the Rong360 simulator. Tests run in order on one seeded lender.
// axe runs and full-page screenshots of a long page take a while on a busy CI machine.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

const BASE = `http://127.0.0.1:${E2E_PORTS.bff}`;
const KEY = 'e2e_dashboard_key_not_a_real_secret_01';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
let authorized: string[] = [];

test.beforeAll(async () => {
  // Nothing listens on port 9: every delivery fails and is retried, so the replay button has work.
  const options = { baseUrl: BASE, apiKey: KEY, webhookUrl: 'http://127.0.0.1:9/carrierlink-hooks' };
  const seeded = await seedDashboard(options);
  authorized = seeded.authorized;
  await waitForData(options, authorized);
});

async function axeClean(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** At phone width nothing may push the page sideways: wide tables scroll inside their own box. */
async function fitsTheWidth(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

async function signIn(page: Page, key = KEY): Promise<void> {
  await page.goto('/dashboard');
  await page.getByLabel('API 密钥').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
}

test('signs in with the API key and shows the funnel at desktop width, axe-clean', async ({ page }, testInfo) => {
  const errors = failOnConsoleErrors(page);
  await page.setViewportSize(DESKTOP);
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: '登录机构后台' })).toBeVisible();
  await axeClean(page);
  await signIn(page);
  await expect(page.getByRole('heading', { name: '分步转化漏斗' })).toBeVisible();
  const kpis = page.getByRole('region', { name: '关键指标' });
  await expect(kpis.getByRole('definition').filter({ hasText: /^\d/ }).first()).toBeVisible();
  await expect(kpis).toContainText('创建链接9');
  await expect(kpis).toContainText('授权成功4');
  const passwordRow = page.getByRole('group', { name: '分步转化漏斗' }).getByRole('row', { name: /^服务密码/ });
  await expect(passwordRow).toContainText('password_incorrect');
  await expect(page.getByRole('img', { name: '各步骤到达与通过的会话数' })).toBeVisible();
  await page.waitForFunction(() => performance.getEntriesByName('cl-dashboard-charts').length > 0);
  await axeClean(page);
  await shot(page, testInfo, 'dashboard-overview-desktop');
  expect(errors).toEqual([]);
});

test('shows the funnel at phone width, axe-clean', async ({ page }, testInfo) => {
  const errors = failOnConsoleErrors(page);
  await page.setViewportSize(PHONE);
  await signIn(page);
  await expect(page.getByRole('heading', { name: '分步转化漏斗' })).toBeVisible();
  await page.waitForFunction(() => performance.getEntriesByName('cl-dashboard-charts').length > 0);
  await axeClean(page);
  await fitsTheWidth(page);
  await shot(page, testInfo, 'dashboard-overview-phone');
  expect(errors).toEqual([]);
});

test('says a wrong key is wrong, and keeps the key out of the URL and the storage', async ({ page }) => {
  await signIn(page, 'sk_not_the_right_key_000000000');
  await expect(page.getByRole('alert')).toHaveText('API 密钥不正确，请检查后重试');
  await expect(page.getByLabel('API 密钥')).toBeFocused();
  expect(page.url()).not.toContain('sk_');
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain('sk_');
  await axeClean(page);
});

test('filters by carrier through the URL, and by date range', async ({ page }) => {
  await signIn(page);
  await page.getByLabel('运营商', { exact: true }).selectOption('chinaTelecom');
  await expect(page).toHaveURL(/carrier=chinaTelecom/);
  const kpis = page.getByRole('region', { name: '关键指标' });
  await expect(kpis).toContainText('开始授权1');
  await page.reload();
  await expect(page.getByLabel('运营商', { exact: true })).toHaveValue('chinaTelecom');
  await page.getByLabel('开始日期').fill('2020-01-01');
  await page.getByLabel('结束日期').fill('2020-01-31');
  await expect(kpis).toContainText('创建链接0');
  await expect(page.locator('p.dash-notice', { hasText: '所选范围内没有数据' })).toBeVisible();
});

test("opens a session's report: pictures of calls, SMS, bills, night calls, contacts and missing months", async ({ page }, testInfo) => {
  const errors = failOnConsoleErrors(page);
  await page.setViewportSize(DESKTOP);
  await signIn(page);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '授权会话' }).click();
  await page.getByLabel('状态', { exact: true }).selectOption('data_ready');
  await expect(page.getByRole('status').filter({ hasText: '已显示' })).toHaveText('已显示 4 个会话');
  await page.getByRole('link', { name: authorized[0] ?? '' }).click();
  await expect(page.getByRole('heading', { name: '运营商数据报告' })).toBeVisible();
  for (const chart of ['每月通话次数（呼出 / 呼入）', '每月短信条数', '每月账单金额（元）']) {
    await expect(page.getByRole('img', { name: chart })).toBeVisible();
  }
  await expect(page.getByRole('img', { name: /^夜间通话占比 \d/ })).toBeVisible();
  const contacts = page.getByRole('group', { name: '通话最多的联系人' });
  await expect(contacts.getByRole('row')).not.toHaveCount(1);
  await expect(contacts).toContainText('****');
  await page.getByRole('button', { name: '显示完整号码' }).click();
  await expect(page.getByRole('button', { name: '隐藏号码' })).toHaveAttribute('aria-pressed', 'true');
  await expect(contacts).not.toContainText('****');
  await expect(page.getByRole('group', { name: '缺失月份' })).toContainText('缺失');
  const timeline = page.getByRole('group', { name: '步骤时间线' });
  await expect(timeline).toContainText('服务密码错误');
  await expect(timeline).toContainText('授权成功');
  await axeClean(page);
  await shot(page, testInfo, 'dashboard-report-desktop');
  expect(errors).toEqual([]);
});

test("shows a session's report at phone width, axe-clean", async ({ page }, testInfo) => {
  const errors = failOnConsoleErrors(page);
  await page.setViewportSize(PHONE);
  await signIn(page);
  await expect(page.getByRole('heading', { name: '分步转化漏斗' })).toBeVisible();
  await page.goto(`/dashboard/sessions/${authorized[0] ?? ''}`);
  await expect(page.getByRole('img', { name: '每月短信条数' })).toBeVisible();
  await axeClean(page);
  await fitsTheWidth(page);
  await shot(page, testInfo, 'dashboard-report-phone');
  expect(errors).toEqual([]);
});

test('lists webhook deliveries and replays one', async ({ page }, testInfo) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page);
  await page.getByRole('link', { name: 'Webhook 投递' }).click();
  await expect(page.getByText('127.0.0.1:9')).toBeVisible();
  // The deliveries fail (nothing listens): they are retried.
  await expect(page.getByRole('cell', { name: '重试中' }).first()).toBeVisible({ timeout: 15_000 });
  const row = page.getByRole('row').filter({ hasText: 'authorized' }).first();
  await row.getByRole('button', { name: /^重新发送/ }).click();
  await expect(page.getByRole('status').filter({ hasText: '已重新排队' })).toBeVisible();
  // Cells after the event's row header: session, state, created, attempts, last result, next attempt, replays.
  await expect(row.getByRole('cell').nth(6)).toHaveText('1');
  await expect(row.getByRole('cell').nth(1)).toHaveText(/待发送|重试中/);
  await axeClean(page);
  await fitsTheWidth(page);
  await shot(page, testInfo, 'dashboard-webhooks-phone');
  expect(errors).toEqual([]);
});

test('switches to English and keeps the choice; signing out ends the session', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Step-by-step funnel' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Step-by-step funnel' })).toBeVisible();
  await axeClean(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the lender dashboard' })).toBeVisible();
  expect(await page.evaluate(async () => (await fetch('/api/dashboard/me')).json())).toEqual({ signedIn: false });
  expect((await page.context().cookies()).filter((cookie) => cookie.name.includes('dashboard'))).toEqual([]);
});

test("never puts chart.js into the widget's bundle", () => {
  const assets = new URL('../dist/widget/assets/', import.meta.url);
  const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(3);
  for (const name of scripts) {
    const code = readFileSync(new URL(name, assets), 'utf8');
    expect(code, name).not.toMatch(/ArcElement|DoughnutController|chart\.js/);
  }
});
