import { expect, test, type Page } from '@playwright/test';
import { DIANHUA_ERRORS } from '../src/providers/dianhua/errors';
import {
  ERROR_SCENARIOS,
  FAULT_SCENARIOS,
  FLOW_SCENARIOS,
  JILIN_SMS,
  RECOVERY_SCENARIOS,
  SANDBOX_CONTACTS,
  SANDBOX_ID_CARD,
  SANDBOX_LOGIN_CODE,
  SANDBOX_NAME,
  SANDBOX_NEW_PASSWORD,
  SANDBOX_NEW_PASSWORD_8,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
} from '../src/providers/dianhua/sandbox';
import { sandboxCaptchaAnswer } from '../src/providers/dianhua/sandbox-user';
import { recordApiBodies } from './support/browser';
import { startWith, walk, walkToEnd, type SandboxAnswers } from './support/walker';
import { E2E_PORTS } from './support/ports';

// The BFF with PROVIDER=dianhua and its built-in simulator (see playwright.config.ts).
const BFF = `http://127.0.0.1:${E2E_PORTS.dianhuaBff}`;

const answers = (): SandboxAnswers => ({
  password: SANDBOX_PASSWORD,
  smsCode: SANDBOX_SMS_CODE,
  loginCode: SANDBOX_LOGIN_CODE,
  name: SANDBOX_NAME,
  idCard: SANDBOX_ID_CARD,
  newPassword: SANDBOX_NEW_PASSWORD,
  newPassword8: SANDBOX_NEW_PASSWORD_8,
  contacts: SANDBOX_CONTACTS.slice(0, 2),
  captcha: sandboxCaptchaAnswer,
});

const recoveryHeading = (page: Page) => page.getByRole('heading', { name: '找回服务密码' });
const passwordInput = (page: Page) => page.getByLabel('服务密码', { exact: true });

/** From the login step, through "忘记服务密码？", until the login step comes back. */
async function recover(page: Page, user: SandboxAnswers): Promise<string[]> {
  await page.getByRole('button', { name: /忘记服务密码/ }).click();
  await expect(recoveryHeading(page)).toBeVisible();
  const { alerts } = await walk(page, user, {
    until: async () => (await recoveryHeading(page).count()) === 0 && (await passwordInput(page).count()) > 0,
  });
  // Only a recovery the upstream confirmed changes the password.
  if (user.pendingPassword && (await page.getByText('服务密码已重置').count()) > 0) user.password = user.pendingPassword;
  return alerts;
}

test.describe('Dianhua sandbox flows, as an applicant on a phone', () => {
  for (const scenario of FLOW_SCENARIOS) {
    test(`${scenario.phone} ${scenario.region}: ${scenario.summary}`, async ({ page }) => {
      const bodies = recordApiBodies(page);
      await startWith(page, BFF, scenario.phone);
      const fields = ['服务密码', '姓名', '身份证号'] as const;
      const wanted = [scenario.needs.pin, scenario.needs.name, scenario.needs.idCard];
      for (const [i, label] of fields.entries()) {
        await expect(page.getByLabel(label, { exact: true })).toHaveCount(wanted[i] ? 1 : 0);
      }
      if (scenario.jilinNotes) {
        await expect(page.getByText(`请用本机发送短信 ${JILIN_SMS.body} 到 ${JILIN_SMS.to} 获取验证码`)).toBeVisible();
        await expect(page.getByRole('link', { name: '发送短信' })).toHaveAttribute('href', `sms:${JILIN_SMS.to}?&body=${JILIN_SMS.body}`);
      }
      const { ending } = await walkToEnd(page, answers());
      expect(ending).toBe('authorized');
      const all = bodies.join('\n');
      for (const secret of [SANDBOX_PASSWORD, '"sid"', '"tid"']) expect(all).not.toContain(secret);
      // The simulator's sids (a bare "SID" can occur inside any random id, e.g. a step id).
      expect(all).not.toMatch(/SID[0-9a-f]{16}/);
    });
  }

  test('an ID card with a wrong check digit is refused in the browser before anything is sent', async ({ page }) => {
    await startWith(page, BFF, '15000000111');
    let submitted = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/session/steps/')) submitted += 1;
    });
    await passwordInput(page).fill(SANDBOX_PASSWORD);
    await page.getByLabel('姓名', { exact: true }).fill(SANDBOX_NAME);
    await page.getByLabel('身份证号', { exact: true }).fill(`${SANDBOX_ID_CARD.slice(0, 17)}5`);
    await page.locator('form button[type="submit"]:not([name])').click();
    await expect(page.getByText('身份证号校验位不正确')).toBeVisible();
    expect(submitted).toBe(0);
  });
});

test.describe('forgotten service password, recovered inside the widget', () => {
  for (const scenario of RECOVERY_SCENARIOS) {
    test(`${scenario.phone}: ${scenario.summary}`, async ({ page }) => {
      const bodies = recordApiBodies(page);
      const user = answers();
      await startWith(page, BFF, scenario.phone);
      const alerts = await recover(page, user);
      if (scenario.failCode) {
        // Recovery failing leaves the authorization alive, with the reason shown at the login step.
        expect(alerts.length).toBeGreaterThan(0);
        await expect(passwordInput(page)).toBeVisible();
        user.password = SANDBOX_PASSWORD;
      } else {
        await expect(page.getByText(/服务密码已重置|新服务密码/).first()).toBeVisible();
        if (!scenario.steps.some((s) => s.startsWith('newPassword'))) user.password = SANDBOX_NEW_PASSWORD;
        if (scenario.plainPassword !== undefined) {
          // 上海电信 answers the new password itself: the applicant reads it off the login step.
          const shown = page.getByRole('region', { name: '您的新服务密码' });
          await expect(shown).toContainText('运营商提示：');
          user.password = (await shown.locator('.cl-recovered__password').textContent())?.trim() ?? '';
          expect(user.password).toBe(scenario.plainPassword);
        }
      }
      expect((await walkToEnd(page, user)).ending).toBe('authorized');
      const all = bodies.join('\n');
      for (const secret of [SANDBOX_NEW_PASSWORD, SANDBOX_NEW_PASSWORD_8, SANDBOX_LOGIN_CODE, '"tid"', 'TID']) {
        expect(all).not.toContain(secret);
      }
    });
  }

  test('返回登录 leaves the recovery for the login step', async ({ page }) => {
    await startWith(page, BFF, '15000000100');
    await page.getByRole('button', { name: /忘记服务密码/ }).click();
    await expect(recoveryHeading(page)).toBeVisible();
    await page.getByRole('button', { name: '返回登录' }).click();
    await expect(recoveryHeading(page)).toHaveCount(0);
    await expect(passwordInput(page)).toBeVisible();
  });

  test('a simple new password is refused before it is sent, with the rule at the field', async ({ page }) => {
    await startWith(page, BFF, '15200000001');
    await page.getByRole('button', { name: /忘记服务密码/ }).click();
    // The walk must start on the recovery step, not on the login step it replaces.
    await expect(recoveryHeading(page)).toBeVisible();
    const user = answers();
    await walk(page, user, { until: async () => (await page.getByLabel('新服务密码', { exact: true }).count()) > 0 });
    await page.getByLabel('新服务密码', { exact: true }).fill('123456');
    await page.getByLabel('确认新服务密码', { exact: true }).fill('123456');
    await page.locator('form button[type="submit"]:not([name])').click();
    await expect(page.getByText('不能使用连续数字')).toBeVisible();
    await expect(page.getByLabel('新服务密码', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  });
});

test.describe('every Dianhua error code of section 20, through the browser', () => {
  for (const scenario of ERROR_SCENARIOS) {
    const rule = DIANHUA_ERRORS[scenario.code];
    if (!rule) throw new Error(`no mapping for ${scenario.code}`);
    const retryable = rule.retry === 'field' || rule.retry === 'step';
    test(`${scenario.code} (${rule.code}) at ${scenario.trigger}`, async ({ page }) => {
      const user = answers();
      await startWith(page, BFF, scenario.phone);
      if (scenario.trigger === 'data') {
        // Data codes concern the collection after authorization, not the applicant's flow.
        expect((await walkToEnd(page, user)).ending).toBe('authorized');
        return;
      }
      if (scenario.trigger === 'token' || scenario.trigger === 'flow') {
        // Nothing to stay on before calls/flow answered: the flow ends, with the reason shown.
        await expect(page.getByRole('heading', { name: '授权未完成' })).toBeVisible();
        await expect(page.getByRole('button', { name: '更换手机号' })).toBeVisible();
        return;
      }
      if (scenario.trigger === 'recovery') {
        const alerts = await recover(page, user);
        expect(alerts.length).toBeGreaterThan(0);
        expect((await walkToEnd(page, user)).ending).toBe('authorized');
        return;
      }
      if (scenario.trigger === 'captchaRefresh') {
        await page.getByRole('button', { name: '刷新图片验证码' }).click();
        await expect(page.getByRole('alert').first()).toBeVisible();
      }
      const { ending, alerts } = await walkToEnd(page, user);
      if (scenario.code === '20017') {
        // Already authorized: the session ends with its data, not as a failure.
        expect(ending).toBe('authorized');
        return;
      }
      if (retryable) {
        if (scenario.trigger !== 'captchaRefresh') expect(alerts.length).toBeGreaterThan(0);
        expect(ending).toBe('authorized');
      } else {
        expect(ending).toBe('failed');
      }
    });
  }
});

test.describe('Dianhua upstream faults leave the user on the step with a way to try again', () => {
  for (const fault of FAULT_SCENARIOS) {
    test(`${fault.fault}: ${fault.summary}`, async ({ page }) => {
      await startWith(page, BFF, fault.phone);
      await passwordInput(page).fill(SANDBOX_PASSWORD);
      await page.locator('form button[type="submit"]:not([name])').click();
      await expect(page.getByRole('alert').first()).toBeVisible({ timeout: 10_000 });
      await expect(passwordInput(page)).toBeVisible();
    });
  }
});
