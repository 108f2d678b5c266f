import { expect, test } from '@playwright/test';
import { CONSENT, expectAuthorized, recordApiBodies, submitButton } from './support/browser';
import { E2E_PORTS } from './support/ports';

// A second BFF, configured for a live gateway: the upstream in e2e/support/foreign-upstream/rong360.ts,
// which shares no code with our simulator (see playwright.config.ts).
const FOREIGN_BFF = `http://127.0.0.1:${E2E_PORTS.foreignBff}`;

test('against an upstream that is not our simulator, a never-seen step method and param type complete', async ({ page }) => {
  const bodies = recordApiBodies(page);
  await page.goto(FOREIGN_BFF);
  await page.getByLabel('手机号码', { exact: true }).fill('13912345678');
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();

  await page.getByLabel('服务密码', { exact: true }).fill('111111');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByLabel('服务密码', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('服务密码', { exact: true }).fill('246810');
  await page.getByRole('button', { name: '登录' }).click();

  const city = page.getByLabel('开户城市', { exact: true });
  await expect(city).toBeVisible();
  // Too long for a placeholder at phone widths: a help line under the field, read with it.
  await expect(city).toHaveAccessibleDescription('请输入办理号码时所在的城市');
  await expect(city).not.toHaveAttribute('placeholder');
  await city.fill('杭州');
  await submitButton(page).click();

  await page.getByLabel('短信验证码', { exact: true }).fill('975310');
  await submitButton(page).click();
  await expectAuthorized(page);

  const all = bodies.join('\n');
  for (const secret of ['246810', '975310', 'T-8842', '7781', 'PRIVATE KEY']) expect(all).not.toContain(secret);
});
