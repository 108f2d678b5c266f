import { expect, test } from '@playwright/test';
import { FLOW_SCENARIOS, SANDBOX_PASSWORD } from '../src/providers/rong360/sandbox';
import { CONSENT, enterPhone, enterSmsCode, expectAuthorized, login } from './support/browser';

const PLAIN = FLOW_SCENARIOS.find((s) => s.flow === 'sms')!.phone;

test.describe('the widget as a demanding applicant uses it', () => {
  test('refuses an invalid number and a missing consent before anything is sent', async ({ page }) => {
    let started = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/sessions')) started += 1;
    });
    await page.goto('/');
    await page.getByLabel('手机号码', { exact: true }).fill('12345');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByText('请输入正确的11位手机号码')).toBeVisible();
    await page.getByLabel('手机号码', { exact: true }).fill('138 0013 8000');
    await expect(page.getByText('中国移动', { exact: true }).first()).toBeVisible();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByText('请先阅读并同意《运营商授权协议》')).toBeVisible();
    expect(started).toBe(0);
  });

  test('the agreement can be read in place', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: '《运营商授权协议》' }).click();
    await expect(page.getByText(/通话记录/).first()).toBeVisible();
  });

  test('a wrong password is shown at the password field and can be corrected without starting over', async ({ page }) => {
    await enterPhone(page, PLAIN);
    await login(page, '000000');
    const password = page.getByLabel('服务密码', { exact: true });
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('alert').filter({ hasText: /密码/ })).toBeVisible();
    await expect(password).toHaveValue('');
    await expect(password).toBeFocused();
    await login(page, SANDBOX_PASSWORD);
    await enterSmsCode(page);
    await expectAuthorized(page);
  });

  test('a reload lands on the same step with the resend countdown still running', async ({ page }) => {
    await enterPhone(page, PLAIN);
    await login(page);
    const resend = page.getByRole('button', { name: /秒后重新获取/ });
    await expect(resend).toBeDisabled();
    await page.reload();
    await expect(page.getByLabel('短信验证码', { exact: true })).toBeVisible();
    // The e2e server runs with SMS_RESEND_SECONDS=10: the countdown ends and resend becomes possible.
    await expect(page.getByRole('button', { name: '重新获取' })).toBeEnabled({ timeout: 13_000 });
    await page.getByRole('button', { name: '重新获取' }).click();
    await expect(page.getByRole('button', { name: /秒后重新获取/ })).toBeDisabled();
    await enterSmsCode(page);
    await expectAuthorized(page);
  });

  test('works with the keyboard alone', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('手机号码', { exact: true }).focus();
    await page.keyboard.type(PLAIN);
    // Tab to the consent checkbox, tick it with the space bar, and submit with Enter.
    const consent = page.getByRole('checkbox', { name: CONSENT });
    for (let i = 0; i < 6 && !(await consent.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(consent).toBeFocused();
    await page.keyboard.press('Space');
    await expect(consent).toBeChecked();
    await page.keyboard.press('Enter');
    const password = page.getByLabel('服务密码', { exact: true });
    await expect(password).toBeVisible();
    await password.focus();
    await page.keyboard.type(SANDBOX_PASSWORD);
    await page.keyboard.press('Enter');
    const sms = page.getByLabel('短信验证码', { exact: true });
    await expect(sms).toBeVisible();
    await sms.focus();
    await page.keyboard.type('123456');
    await page.keyboard.press('Enter');
    await expectAuthorized(page);
  });

  test('speaks English with ?locale=en', async ({ page }) => {
    await page.goto('/?locale=en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: /next|continue/i })).toBeVisible();
  });

  test('every input on every step is labelled', async ({ page }) => {
    await enterPhone(page, FLOW_SCENARIOS.find((s) => s.flow === 'shandong')!.phone);
    await login(page);
    await expect(page.getByLabel('短信验证码', { exact: true })).toBeVisible();
    const unlabelled = await page.locator('input:not([type="hidden"]), select, textarea').evaluateAll(
      (nodes) =>
        nodes.filter((node) => {
          const el = node as HTMLInputElement;
          return !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby');
        }).length,
    );
    expect(unlabelled).toBe(0);
  });
});
