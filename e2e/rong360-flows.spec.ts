import { expect, test } from '@playwright/test';
import {
  CAPTCHA_SEQUENCE,
  FLOW_SCENARIOS,
  JILIN_SMS,
  SANDBOX_ID_CARD,
  SANDBOX_NAME,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
  SUM_CAPTCHA_SEQUENCE,
  type FlowKind,
} from '../src/providers/rong360/sandbox';
import { enterPhone, enterSmsCode, expectAuthorized, failOnConsoleErrors, login, recordApiBodies, submitButton } from './support/browser';

const phoneOf = (flow: FlowKind): string => {
  const scenario = FLOW_SCENARIOS.find((s) => s.flow === flow);
  if (!scenario) throw new Error(`no sandbox number for ${flow}`);
  return scenario.phone;
};

test.describe('Rong360 sandbox flows, as an applicant on a phone', () => {
  test('plain SMS flow: phone, service password, SMS code, 授权成功', async ({ page }) => {
    const consoleErrors = failOnConsoleErrors(page);
    const bodies = recordApiBodies(page);
    await enterPhone(page, phoneOf('sms'));
    await expect(page.getByText('中国移动', { exact: true }).first()).toBeVisible();
    await login(page);
    await enterSmsCode(page);
    await expectAuthorized(page);
    await expect(page.getByText(/正在采集/)).toBeVisible();
    const all = bodies.join('\n');
    // The sandbox password and SMS code are both 123456: neither may ever come back.
    expect(all).not.toContain(SANDBOX_PASSWORD);
    expect(all).not.toContain(SANDBOX_SMS_CODE);
    expect(all).not.toMatch(/PRIVATE KEY|status_id|hidden|user_id/i);
    expect(consoleErrors).toEqual([]);
  });

  test('image captcha first, with a refresh that shows a new picture', async ({ page }) => {
    await enterPhone(page, phoneOf('captchaFirst'));
    await login(page);
    const image = page.getByRole('img', { name: '图片验证码' });
    await expect(image).toBeVisible();
    const first = await image.getAttribute('src');
    await page.getByRole('button', { name: '刷新图片验证码' }).click();
    await expect(image).not.toHaveAttribute('src', first ?? '');
    await page.getByLabel('图片验证码', { exact: true }).fill(CAPTCHA_SEQUENCE[1]);
    await submitButton(page).click();
    await enterSmsCode(page);
    await expectAuthorized(page);
  });

  test('山西移动: an image captcha is needed to request the SMS code', async ({ page }) => {
    await enterPhone(page, phoneOf('shanxi'));
    await login(page);
    await page.getByLabel('图片验证码', { exact: true }).fill(CAPTCHA_SEQUENCE[0]);
    await page.getByRole('button', { name: '获取短信验证码' }).click();
    await enterSmsCode(page);
    await expectAuthorized(page);
  });

  test('山东移动: the captcha arrives with the SMS and both are submitted together', async ({ page }) => {
    await enterPhone(page, phoneOf('shandong'));
    await login(page);
    await expect(page.getByRole('img', { name: '图片验证码' })).toBeVisible();
    await page.getByLabel('图片验证码', { exact: true }).fill(CAPTCHA_SEQUENCE[0]);
    await enterSmsCode(page);
    await expectAuthorized(page);
  });

  test('吉林电信: the user is told to text CXXD to 10001, with a tappable sms: link', async ({ page }) => {
    await enterPhone(page, phoneOf('jilin'));
    await expect(page.getByText('中国电信', { exact: true }).first()).toBeVisible();
    await login(page);
    await expect(page.getByText(`请用本机发送短信 ${JILIN_SMS.body} 到 ${JILIN_SMS.to} 获取验证码`)).toBeVisible();
    const link = page.getByRole('link', { name: '发送短信' });
    await expect(link).toHaveAttribute('href', `sms:${JILIN_SMS.to}?&body=${JILIN_SMS.body}`);
    await expect(page.getByRole('button', { name: /重新获取|获取验证码/ })).toHaveCount(0);
    await enterSmsCode(page);
    await expectAuthorized(page);
  });

  test('广西电信: name and ID card are needed, and a wrong check digit is refused in the browser', async ({ page }) => {
    await enterPhone(page, phoneOf('guangxi'));
    await login(page);
    await page.getByLabel('姓名', { exact: true }).fill(SANDBOX_NAME);
    const idCard = page.getByLabel('身份证号', { exact: true });
    const wrongCheckDigit = `${SANDBOX_ID_CARD.slice(0, 17)}1`;
    let submitted = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/session/steps/')) submitted += 1;
    });
    await idCard.fill(wrongCheckDigit);
    await submitButton(page).click();
    await expect(page.getByText('身份证号校验位不正确')).toBeVisible();
    await expect(idCard).toHaveAttribute('aria-invalid', 'true');
    expect(submitted).toBe(0);
    await idCard.fill(SANDBOX_ID_CARD);
    await submitButton(page).click();
    await enterSmsCode(page);
    await expectAuthorized(page);
  });

  test('上海电信: the captcha asks for the result of a sum, said by the detail hint', async ({ page }) => {
    await enterPhone(page, phoneOf('shanghai'));
    await login(page);
    await expect(page.getByText(/计算结果/)).toBeVisible();
    await page.getByLabel('图片验证码', { exact: true }).fill(SUM_CAPTCHA_SEQUENCE[0].answer);
    await submitButton(page).click();
    await enterSmsCode(page);
    await expectAuthorized(page);
  });

  test('a step method and field type never seen before is rendered from its title and completes', async ({ page }) => {
    await enterPhone(page, phoneOf('unknownStep'));
    await expect(page.getByText('中国联通', { exact: true }).first()).toBeVisible();
    await login(page);
    // The login form stays on screen while it submits: wait for the new step to replace it before
    // picking "the first input" (a generic locator would otherwise match the password field).
    await expect(page.getByLabel('服务密码', { exact: true })).toBeHidden();
    const input = page.getByLabel('入网城市', { exact: true });
    await expect(input).toBeVisible();
    await expect(page.locator('form input:not([type="hidden"])')).toHaveCount(1);
    // Too long for a placeholder at phone widths: a help line under the field, read with it.
    await expect(input).toHaveAccessibleDescription('请输入号码开户时所在的城市');
    await expect(input).not.toHaveAttribute('placeholder');
    await input.fill('北京');
    await submitButton(page).click();
    await enterSmsCode(page);
    await expectAuthorized(page);
  });
});
