import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { FLOW_SCENARIOS } from '../src/providers/rong360/sandbox';
import { E2E_PORTS } from './support/ports';
import { enterPhone, enterSmsCode, expectAuthorized, login } from './support/browser';

// axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every screen an applicant meets, the designers'
// states sheet (every state the widget can show, both languages) and the widget embedded in the
// example lender page. Every run must find nothing. What axe cannot judge: docs/accessibility.md.

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PLAIN = FLOW_SCENARIOS.find((s) => s.flow === 'sms')!.phone;
const LENDER = `http://localhost:${E2E_PORTS.exampleLender}`;

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, screen).toEqual([]);
}

test.describe('axe finds nothing', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    test(`on the phone step, its errors and its agreement (${locale})`, async ({ page }) => {
      await page.goto(locale === 'en' ? '/?locale=en' : '/');
      await expect(page.locator('form')).toBeVisible();
      await expectNoViolations(page, 'phone step');
      await page.locator('form button[type="submit"]:not([name])').click();
      await expect(page.getByRole('alert').first()).toBeVisible();
      await expectNoViolations(page, 'phone step with errors');
      await page.locator('button[name="agreement"][value="open"]').click();
      await expect(page.getByRole('button', { name: locale === 'en' ? /agree/i : /同意/ }).last()).toBeVisible();
      await expectNoViolations(page, 'agreement open');
    });
  }

  test('on every step of a flow: password, its error, SMS code, authorized', async ({ page }) => {
    await enterPhone(page, PLAIN);
    await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
    await expectNoViolations(page, 'password step');
    await login(page, '000000');
    await expect(page.getByLabel('服务密码', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page, 'password rejected');
    await login(page);
    await expect(page.getByLabel('短信验证码', { exact: true })).toBeVisible();
    await expectNoViolations(page, 'SMS step with its countdown');
    await enterSmsCode(page);
    await expectAuthorized(page);
    await expectNoViolations(page, 'authorized');
  });

  for (const locale of ['zh-CN', 'en'] as const) {
    test(`on the states sheet: every state the widget can show (${locale})`, async ({ page }) => {
      test.setTimeout(60_000);
      await page.goto(`/demo/states${locale === 'en' ? '?locale=en' : ''}`);
      await expect(page.locator('[data-sheet-status]')).toHaveAttribute('data-sheet-status', 'ready', { timeout: 20_000 });
      await expectNoViolations(page, `states sheet ${locale}`);
    });
  }

  test('on the designers’ gallery', async ({ page }) => {
    await page.goto('/demo');
    await page.waitForLoadState('networkidle');
    await expectNoViolations(page, 'gallery');
  });

  test('on the example lender page with the widget open in its dialog', async ({ page }) => {
    await page.goto(`${LENDER}/modal.html?phone=${PLAIN}`);
    const connect = page.getByRole('button', { name: '连接运营商' });
    await expect(connect).toBeEnabled();
    await connect.click();
    const frame = page.frameLocator('iframe[src*="link_token="]');
    await expect(frame.getByRole('checkbox').first()).toBeVisible();
    await expectNoViolations(page, 'lender page with the widget');
  });
});

test.describe('keyboard and zoom', () => {
  test('at 200% zoom (a 195 px wide layout) the phone step neither scrolls sideways nor cuts its placeholders', async ({ page }) => {
    await page.setViewportSize({ width: 195, height: 422 });
    await page.goto('/');
    await expect(page.locator('form')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoViolations(page, 'phone step at 200%');
  });

  test('respects prefers-reduced-motion: nothing animates', async ({ browser }) => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('form')).toBeVisible();
    const moving = await page.evaluate(() =>
      [...document.querySelectorAll('*')]
        .filter((el) => {
          const style = getComputedStyle(el);
          const long = (value: string) => value.split(',').some((part) => parseFloat(part) > 0.01);
          return (style.animationName !== 'none' && long(style.animationDuration)) || long(style.transitionDuration);
        })
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
    );
    expect(moving).toEqual([]);
    await context.close();
  });
});
