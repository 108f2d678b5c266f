/**
 * Captures the main screens at phone width in Debian's Chromium, for the README and for review:
 * `npm run screenshots` (the server must not already run on SCREENSHOT_PORT). Writes docs/screenshots/.
 * `SCREENSHOTS=dashboard` captures only the lender dashboard's.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Page } from '@playwright/test';
import { seedDashboard, waitForData } from '../e2e/support/dashboard-seed';
import { FLOW_SCENARIOS, SANDBOX_PASSWORD } from '../src/providers/rong360/sandbox';
import { ABUSE_LIMITS, LOOSE_LIMITS_ENV } from '../src/server/env-limits';

const PORT = Number(process.env.SCREENSHOT_PORT ?? 4390);
const OUT = process.env.SCREENSHOT_DIR ?? 'docs/screenshots';
const base = `http://127.0.0.1:${PORT}`;
const phoneOf = (flow: string) => FLOW_SCENARIOS.find((s) => s.flow === flow)!.phone;

async function waitForServer(url = base): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error('server did not start');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log(`${OUT}/${name}.png`);
}

async function toPassword(page: Page, phone: string, locale = '', origin = base): Promise<void> {
  await page.goto(`${origin}/${locale}`);
  await page.locator('input[type="tel"]').fill(phone);
  await page.getByRole('checkbox').check();
  await page.locator('form button[type="submit"]:not([name])').click();
  await page.locator('input[type="password"]').waitFor();
}

const dianhuaBase = `http://127.0.0.1:${PORT + 1}`;
// The example lender page beside the first server (embedding shots), on another origin.
const LENDER_PORT = PORT + 2;
const lender = `http://localhost:${LENDER_PORT}`;
// A lender key for the dashboard shots, known only to this script's server.
const DASHBOARD_KEY = 'screenshots_dashboard_key_0000000001';
const ONLY_DASHBOARD = process.env.SCREENSHOTS === 'dashboard';

/** The lender dashboard over seeded sessions: the funnel, a session's report, the deliveries. */
async function dashboardShots(browser: Awaited<ReturnType<typeof chromium.launch>>): Promise<void> {
  const options = { baseUrl: base, apiKey: DASHBOARD_KEY, webhookUrl: 'http://127.0.0.1:9/carrierlink-hooks' };
  const seeded = await seedDashboard(options);
  await waitForData(options, seeded.authorized);
  const signIn = async (page: Page) => {
    await page.goto(`${base}/dashboard`);
    await page.getByLabel('API 密钥').fill(DASHBOARD_KEY);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '分步转化漏斗' }).waitFor();
    await page.waitForFunction(() => performance.getEntriesByName('cl-dashboard-charts').length > 0);
  };
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const wide = await desk.newPage();
  await signIn(wide);
  await wide.getByRole('heading', { name: '分步转化漏斗' }).scrollIntoViewIfNeeded();
  await shot(wide, '21-dashboard-funnel');
  await wide.goto(`${base}/dashboard/sessions/${seeded.authorized[0] ?? ''}`);
  await wide.getByRole('img', { name: '每月短信条数' }).waitFor();
  await wide.evaluate(() => document.getElementById('report-title')?.scrollIntoView());
  await wide.waitForTimeout(300);
  await shot(wide, '23-dashboard-report');
  await desk.close();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const narrow = await phone.newPage();
  await signIn(narrow);
  await narrow.getByRole('heading', { name: '分步转化漏斗' }).scrollIntoViewIfNeeded();
  await shot(narrow, '22-dashboard-funnel-phone');
  await narrow.goto(`${base}/dashboard/webhooks`);
  await narrow
    .getByRole('button', { name: /^重新发送/ })
    .first()
    .waitFor();
  await shot(narrow, '24-dashboard-webhooks-phone');
  await phone.close();
}

/**
 * Development posture with loose limits: the shots replay sandbox numbers many times. The
 * wrong-password limit stays at its default, so the attempts left read as an applicant sees them.
 */
const SCREENSHOT_ENV = {
  NODE_ENV: 'development',
  ...LOOSE_LIMITS_ENV,
  [ABUSE_LIMITS.wrongPasswordsPerNumber.env]: String(ABUSE_LIMITS.wrongPasswordsPerNumber.default),
};

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
    env: {
      ...process.env,
      ...SCREENSHOT_ENV,
      PORT: String(PORT),
      LOG_LEVEL: 'warn',
      EXAMPLE_LENDER_PORT: String(LENDER_PORT),
      DATA_DIR: ':memory:',
      LENDER_API_KEYS: `screenshots:${DASHBOARD_KEY}`,
    },
    stdio: 'inherit',
  });
  const dianhua = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
    env: {
      ...process.env,
      ...SCREENSHOT_ENV,
      PORT: String(PORT + 1),
      LOG_LEVEL: 'warn',
      PROVIDER: 'dianhua',
      EXAMPLE_LENDER_PORT: '0',
      DATA_DIR: ':memory:',
    },
    stdio: 'inherit',
  });
  try {
    await waitForServer();
    await waitForServer(lender);
    await waitForServer(dianhuaBase);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await dashboardShots(browser);
    if (ONLY_DASHBOARD) {
      await browser.close();
      return;
    }

    await page.goto(base);
    await page.locator('input[type="tel"]').fill('13800138000');
    await shot(page, '1-phone');
    await page.getByRole('button', { name: '《运营商授权协议》' }).click();
    await shot(page, '1b-agreement');

    await toPassword(page, phoneOf('sms'));
    await page.locator('input[type="password"]').fill('000000');
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByRole('alert').first().waitFor();
    await shot(page, '2-password-error');
    await page.locator('input[type="password"]').fill(SANDBOX_PASSWORD);
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.locator('input[autocomplete="one-time-code"]').waitFor();
    await shot(page, '3-sms-countdown');
    await page.locator('input[autocomplete="one-time-code"]').fill('123456');
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByRole('heading', { name: '授权成功' }).waitFor();
    await shot(page, '4-authorized');

    await page.evaluate(() => sessionStorage.clear());
    await toPassword(page, phoneOf('shandong'));
    await page.locator('input[type="password"]').fill(SANDBOX_PASSWORD);
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByRole('img').first().waitFor();
    await shot(page, '5-sms-and-captcha');

    await page.evaluate(() => sessionStorage.clear());
    await toPassword(page, phoneOf('jilin'));
    await page.locator('input[type="password"]').fill(SANDBOX_PASSWORD);
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByRole('link').first().waitFor();
    await shot(page, '6-jilin-instruction');

    await page.evaluate(() => sessionStorage.clear());
    await toPassword(page, phoneOf('shanghai'));
    await page.locator('input[type="password"]').fill(SANDBOX_PASSWORD);
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByRole('img').first().waitFor();
    await shot(page, '7-shanghai-sum-captcha');

    await page.evaluate(() => sessionStorage.clear());
    await toPassword(page, '13900506012');
    await page.locator('input[type="password"]').fill(SANDBOX_PASSWORD);
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByRole('heading').filter({ hasText: '授权未完成' }).waitFor();
    await shot(page, '8-failed');

    await page.evaluate(() => sessionStorage.clear());
    await toPassword(page, phoneOf('guangxi'), '?locale=en');
    await page.locator('input[type="password"]').fill(SANDBOX_PASSWORD);
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.locator('form input').nth(1).waitFor();
    await shot(page, '9-identity-en');

    // Rong360 has no reset API: the link explains the carrier hotline.
    await page.evaluate(() => sessionStorage.clear());
    await toPassword(page, phoneOf('sms'));
    await page.getByRole('button', { name: /忘记服务密码/ }).click();
    await shot(page, '10-hotline');

    // Dianhua: recovery inside the widget.
    await page.evaluate(() => sessionStorage.clear());
    await toPassword(page, '15200000004', '', dianhuaBase);
    await page.getByRole('button', { name: /忘记服务密码/ }).click();
    await page.getByRole('heading', { name: '找回服务密码' }).waitFor();
    await shot(page, '11-recovery-identity');
    await page.getByLabel(/姓名$/).fill('李四');
    await page.getByLabel(/身份证号$/).fill('11010519491231002X');
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByLabel('短信验证码', { exact: true }).fill('123456');
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByLabel('联系人号码 1', { exact: true }).fill('13912345678');
    await page.getByLabel('联系人号码 2', { exact: true }).fill('18611112222');
    await shot(page, '12-recovery-contacts');
    await page.locator('form button[type="submit"]:not([name])').click();
    await page.getByLabel('新服务密码', { exact: true }).fill('123456');
    await page.getByLabel('确认新服务密码', { exact: true }).fill('123456');
    await page.locator('form button[type="submit"]:not([name])').click();
    await shot(page, '13-recovery-new-password-rule');
    await page.getByLabel('新服务密码', { exact: true }).fill('368024');
    await page.getByLabel('确认新服务密码', { exact: true }).fill('368024');
    await page.locator('form button[type="submit"]:not([name])').click();
    await page
      .getByText(/服务密码已重置/)
      .first()
      .waitFor();
    await shot(page, '14-recovered-login');

    // Embedded in a lender's page (another origin): the modal on a desktop and on a phone, and inline.
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const host = await desktop.newPage();
    await host.goto(`${lender}/modal.html?phone=13800138000`);
    await host.getByRole('button', { name: '连接运营商' }).click();
    await host.frameLocator('iframe').getByLabel('手机号码', { exact: true }).waitFor();
    await shot(host, '15-embed-modal-desktop');
    await desktop.close();
    const phoneHost = await context.newPage();
    await phoneHost.goto(`${lender}/modal.html?phone=13800138000`);
    await phoneHost.getByRole('button', { name: '连接运营商' }).click();
    await phoneHost.frameLocator('iframe').getByLabel('手机号码', { exact: true }).waitFor();
    await shot(phoneHost, '16-embed-modal-phone');
    await phoneHost.goto(`${lender}/inline.html?phone=13800138000`);
    await phoneHost.frameLocator('iframe').getByLabel('手机号码', { exact: true }).waitFor();
    await phoneHost.waitForTimeout(300);
    await shot(phoneHost, '17-embed-inline');
    // After authorization the lender's backend gets the data_ready webhook and reads the data API.
    const frame = phoneHost.frameLocator('iframe');
    await frame.getByRole('checkbox', { name: /运营商授权协议/ }).check();
    await frame.getByRole('button', { name: '下一步' }).click();
    await frame.getByLabel('服务密码', { exact: true }).fill(SANDBOX_PASSWORD);
    await frame.getByRole('button', { name: '登录' }).click();
    await frame.getByLabel('短信验证码', { exact: true }).fill('123456');
    await frame.locator('form button[type="submit"]:not([name])').click();
    await phoneHost.locator('#data-status[data-ready="true"]').waitFor({ timeout: 30_000 });
    await phoneHost.locator('#data-status').scrollIntoViewIfNeeded();
    await shot(phoneHost, '20-lender-data-ready');

    // The designers' gallery, stopped at a step, and the states sheet.
    const review = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const gallery = await review.newPage();
    await gallery.goto(`${base}/demo?scenario=rong360-flow-shandong&step=2`);
    await gallery.locator('[data-autoplay="stopped"]').waitFor({ timeout: 30_000 });
    await shot(gallery, '18-demo-gallery');
    await gallery.goto(`${base}/demo/states`);
    await gallery.locator('[data-sheet-status="ready"]').waitFor();
    // A cell's step focuses its first input, which scrolls the sheet: show it from its top.
    await gallery.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      window.scrollTo(0, 0);
    });
    await shot(gallery, '19-demo-states');
    await review.close();
    await browser.close();
  } finally {
    server.kill('SIGTERM');
    dianhua.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
