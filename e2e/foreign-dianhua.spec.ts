import { expect, test } from '@playwright/test';
import { CONSENT, expectAuthorized, recordApiBodies, submitButton } from './support/browser';
import { E2E_PORTS } from './support/ports';

// A BFF with PROVIDER=dianhua configured for a live gateway: e2e/support/foreign-upstream/dianhua.ts, which
// shares no code with our simulator and revokes its token mid-flow (see playwright.config.ts).
const FOREIGN_BFF = `http://127.0.0.1:${E2E_PORTS.foreignDianhuaBff}`;

test('Dianhua upstream that is not our simulator: password, name, ID card, captcha, then SMS, across a token expiry', async ({ page }) => {
  const bodies = recordApiBodies(page);
  await page.goto(FOREIGN_BFF);
  await page.getByLabel('手机号码', { exact: true }).fill('13712345678');
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();

  const idCard = page.getByLabel('身份证号', { exact: true });
  await expect(idCard).toBeVisible();
  await page.getByLabel('服务密码', { exact: true }).fill('802613');
  await page.getByLabel('姓名', { exact: true }).fill('王五');
  await idCard.fill('11010519491231002X');
  await expect(page.getByRole('img', { name: '图片验证码' })).toBeVisible();
  await page.getByLabel('图片验证码', { exact: true }).fill('7k3p');
  await submitButton(page).click();

  await page.getByLabel('短信验证码', { exact: true }).fill('480159');
  await submitButton(page).click();
  await expectAuthorized(page);

  const all = bodies.join('\n');
  for (const secret of ['802613', '480159', '7k3p', 'e2e-secret-not-real']) expect(all).not.toContain(secret);
  // The upstream's sids; a bare "SID" can occur inside any random id.
  expect(all).not.toMatch(/SID[0-9a-f]{16}/);
});
