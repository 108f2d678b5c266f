import { expect, test, type Page } from '@playwright/test';
import {
  CAPTCHA_SEQUENCE,
  FLOW_SCENARIOS,
  SANDBOX_ID_CARD,
  SANDBOX_NAME,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
} from '../src/providers/rong360/sandbox';
import { CONSENT } from './support/browser';

// Nothing is cut off at phone widths: every placeholder fits its field, no text is clipped by its
// box, nothing sticks out sideways. On every state the widget can show (the states sheet, cells at
// 320 and 390 px, both languages) and on real pages at 200% zoom, walked with the keyboard alone.

/** What is cut off under `rootSelector` (the whole page when absent), as `where: what` lines. */
async function cutOff(page: Page, rootSelector?: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    const roots = selector ? [...document.querySelectorAll<HTMLElement>(selector)] : [document.documentElement];
    const canvas = document.createElement('canvas').getContext('2d');
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const px = (value: string) => parseFloat(value) || 0;
    for (const root of roots) {
      const where = root.closest('[data-state]')?.getAttribute('data-state') ?? 'page';
      const rootBox = root.getBoundingClientRect();
      if (root.scrollWidth > root.clientWidth + 1) found.push(`${where}: scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
      for (const el of root.querySelectorAll<HTMLElement>('*')) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const box = el.getBoundingClientRect();
        // Visually hidden text for screen readers is clipped on purpose.
        if (box.width <= 1 || box.height <= 1 || (style.position === 'absolute' && style.clip !== 'auto')) continue;
        if (box.right > rootBox.right + 1 || box.left < rootBox.left - 1) {
          found.push(
            `${where}: ${describe(el)} sticks out (${Math.round(box.left)}..${Math.round(box.right)} of ${Math.round(rootBox.left)}..${Math.round(rootBox.right)})`,
          );
        }
        // A placeholder matters while it shows (an empty field; each field has an empty state).
        if (el instanceof HTMLInputElement && el.placeholder && canvas && el.matches(':placeholder-shown')) {
          const placeholder = getComputedStyle(el, '::placeholder');
          canvas.font = `${placeholder.fontStyle} ${placeholder.fontWeight} ${placeholder.fontSize} ${placeholder.fontFamily}`;
          const spacing = px(placeholder.letterSpacing) * Math.max(0, el.placeholder.length - 1);
          const text = canvas.measureText(el.placeholder).width + spacing;
          const room = el.clientWidth - px(style.paddingLeft) - px(style.paddingRight);
          if (text > room + 1) found.push(`${where}: placeholder "${el.placeholder}" needs ${Math.ceil(text)} px, has ${Math.floor(room)}`);
          continue;
        }
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) continue;
        const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
        if (clips && el.scrollWidth > el.clientWidth + 1 && el.textContent?.trim()) {
          found.push(`${where}: ${describe(el)} clips "${el.textContent.trim().slice(0, 40)}" (${el.scrollWidth} > ${el.clientWidth})`);
        }
      }
    }
    return found;
  }, rootSelector);
}

// 195: a phone 390 px wide at 200% zoom.
for (const width of [320, 390, 195] as const) {
  for (const locale of ['zh-CN', 'en'] as const) {
    test(`every state of the widget at ${width} px (${locale}): no placeholder, label or text is cut off`, async ({ page }) => {
      test.setTimeout(90_000);
      // Below 480 px the widget's phone layout applies, as on a phone of that width.
      await page.setViewportSize({ width: width + 40, height: 900 });
      await page.goto(`/demo/states?cell=${width}${locale === 'en' ? '&locale=en' : ''}`);
      await expect(page.locator('[data-sheet-status]')).toHaveAttribute('data-sheet-status', 'ready', { timeout: 30_000 });
      const cells = page.locator('.states-cell');
      expect(await cells.count()).toBeGreaterThan(20);
      expect(await cells.first().evaluate((el) => el.getBoundingClientRect().width)).toBe(width);
      expect(await cutOff(page, '.states-cell__frame')).toEqual([]);
    });
  }
}

/** Tabs (forwards) until `selector` inside the page has the focus; the keyboard is the only input. */
async function tabTo(page: Page, name: string | RegExp, role: 'textbox' | 'checkbox' | 'button' = 'textbox'): Promise<void> {
  const target = page.getByRole(role, { name, exact: typeof name === 'string' }).first();
  for (let i = 0; i < 25 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
  // The focused control is on screen, not cut off at the side.
  const inView = await target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.left >= 0 && box.right <= document.documentElement.clientWidth + 1;
  });
  expect(inView).toBe(true);
}

/** The screen fits: no sideways scroll, nothing cut off. */
async function expectFits(page: Page, screen: string): Promise<void> {
  expect(await cutOff(page), screen).toEqual([]);
}

async function phoneStep(page: Page, phone: string): Promise<void> {
  await page.goto('/');
  await expectFits(page, 'phone step');
  await tabTo(page, '手机号码');
  await page.keyboard.type(phone);
  await tabTo(page, CONSENT, 'checkbox');
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
}

/** Types into the field named `label` (reached with Tab) and sends the step with Enter. */
async function answer(page: Page, fields: ReadonlyArray<readonly [label: string, value: string]>, screen: string): Promise<void> {
  await expect(page.getByLabel(fields[0]![0], { exact: true })).toBeVisible();
  await expectFits(page, screen);
  for (const [label, value] of fields) {
    await tabTo(page, label);
    // Replaces what a rejected attempt left in the field.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Enter');
}

const phoneOf = (flow: string) => FLOW_SCENARIOS.find((s) => s.flow === flow)!.phone;

test.describe('at 200% zoom (a phone 390 px wide shows 195 CSS px), keyboard only', () => {
  test.use({ viewport: { width: 195, height: 422 } });

  test('the phone step in English fits too', async ({ page }) => {
    await page.goto('/?locale=en');
    await expect(page.locator('form')).toBeVisible();
    await expectFits(page, 'phone step (en)');
  });

  test('password, image captcha, SMS code, 授权成功: each screen fits', async ({ page }) => {
    await phoneStep(page, phoneOf('captchaFirst'));
    await answer(page, [['服务密码', SANDBOX_PASSWORD]], 'password step');
    await expect(page.getByRole('img', { name: '图片验证码' })).toBeVisible();
    await answer(page, [['图片验证码', CAPTCHA_SEQUENCE[0]]], 'captcha step');
    await answer(page, [['短信验证码', SANDBOX_SMS_CODE]], 'SMS step with its countdown');
    await expect(page.getByRole('heading', { name: '授权成功' })).toBeVisible();
    await expectFits(page, 'authorized');
  });

  test('name and ID card, then the SMS code', async ({ page }) => {
    await phoneStep(page, phoneOf('guangxi'));
    await answer(page, [['服务密码', SANDBOX_PASSWORD]], 'password step');
    const name = page.getByLabel(/姓名$/);
    await expect(name).toBeVisible();
    const nameLabel =
      (await name.getAttribute('aria-label')) ?? (await page.locator(`label[for="${await name.getAttribute('id')}"]`).innerText());
    const idCard = page.getByLabel(/身份证号$/);
    const idLabel =
      (await idCard.getAttribute('aria-label')) ?? (await page.locator(`label[for="${await idCard.getAttribute('id')}"]`).innerText());
    await answer(
      page,
      [
        [nameLabel.trim(), SANDBOX_NAME],
        [idLabel.trim(), SANDBOX_ID_CARD],
      ],
      'identity step',
    );
    await answer(page, [['短信验证码', SANDBOX_SMS_CODE]], 'SMS step');
    await expect(page.getByRole('heading', { name: '授权成功' })).toBeVisible();
    await expectFits(page, 'authorized');
  });

  test('a field of a kind never seen before, and a wrong password with its error', async ({ page }) => {
    await phoneStep(page, phoneOf('unknownStep'));
    await answer(page, [['服务密码', '000000']], 'password step');
    await expect(page.getByLabel('服务密码', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expectFits(page, 'password rejected');
    await answer(page, [['服务密码', SANDBOX_PASSWORD]], 'password step again');
    // The unknown step: whatever it asks, one text field, then the SMS code.
    await expect(page.getByLabel('短信验证码', { exact: true }).or(page.locator('form input:not([type="hidden"])').first())).toBeVisible();
    await expectFits(page, 'unknown step');
  });
});
