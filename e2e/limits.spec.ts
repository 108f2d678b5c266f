import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { E2E_PORTS } from './support/ports';
import { CONSENT, login } from './support/browser';

// The abuse limits as an applicant meets them in the browser, on a server of its own with the
// default limits except one wrong password per number: the tries left, then the refusal and its
// countdown, and the same for a number that started too often.

const PORT = E2E_PORTS.limits;
const BASE = `http://127.0.0.1:${PORT}`;
let server: ChildProcess | undefined;

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE });

test.beforeAll(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE,
      DATA_DIR: ':memory:',
      LOG_LEVEL: 'warn',
      EXAMPLE_LENDER_PORT: '0',
      LIMIT_WRONG_PASSWORDS_PER_NUMBER: '1',
      LIMIT_STARTS_PER_NUMBER_PER_HOUR: '2',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await expect
    .poll(
      async () =>
        fetch(`${BASE}/healthz`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 30_000, intervals: [200] },
    )
    .toBe(200);
});

test.afterAll(async () => {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

async function start(page: Page, phone: string) {
  await page.goto('/');
  await page.getByLabel('手机号码', { exact: true }).fill(phone);
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();
}

test('a wrong password says no tries are left; the next try is refused with a ticking countdown', async ({ page }) => {
  await start(page, '13800138000');
  await login(page, '000000');
  const field = page.locator('[data-field-kind="servicePassword"]');
  await expect(field.getByRole('alert')).toHaveText(/（尝试次数已用完，为保护您的账户请稍后再试）$/);
  await login(page, '123456');
  const notice = page.locator('[data-error-code="rate_limited"]');
  await expect(notice.getByRole('alert')).toHaveText(/^服务密码错误次数过多.*约 \d+ 分钟后可重试。$/);
  // Hours away, ticking (h:mm:ss), hidden from screen readers.
  const countdown = notice.locator('.cl-rate-limit__countdown');
  await expect(countdown).toHaveAttribute('aria-hidden', 'true');
  const first = await countdown.textContent();
  expect(first).toMatch(/^2[34]:\d\d:\d\d 后可重试$/);
  await expect(countdown).not.toHaveText(first ?? '', { timeout: 3_000 });
});

test('a number that started too often is told when it can start again', async ({ page }) => {
  // The first test started this number once; one more is allowed.
  await start(page, '13800138000');
  await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
  await page.evaluate(() => window.sessionStorage.clear());
  await start(page, '13800138000');
  const notice = page.locator('[data-error-code="rate_limited"]');
  await expect(notice.getByRole('alert')).toHaveText(/^该手机号发起授权过于频繁，请稍后再试 约 \d+ 分钟后可重试。$/);
  await expect(notice.locator('.cl-rate-limit__countdown')).toHaveText(/^\d{1,2}:\d\d 后可重试$/);
});
