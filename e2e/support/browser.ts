import { expect, type Page } from '@playwright/test';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../../src/providers/rong360/sandbox';

export const CONSENT = '我已阅读并同意《运营商授权协议》';

/** The phone step, as a user fills it. */
export async function enterPhone(page: Page, phone: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('手机号码', { exact: true }).fill(phone);
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();
}

/** The submit button of the step on screen, whatever its intent label. */
export function submitButton(page: Page) {
  return page.locator('form button[type="submit"]:not([name])');
}

export async function login(page: Page, password: string = SANDBOX_PASSWORD): Promise<void> {
  const input = page.getByLabel('服务密码', { exact: true });
  await expect(input).toBeVisible();
  await input.fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

export async function enterSmsCode(page: Page, code: string = SANDBOX_SMS_CODE): Promise<void> {
  const input = page.getByLabel('短信验证码', { exact: true });
  await expect(input).toBeVisible();
  await input.fill(code);
  await submitButton(page).click();
}

export async function expectAuthorized(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: '授权成功' })).toBeVisible();
}

export async function expectFailed(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: '授权未完成' })).toBeVisible();
}

/**
 * The authorized step deliberately names the upstream's task (Dianhua's sid): the lender's page gets
 * it in the embed `success` event once the flow is over. Anywhere else an upstream id is a leak.
 */
function withoutTaskId(text: string): string {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return text;
  }
  const step =
    typeof answer === 'object' && answer !== null ? (answer as { step?: { type?: string; result?: { taskId?: string } } }).step : undefined;
  if (step?.type !== 'authorized' || !step.result?.taskId) return text;
  step.result.taskId = '[task id]';
  return JSON.stringify(answer);
}

/** Collects every JSON answer of the BFF, to prove no secret reaches the browser. */
export function recordApiBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', async (response) => {
    if (!response.url().includes('/api/')) return;
    try {
      bodies.push(withoutTaskId(await response.text()));
    } catch {
      // A navigation may discard a body; nothing to record then.
    }
  });
  return bodies;
}

/** Fails the test on any console error or uncaught exception of the page. */
export function failOnConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
