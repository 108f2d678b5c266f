import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../src/providers/rong360/sandbox';
import { CONSENT, failOnConsoleErrors } from './support/browser';
import { E2E_PORTS } from './support/ports';

// A lender refreshes an applicant's data: a first link authorized to data_ready, then an update
// link for that session, opened top level, walked to data_ready with the number locked and masked.
const WIDGET = `http://127.0.0.1:${E2E_PORTS.bff}`;
const LENDER = `http://localhost:${E2E_PORTS.exampleLender}`;
const AUTH = { authorization: 'Bearer e2e_lender_key_not_a_real_secret_0001' };
const PHONE = '13800138000';
const UPDATE_CONSENT = '我同意本次数据更新，再次授权，并已阅读《运营商授权协议》';

interface Status {
  status: string;
  mode: string;
  previousSessionId: string | null;
  consent: { mode: string; linkId: string | null; agreementVersion: string; recordedAt: string } | null;
}

async function status(request: APIRequestContext, sessionId: string): Promise<Status> {
  const response = await request.get(`${WIDGET}/api/v1/sessions/${sessionId}`, { headers: AUTH });
  expect(response.status()).toBe(200);
  return (await response.json()) as Status;
}

async function dataReady(request: APIRequestContext, sessionId: string): Promise<void> {
  await expect.poll(async () => (await status(request, sessionId)).status, { timeout: 45_000 }).toBe('data_ready');
}

/** Service password and SMS code, then the success screen. */
async function finish(page: Page): Promise<void> {
  await page.getByLabel('服务密码', { exact: true }).fill(SANDBOX_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByLabel('短信验证码', { exact: true }).fill(SANDBOX_SMS_CODE);
  await page.locator('form button[type="submit"]:not([name])').click();
  await expect(page.getByRole('heading', { name: '授权成功' })).toBeVisible();
}

test('a completed session is refreshed through an update link: number locked and masked, consent recorded again, fresh data', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const errors = failOnConsoleErrors(page);
  const first = await request.post(`${WIDGET}/api/link-tokens`, {
    headers: AUTH,
    data: { userId: 'e2e-refresh-1', allowedOrigins: [LENDER], phone: PHONE },
  });
  expect(first.status()).toBe(201);
  const firstLink = (await first.json()) as { linkToken: string; sessionId: string };

  // Not completed yet: no update link.
  const early = await request.post(`${WIDGET}/api/v1/sessions/${firstLink.sessionId}/update-links`, {
    headers: AUTH,
    data: { allowedOrigins: [LENDER] },
  });
  expect(early.status()).toBe(409);
  expect(await early.json()).toMatchObject({ error: { code: 'not_completed' } });

  await page.goto(`${WIDGET}/?link_token=${firstLink.linkToken}`);
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  await finish(page);
  await dataReady(request, firstLink.sessionId);
  expect(await status(request, firstLink.sessionId)).toMatchObject({
    mode: 'initial',
    previousSessionId: null,
    consent: { mode: 'initial' },
  });

  // A month later, the lender asks for fresh data.
  const update = await request.post(`${WIDGET}/api/v1/sessions/${firstLink.sessionId}/update-links`, {
    headers: AUTH,
    data: { allowedOrigins: [LENDER] },
  });
  expect(update.status()).toBe(201);
  const updateLink = (await update.json()) as { linkToken: string; sessionId: string; maskedPhone: string; mode: string };
  expect(updateLink).toMatchObject({ mode: 'update', maskedPhone: '138****8000' });
  expect(JSON.stringify(updateLink)).not.toContain(PHONE);

  const fresh = await page.context().newPage();
  const freshErrors = failOnConsoleErrors(fresh);
  await fresh.goto(`${WIDGET}/?link_token=${updateLink.linkToken}`);
  const phone = fresh.getByLabel('手机号码', { exact: true });
  await expect(phone).toHaveValue('138****8000');
  await expect(phone).toHaveAttribute('readonly', '');
  await expect(fresh.getByText('您上次授权的号码，本次更新不可更换')).toBeVisible();
  // The page never had the full number.
  expect(await fresh.content()).not.toContain(PHONE);
  // The consent is asked for again, and required.
  await fresh.getByRole('button', { name: '下一步' }).click();
  await expect(fresh.getByText('请先阅读并同意《运营商授权协议》').first()).toBeVisible();
  await fresh.getByRole('checkbox', { name: UPDATE_CONSENT }).check();
  await fresh.getByRole('button', { name: '下一步' }).click();
  await expect(fresh.getByLabel('服务密码', { exact: true })).toBeVisible();
  await expect(fresh.getByRole('button', { name: '更换手机号' })).toHaveCount(0);
  await finish(fresh);

  await dataReady(request, updateLink.sessionId);
  const refreshed = await status(request, updateLink.sessionId);
  expect(refreshed).toMatchObject({ mode: 'update', previousSessionId: firstLink.sessionId, consent: { mode: 'update' } });
  expect(refreshed.consent?.linkId).toMatch(/^lnk_/);
  // Its own data, fetched afresh; the earlier session's stays as it was.
  const data = await request.get(`${WIDGET}/api/v1/sessions/${updateLink.sessionId}/data`, { headers: AUTH });
  expect(data.status()).toBe(200);
  expect(await data.json()).toMatchObject({ sessionId: updateLink.sessionId, provider: 'rong360' });
  expect((await status(request, firstLink.sessionId)).status).toBe('data_ready');

  // Used: the link no longer opens anything.
  const again = await page.context().newPage();
  await again.goto(`${WIDGET}/?link_token=${updateLink.linkToken}`);
  await expect(again.getByText('授权链接已使用')).toBeVisible();
  await again.close();
  expect(errors).toEqual([]);
  expect(freshErrors).toEqual([]);
});
