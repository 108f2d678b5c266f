import { expect, test, type Page } from '@playwright/test';
import { RONG360_ERRORS } from '../src/providers/rong360/errors';
import {
  CAPTCHA_SEQUENCE,
  ERROR_SCENARIOS,
  FAULT_SCENARIOS,
  SANDBOX_ID_CARD,
  SANDBOX_NAME,
  type ErrorScenario,
} from '../src/providers/rong360/sandbox';
import { enterPhone, enterSmsCode, expectAuthorized, expectFailed, login, submitButton } from './support/browser';

const FIELD_LABEL = {
  password: '服务密码',
  smsCode: '短信验证码',
  captcha: '图片验证码',
  identity: '身份证号',
  newPassword: '新服务密码',
  contacts: '联系人号码 1',
} as const;

/** Walks the scenario's flow up to the call that answers with its code. */
async function reachTrigger(page: Page, scenario: ErrorScenario): Promise<void> {
  await enterPhone(page, scenario.phone);
  if (scenario.trigger === 'login') return login(page);
  await login(page);
  switch (scenario.trigger) {
    case 'captcha':
      await page.getByLabel('图片验证码', { exact: true }).fill(CAPTCHA_SEQUENCE[0]);
      return submitButton(page).click();
    case 'captchaRefresh':
      return page.getByRole('button', { name: '刷新图片验证码' }).click();
    case 'smsRequest':
      await page.getByLabel('图片验证码', { exact: true }).fill(CAPTCHA_SEQUENCE[0]);
      return submitButton(page).click();
    case 'identity':
      await page.getByLabel('姓名', { exact: true }).fill(SANDBOX_NAME);
      await page.getByLabel('身份证号', { exact: true }).fill(SANDBOX_ID_CARD);
      return submitButton(page).click();
    case 'sms':
    case 'final':
      return enterSmsCode(page);
  }
}

/** After a retryable error, finish the flow as the user would. */
async function finishAfterRetry(page: Page, scenario: ErrorScenario): Promise<void> {
  switch (scenario.trigger) {
    case 'login':
      await login(page);
      return enterSmsCode(page);
    case 'captcha':
      // A wrong captcha brings a fresh picture: the next code of the sequence.
      await page.getByLabel('图片验证码', { exact: true }).fill(CAPTCHA_SEQUENCE[1]);
      await submitButton(page).click();
      return enterSmsCode(page);
    case 'captchaRefresh':
      await page.getByRole('button', { name: '刷新图片验证码' }).click();
      await expect(page.getByLabel('图片验证码', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
      await page.getByLabel('图片验证码', { exact: true }).fill(CAPTCHA_SEQUENCE[1]);
      await submitButton(page).click();
      return enterSmsCode(page);
    case 'smsRequest':
      await page.getByLabel('图片验证码', { exact: true }).fill(CAPTCHA_SEQUENCE[0]);
      await submitButton(page).click();
      return enterSmsCode(page);
    case 'identity':
      await page.getByLabel('身份证号', { exact: true }).fill(SANDBOX_ID_CARD);
      await submitButton(page).click();
      return enterSmsCode(page);
    case 'sms':
      return enterSmsCode(page);
    case 'final':
      throw new Error('the final-step error is never retried in place');
  }
}

test.describe('every appendix-A error code, through the browser', () => {
  for (const scenario of ERROR_SCENARIOS) {
    const rule = RONG360_ERRORS[scenario.code];
    if (!rule) throw new Error(`no mapping for ${scenario.code}`);
    const retryable = rule.retry === 'field' || rule.retry === 'step';

    test(`${scenario.code} (${rule.code}) at ${scenario.trigger}: ${retryable ? 'retry in place' : 'ends the flow'}`, async ({ page }) => {
      await reachTrigger(page, scenario);
      if (!retryable) {
        await expectFailed(page);
        await expect(page.getByRole('button', { name: '重新开始' })).toHaveCount(rule.retry === 'restart' ? 1 : 0);
        await expect(page.getByRole('button', { name: '更换手机号' })).toBeVisible();
        if (rule.retry === 'restart') {
          await page.getByRole('button', { name: '重新开始' }).click();
          await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
        }
        return;
      }
      await expect(page.getByRole('alert').first()).toBeVisible();
      if (rule.target !== 'none') {
        const label = FIELD_LABEL[rule.target];
        const field = page.getByLabel(label, { exact: true });
        if ((await field.count()) > 0) await expect(field).toHaveAttribute('aria-invalid', 'true');
      }
      await finishAfterRetry(page, scenario);
      await expectAuthorized(page);
    });
  }
});

test.describe("the vendor's wait and instruction reach the applicant", () => {
  test('appendix A 506012: the carrier instruction is shown verbatim on the failed screen', async ({ page }) => {
    await enterPhone(page, '13900506012');
    await login(page);
    await expectFailed(page);
    await expect(page.getByText('运营商提示：如忘记密码，可拨打10086重置密码')).toBeVisible();
  });

  test('appendix A 506005: "请24小时后重试" becomes a 可在…后重试 line', async ({ page }) => {
    await enterPhone(page, '13900506005');
    await login(page);
    await expectFailed(page);
    await expect(page.getByText(/^可在(今天|明天) \d{2}:\d{2}后重试（约2[34] 小时）$/)).toBeVisible();
  });
});

test.describe('upstream faults leave the user on the step with a way to try again', () => {
  for (const fault of FAULT_SCENARIOS) {
    test(`${fault.fault}: ${fault.summary}`, async ({ page }) => {
      await enterPhone(page, fault.phone);
      await login(page);
      await expect(page.getByRole('alert').first()).toBeVisible({ timeout: 10_000 });
      await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
    });
  }
});
