import { expect, test } from '@playwright/test';
import { FLOW_SCENARIOS } from '../src/providers/rong360/sandbox';
import { CONSENT, enterPhone, failOnConsoleErrors } from './support/browser';

// The applicant's first second (the phone step served as HTML, usable before the script) and the
// ways back (更换手机号, browser Back, the language switch). Default server: Rong360 simulator.

const PLAIN = FLOW_SCENARIOS.find((s) => s.flow === 'sms')!.phone;

test.describe('before the widget script runs', () => {
  test('the phone step is in the page itself, and its form starts the session without any script', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { name: '验证手机号码' })).toBeVisible();
    const phone = page.getByLabel('手机号码', { exact: true });
    await phone.fill(PLAIN);
    // Without the consent the page answers itself, saying what is missing.
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByText('请先阅读并同意《运营商授权协议》')).toBeVisible();
    await expect(page.getByLabel('手机号码', { exact: true })).toHaveValue(PLAIN);
    await page.getByRole('checkbox', { name: CONSENT }).check();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page).toHaveURL(/[?&]handoff=ho_/);
    const handedOff = page.url();
    expect(handedOff).not.toMatch(/token=/);
    await context.close();

    // The script, once it runs, takes the session over from the one-time code.
    const live = await browser.newContext();
    const widget = await live.newPage();
    const errors = failOnConsoleErrors(widget);
    await widget.goto(handedOff);
    await expect(widget.getByLabel('服务密码', { exact: true })).toBeVisible();
    await expect(widget).not.toHaveURL(/handoff=/);
    expect(errors).toEqual([]);
    await live.close();
  });

  test('what is typed before the script arrives is kept when it takes the page over', async ({ page }) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Hold the app (the entry imports it once the page is idle) until the applicant has typed.
    await page.route(/\/assets\/start-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/', { waitUntil: 'commit' });
    const phone = page.getByLabel('手机号码', { exact: true });
    await phone.pressSequentially('1380013');
    release();
    // Hydrated: the carrier hint follows the field, which still holds the digits.
    await phone.pressSequentially('8000');
    await expect(page.getByText('中国移动', { exact: true }).first()).toBeVisible();
    await expect(phone).toHaveValue('13800138000');
  });
});

test.describe('the applicant can always go back', () => {
  test('更换手机号 cancels the session on the server and brings an empty phone step', async ({ page }) => {
    const deletes: number[] = [];
    page.on('response', (response) => {
      if (response.request().method() === 'DELETE' && response.url().endsWith('/api/session')) deletes.push(response.status());
    });
    await enterPhone(page, PLAIN);
    const password = page.getByLabel('服务密码', { exact: true });
    await expect(password).toBeVisible();
    // Focus goes to the step's first input: the first typed character is not lost.
    await expect(password).toBeFocused();
    await page.getByRole('button', { name: '更换手机号' }).click();
    await expect(page.getByLabel('手机号码', { exact: true })).toBeVisible();
    await expect(page.getByLabel('手机号码', { exact: true })).toHaveValue('');
    expect(deletes).toEqual([204]);
    // A reload does not bring the cancelled session back.
    await page.reload();
    await expect(page.getByLabel('手机号码', { exact: true })).toBeVisible();
  });

  test('browser Back returns to the phone step with the session kept; Forward continues it', async ({ page }) => {
    await enterPhone(page, PLAIN);
    await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
    await page.goBack();
    await expect(page.getByLabel('手机号码', { exact: true })).toBeVisible();
    await page.goForward();
    await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
  });
});

test.describe('language', () => {
  test.use({ locale: 'en-US' });

  test('follows an English browser, and the visible switch changes it in place keeping what was typed', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const phone = page.getByLabel('Mobile number', { exact: true });
    await phone.fill('138 0013 8000');
    await page.getByRole('link', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByLabel('手机号码', { exact: true })).toHaveValue('138 0013 8000');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.getByLabel('Mobile number', { exact: true })).toBeVisible();
  });
});
