import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../src/providers/rong360/sandbox';
import { CONSENT, failOnConsoleErrors } from './support/browser';
import { E2E_PORTS } from './support/ports';

// A lender page on another origin (the example lender on localhost) embeds the widget
// (on 127.0.0.1) with embed.js or the React hook, as a lender would. Ports: e2e/support/ports.ts.
const WIDGET = `http://127.0.0.1:${E2E_PORTS.bff}`;
const LENDER_PORT = E2E_PORTS.exampleLender;
const LENDER = `http://localhost:${LENDER_PORT}`;
/** The same example server reached under an origin its link tokens do not allow. */
const OTHER_ORIGIN = `http://127.0.0.1:${LENDER_PORT}`;
const API_KEY = 'e2e_lender_key_not_a_real_secret_0001';
const PHONE = '13800138000';

type Scope = Page | FrameLocator;

interface LoggedEvent {
  type: string;
  data: Record<string, unknown>;
}

test.beforeAll(async ({ request }) => {
  // main.ts starts the example lender just after the widget server answers /healthz.
  await expect.poll(async () => (await request.get(`${LENDER}/`).catch(() => undefined))?.status(), { timeout: 30_000 }).toBe(200);
});

const widgetFrame = (page: Page) => page.frameLocator(`iframe[src^="${WIDGET}/"]`);

/** The sandbox's plain flow inside the frame: locked phone, consent, password, SMS code. */
async function authorizeInFrame(frame: Scope): Promise<void> {
  const phone = frame.getByLabel('手机号码', { exact: true });
  await expect(phone).toHaveValue(/138\s?0013\s?8000/);
  await expect(phone).toHaveAttribute('readonly', '');
  await frame.getByRole('checkbox', { name: CONSENT }).check();
  await frame.getByRole('button', { name: '下一步' }).click();
  await frame.getByLabel('服务密码', { exact: true }).fill(SANDBOX_PASSWORD);
  await frame.getByRole('button', { name: '登录' }).click();
  await frame.getByLabel('短信验证码', { exact: true }).fill(SANDBOX_SMS_CODE);
  await frame.locator('form button[type="submit"]:not([name])').click();
  await expect(frame.getByRole('heading', { name: '授权成功' })).toBeVisible();
}

async function loggedEvents(page: Page): Promise<LoggedEvent[]> {
  return page.evaluate(() => (window as unknown as { lenderDemo: { events: LoggedEvent[] } }).lenderDemo.events);
}

async function counts(page: Page): Promise<{ success: number; exit: number }> {
  return page.evaluate(() => (window as unknown as { lenderDemo: { counts: { success: number; exit: number } } }).lenderDemo.counts);
}

/** Events minus `resize`, as `type` or `type:stepKind`. */
function journey(events: LoggedEvent[]): string[] {
  return events
    .filter((event) => event.type !== 'resize')
    .map((event) => {
      const step = event.data.step as { kind?: string } | null | undefined;
      return step?.kind ? `${event.type}:${step.kind}` : event.type;
    });
}

function expectNoSecrets(events: LoggedEvent[]): void {
  const all = JSON.stringify(events);
  for (const secret of [PHONE, '0013', SANDBOX_PASSWORD, SANDBOX_SMS_CODE, 'lt_', API_KEY]) expect(all).not.toContain(secret);
}

test('modal: a lender page on another origin completes a flow and gets onSuccess once', async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await page.goto(`${LENDER}/modal.html?phone=${PHONE}`);
  const connect = page.getByRole('button', { name: '连接运营商' });
  await expect(connect).toBeEnabled();
  await connect.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Full screen at phone width.
  const box = await page.locator(`iframe[src^="${WIDGET}/"]`).boundingBox();
  expect(box?.width).toBe(390);

  const frame = widgetFrame(page);
  await authorizeInFrame(frame);
  await expect(page.locator('#status')).toContainText('授权成功');
  await frame.getByRole('button', { name: '完成' }).click();
  await expect(dialog).toBeHidden();

  const events = await loggedEvents(page);
  expect(journey(events)).toEqual([
    'ready',
    'step_shown:phone',
    'submitted:phone',
    'consent',
    'step_shown:authorize',
    'submitted:authorize',
    'step_shown:authorize',
    'submitted:authorize',
    'step_shown:authorized',
    'success',
    'exit:authorized',
  ]);
  const byType = (type: string) => events.filter((event) => event.type === type);
  expect(byType('step_shown')[1]?.data).toEqual({ step: { kind: 'authorize', fields: ['servicePassword'] } });
  expect(byType('step_shown')[2]?.data).toEqual({ step: { kind: 'authorize', fields: ['smsCode'] } });
  const success = byType('success')[0]?.data;
  expect(success?.sessionId).toMatch(/^ses_/);
  expect(typeof success?.taskId).toBe('string');
  expect(byType('exit')[0]?.data).toMatchObject({ reason: 'completed' });
  const consent = byType('consent')[0]?.data;
  expect(consent?.agreementVersion).toBeTruthy();
  expect(consent?.textHash).toMatch(/^[0-9a-f]{64}$/);
  expectNoSecrets(events);
  expect(await counts(page)).toEqual({ success: 1, exit: 0 });
  // Host styles restored once the modal closed.
  expect(await page.evaluate(() => [document.documentElement.style.overflow, document.body.style.overflow])).toEqual(['', '']);
  expect(errors).toEqual([]);
});

test('inline: the widget renders in the page, its height following the content', async ({ page }) => {
  await page.goto(`${LENDER}/inline.html?phone=${PHONE}`);
  const iframe = page.locator(`#widget-slot iframe[src^="${WIDGET}/"]`);
  await expect(iframe).toBeVisible();
  const frame = widgetFrame(page);
  await expect(frame.getByLabel('手机号码', { exact: true })).toBeVisible();
  // The host sizes the frame to the widget's content: no inner scrollbar, no gap.
  await expect
    .poll(async () => {
      const outer = await iframe.evaluate((element) => element.getBoundingClientRect().height);
      const inner = await frame.locator('body').evaluate((body) => body.ownerDocument.documentElement.scrollHeight);
      return Math.abs(outer - inner);
    })
    .toBeLessThanOrEqual(2);
  // No close button of its own when inline: the host page owns the space.
  await expect(frame.getByRole('button', { name: '关闭' })).toHaveCount(0);
  await authorizeInFrame(frame);
  await expect(page.locator('#status')).toContainText('授权成功');
  const events = await loggedEvents(page);
  expect(events.some((event) => event.type === 'resize')).toBe(true);
  expect(journey(events).slice(0, 2)).toEqual(['ready', 'step_shown:phone']);
  expect(events.filter((event) => event.type === 'success')).toHaveLength(1);
  expectNoSecrets(events);
  expect(await counts(page)).toEqual({ success: 1, exit: 0 });
  // The example lender's backend got the signed webhooks and read the normalized data.
  const data = page.locator('#data-status');
  await expect(data).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(data).toContainText(/数据已就绪：通话 [1-9]\d* 条，短信 [1-9]\d* 条，账单 [1-9]\d* 个月/);
  await expect(data).toHaveAttribute('data-events', /^authorized( crawl_progress)* data_ready$/);
});

test('the user closes the modal mid-flow: onExit with the step, and reopening continues it', async ({ page }) => {
  await page.goto(`${LENDER}/modal.html?phone=${PHONE}`);
  await page.getByRole('button', { name: '连接运营商' }).click();
  const frame = widgetFrame(page);
  await frame.getByRole('checkbox', { name: CONSENT }).check();
  await frame.getByRole('button', { name: '下一步' }).click();
  await expect(frame.getByLabel('服务密码', { exact: true })).toBeVisible();
  await frame.getByRole('button', { name: '关闭' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.locator('#status')).toContainText('已退出：user_closed');
  const exit = (await loggedEvents(page)).find((event) => event.type === 'exit');
  expect(exit?.data).toEqual({ reason: 'user_closed', step: { kind: 'authorize', fields: ['servicePassword'] } });

  // Keyboard: reopen, Escape closes again.
  await page.getByRole('button', { name: '连接运营商' }).click();
  await expect(frame.getByLabel('服务密码', { exact: true })).toBeVisible();
  await frame.getByLabel('服务密码', { exact: true }).press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  expect((await counts(page)).exit).toBe(2);
});

test('a second open() while open does nothing', async ({ page }) => {
  await page.goto(`${LENDER}/modal.html?phone=${PHONE}`);
  await page.getByRole('button', { name: '连接运营商' }).click();
  await expect(widgetFrame(page).getByLabel('手机号码', { exact: true })).toBeVisible();
  // The widget renders before its handshake lands; the loader only then hides its loading note and shows
  // the frame. Snapshot once the handshake and the first step's event are in, so only open() could change it.
  await expect.poll(async () => journey(await loggedEvents(page))).toEqual(['ready', 'step_shown:phone']);
  await expect(page.getByRole('dialog').getByRole('status')).toBeHidden();
  const before = await page.evaluate(() => document.body.innerHTML.replace(/<ol id="event-log"[\s\S]*<\/ol>/, ''));
  const stepEvents = async () => (await loggedEvents(page)).filter((event) => event.type !== 'resize').length;
  const eventCount = await stepEvents();
  await page.evaluate(() => (window as unknown as { carrierlinkHandle: { open(): void } }).carrierlinkHandle.open());
  await page.evaluate(() => (window as unknown as { carrierlinkHandle: { open(): void } }).carrierlinkHandle.open());
  expect(await page.evaluate(() => document.body.innerHTML.replace(/<ol id="event-log"[\s\S]*<\/ol>/, ''))).toBe(before);
  await expect(page.locator('iframe')).toHaveCount(1);
  await expect(page.getByRole('dialog')).toHaveCount(1);
  expect(await stepEvents()).toBe(eventCount);
});

test('after destroy() the host DOM, styles and focus are as before', async ({ page }) => {
  await page.goto(`${LENDER}/modal.html?phone=${PHONE}`);
  await expect(page.getByRole('button', { name: '连接运营商' })).toBeEnabled();
  // The page's own instance goes first, so only the one under test remains.
  await page.getByRole('button', { name: 'destroy()' }).click();
  await page.evaluate(() => {
    document.documentElement.style.setProperty('overflow', 'auto', 'important');
    document.body.style.setProperty('overflow-y', 'scroll');
    document.body.style.setProperty('margin', '3px');
  });
  await page.getByRole('button', { name: 'close()' }).focus();
  const snapshot = () =>
    page.evaluate(() => ({
      html: document.documentElement.getAttribute('style'),
      body: document.body.getAttribute('style'),
      markup: document.body.innerHTML,
      focused: document.activeElement?.id,
      carrierlink: typeof (window as unknown as { CarrierLink?: unknown }).CarrierLink,
    }));
  const before = await snapshot();

  await page.evaluate(async () => {
    const link = (await (
      await fetch('/link-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    ).json()) as { linkToken: string };
    const global = window as unknown as {
      CarrierLink: { create(options: object): { open(): void; destroy(): void } };
      testHandle: { open(): void; destroy(): void };
      testReady: boolean;
    };
    global.testHandle = global.CarrierLink.create({
      token: link.linkToken,
      onSuccess: () => undefined,
      onEvent: (event: { type: string }) => {
        if (event.type === 'ready') global.testReady = true;
      },
    });
    global.testHandle.open();
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { testReady?: boolean }).testReady)).toBe(true);
  expect(await page.evaluate(() => getComputedStyle(document.body).overflowY)).toBe('hidden');
  await page.evaluate(() => (window as unknown as { testHandle: { destroy(): void } }).testHandle.destroy());
  expect(await snapshot()).toEqual(before);
  // Opening a destroyed instance says so instead of doing nothing.
  const message = await page.evaluate(() => {
    try {
      (window as unknown as { testHandle: { open(): void } }).testHandle.open();
      return 'no error';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  });
  expect(message).toMatch(/destroy/i);
});

test('loading embed.js twice keeps one CarrierLink and one onSuccess', async ({ page }) => {
  await page.goto(`${LENDER}/modal.html?phone=${PHONE}`);
  await expect(page.getByRole('button', { name: '连接运营商' })).toBeEnabled();
  await page.evaluate(() => {
    const global = window as unknown as { CarrierLink: object; firstCarrierLink?: object };
    global.firstCarrierLink = global.CarrierLink;
  });
  await page.addScriptTag({ url: `${WIDGET}/embed.js` });
  expect(
    await page.evaluate(() => {
      const global = window as unknown as { CarrierLink: object; firstCarrierLink?: object };
      return global.CarrierLink === global.firstCarrierLink;
    }),
  ).toBe(true);
  await page.getByRole('button', { name: '连接运营商' }).click();
  await authorizeInFrame(widgetFrame(page));
  await expect(page.locator('#status')).toContainText('授权成功');
  expect(await counts(page)).toEqual({ success: 1, exit: 0 });
});

test('a page on an origin the link token does not name cannot frame the widget', async ({ page }) => {
  test.setTimeout(45_000);
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/frame-ancestors/.test(message.text())) blocked.push(message.text());
  });
  // Same server, other origin: its link tokens allow only http://localhost:<port>.
  await page.goto(`${OTHER_ORIGIN}/modal.html?phone=${PHONE}`);
  await page.getByRole('button', { name: '连接运营商' }).click();
  await expect.poll(() => blocked.length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(blocked[0]).toContain('frame-ancestors http://localhost');
  // The loader never hears a handshake and says so through onExit.
  await expect(page.locator('#status')).toContainText('已退出：load_failed', { timeout: 25_000 });
  const events = await loggedEvents(page);
  expect(events.some((event) => event.type === 'ready')).toBe(false);
});

test('React StrictMode host: one iframe, onSuccess exactly once', async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await page.goto(`${LENDER}/react.html?phone=${PHONE}`);
  await expect(page.locator('#status')).toHaveText('已就绪');
  await expect(page.locator('iframe')).toHaveCount(1);
  await page.getByRole('button', { name: '连接运营商' }).click();
  await authorizeInFrame(widgetFrame(page));
  await expect(page.locator('#success-count')).toHaveText('1');
  await widgetFrame(page).getByRole('button', { name: '完成' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.locator('#success-count')).toHaveText('1');
  await expect(page.locator('#exit-count')).toHaveText('0');
  await expect(page.locator('iframe')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('React <CarrierLinkButton> opens the widget in a StrictMode host', async ({ page }) => {
  await page.goto(`${LENDER}/react.html?variant=button&phone=${PHONE}`);
  await page.getByRole('button', { name: '连接运营商（按钮组件）' }).click();
  await expect(widgetFrame(page).getByLabel('手机号码', { exact: true })).toBeVisible();
  await expect(page.locator('iframe')).toHaveCount(1);
  await expect(page.getByRole('dialog')).toBeVisible();
});

test.describe('link tokens', () => {
  test('the widget page answers with frame-ancestors of the link, and a used link cannot start again', async ({ page, request }) => {
    const created = await request.post(`${WIDGET}/api/link-tokens`, {
      headers: { authorization: `Bearer ${API_KEY}` },
      data: { userId: 'e2e-applicant-1', allowedOrigins: ['https://lender.example', LENDER], phone: PHONE },
    });
    expect(created.status()).toBe(201);
    const { linkToken } = (await created.json()) as { linkToken: string };
    const shell = await request.get(`${WIDGET}/?link_token=${linkToken}`);
    expect(shell.headers()['content-security-policy']).toContain(`frame-ancestors https://lender.example ${LENDER}`);

    // Opened top level (a lender app's webview may do this): the link works without a parent page.
    await page.goto(`${WIDGET}/?link_token=${linkToken}`);
    await page.getByRole('checkbox', { name: CONSENT }).check();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();

    // Single use: the same link in a fresh page (no stored session) is refused.
    const other = await page.context().newPage();
    await other.goto(`${WIDGET}/?link_token=${linkToken}`);
    await expect(other.getByText('授权链接已使用')).toBeVisible();
    await other.close();
  });

  test('the server-to-server call needs the API key', async ({ request }) => {
    const refused = await request.post(`${WIDGET}/api/link-tokens`, {
      data: { userId: 'e2e-applicant-2', allowedOrigins: [LENDER] },
    });
    expect(refused.status()).toBe(401);
    const unknown = await request.get(`${WIDGET}/?link_token=lt_${'x'.repeat(43)}`);
    expect(unknown.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
