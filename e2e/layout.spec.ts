import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  BRAND_OPTIONS,
  CAPTCHA_SEQUENCE,
  FLOW_SCENARIOS,
  SANDBOX_ID_CARD,
  SANDBOX_NAME,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
} from '../src/providers/rong360/sandbox';
import {
  SANDBOX_CONTACTS,
  SANDBOX_ID_CARD as DIANHUA_ID_CARD,
  SANDBOX_NAME as DIANHUA_NAME,
  SANDBOX_NEW_PASSWORD,
} from '../src/providers/dianhua/sandbox';
import { CONSENT } from './support/browser';
import { E2E_PORTS } from './support/ports';

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
        // A closed select shows its chosen option (or its prompt): laid out as the select lays it out
        // (its font, its width, its white-space), the whole text must fit inside its box.
        if (el instanceof HTMLSelectElement) {
          const shown = el.selectedOptions[0]?.text ?? '';
          const room = el.clientWidth - px(style.paddingLeft) - px(style.paddingRight);
          const probe = document.createElement('div');
          probe.textContent = shown;
          Object.assign(probe.style, {
            position: 'absolute',
            visibility: 'hidden',
            width: `${room}px`,
            font: style.font,
            letterSpacing: style.letterSpacing,
            lineHeight: style.lineHeight,
            whiteSpace: style.whiteSpace,
            overflowWrap: style.overflowWrap,
            wordBreak: style.wordBreak,
          });
          document.body.append(probe);
          const needs = { width: probe.scrollWidth, height: probe.scrollHeight };
          probe.remove();
          const height = el.clientHeight - px(style.paddingTop) - px(style.paddingBottom);
          if (needs.width > room + 1 || needs.height > height + 1) {
            found.push(
              `${where}: select shows "${shown}" in ${Math.floor(room)}x${Math.floor(height)} px, needs ${needs.width}x${needs.height}`,
            );
          }
          continue;
        }
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) continue;
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

/** Tabs (forwards) until the control named `name` has the focus; the keyboard is the only input. */
async function tabTo(page: Page, name: string | RegExp, role: 'textbox' | 'checkbox' | 'button' | 'combobox' = 'textbox'): Promise<void> {
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

/**
 * The error `text` is announced: shown in an alert (read out when it appears) that `input`
 * points to with aria-describedby, on an input marked invalid.
 */
async function expectAnnounced(page: Page, input: Locator, text: string | RegExp): Promise<void> {
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const alert = page.getByRole('alert').filter({ hasText: text });
  await expect(alert).toBeVisible();
  const alertId = await alert.getAttribute('id');
  expect(alertId, 'the alert has an id the input can point to').toBeTruthy();
  expect((await input.getAttribute('aria-describedby'))?.split(/\s+/)).toContain(alertId);
}

/** The step's own submit button (not a field action), reached with Tab and pressed with Enter. */
async function submitByKeyboard(page: Page): Promise<void> {
  const submit = page.locator('form button[type="submit"]:not([name])');
  await tabTo(page, (await submit.innerText()).trim(), 'button');
  await page.keyboard.press('Enter');
}

async function phoneStep(page: Page, phone: string, baseUrl = '', query = ''): Promise<void> {
  await page.goto(`${baseUrl}/${query}`);
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

// The Dianhua BFF (PROVIDER=dianhua, its built-in simulator; see playwright.config.ts) walks the
// forgotten-password recovery: contacts and a new password. Rong360's brandChoice flow asks for a select.
const DIANHUA_BFF = `http://127.0.0.1:${E2E_PORTS.dianhuaBff}`;
// Recovery: name + ID card, contacts (refused once: 30006), then a new password.
const CONTACTS_REFUSED_ONCE = '15300030006';
// The BFF's own simulator refuses a number's contacts once per server, and other specs walk this
// number too; a demo session's simulator starts every applicant afresh, so the refusal always comes.
const FRESH_APPLICANT = '?demo=dianhua';

test.describe('at 200% zoom, keyboard only: contacts, a new password and a select', () => {
  test.use({ viewport: { width: 195, height: 422 } });

  test('forgotten password: identity, contacts (one added and removed, refused once), new password, then 授权成功', async ({ page }) => {
    test.setTimeout(60_000);
    await phoneStep(page, CONTACTS_REFUSED_ONCE, DIANHUA_BFF, FRESH_APPLICANT);
    await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
    await expectFits(page, 'login step with its recovery link');
    await tabTo(page, /忘记服务密码/, 'button');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: '找回服务密码' })).toBeVisible();
    await answer(
      page,
      [
        ['机主姓名', DIANHUA_NAME],
        ['机主身份证号', DIANHUA_ID_CARD],
      ],
      'recovery: identity',
    );

    // Contacts: two rows to start with; a third is added and removed with the keyboard alone.
    const row = (n: number) => page.getByLabel(`联系人号码 ${n}`, { exact: true });
    await expect(row(1)).toBeVisible();
    await expectFits(page, 'contacts step');
    await tabTo(page, '联系人号码 1');
    await page.keyboard.type(SANDBOX_CONTACTS[0]);
    await tabTo(page, '联系人号码 2');
    await page.keyboard.type(SANDBOX_CONTACTS[1]);
    await tabTo(page, '添加号码', 'button');
    await page.keyboard.press('Enter');
    await expect(row(3)).toBeFocused();
    await page.keyboard.type(SANDBOX_CONTACTS[2]);
    await expectFits(page, 'contacts step with a third row and its remove button');
    await tabTo(page, '删除号码 3', 'button');
    await page.keyboard.press('Enter');
    await expect(row(3)).toHaveCount(0);
    await expect(row(2)).toBeFocused();
    await page.keyboard.press('Enter');
    // The carrier refuses the list once: said at the field, on every row, and read out.
    for (const n of [1, 2]) await expectAnnounced(page, row(n), /联系人/);
    await expectFits(page, 'contacts refused');
    await answer(
      page,
      [
        ['联系人号码 1', SANDBOX_CONTACTS[1]],
        ['联系人号码 2', SANDBOX_CONTACTS[0]],
      ],
      'contacts again',
    );

    // New password: a simple one is refused at the field before anything is sent.
    const newPassword = page.getByLabel('新服务密码', { exact: true });
    await expect(newPassword).toBeVisible();
    await answer(
      page,
      [
        ['新服务密码', '123456'],
        ['确认新服务密码', '123456'],
      ],
      'new password step',
    );
    await expectAnnounced(page, newPassword, '不能使用连续数字');
    await expectFits(page, 'new password refused');
    await answer(
      page,
      [
        ['新服务密码', SANDBOX_NEW_PASSWORD],
        ['确认新服务密码', SANDBOX_NEW_PASSWORD],
      ],
      'new password again',
    );

    // Back on the login step with the notice; the new password logs in.
    await expect(page.getByText('服务密码已重置').first()).toBeVisible();
    await answer(page, [['服务密码', SANDBOX_NEW_PASSWORD]], 'login step after the reset');
    await expect(page.getByRole('heading', { name: '授权成功' })).toBeVisible();
    await expectFits(page, 'authorized');
  });

  test('a select: sent empty it says so; its longest option, chosen with arrow keys, shows whole', async ({ page }) => {
    test.setTimeout(60_000);
    await phoneStep(page, phoneOf('brandChoice'));
    await answer(page, [['服务密码', SANDBOX_PASSWORD]], 'password step');
    const brand = page.getByRole('combobox', { name: '号码品牌' });
    await expect(brand).toBeVisible();
    await expectFits(page, 'select step, nothing chosen');
    await submitByKeyboard(page);
    await expectAnnounced(page, brand, /请选择/);
    await expectFits(page, 'select step, nothing chosen, with its error');
    await tabTo(page, '号码品牌', 'combobox');
    const longest = BRAND_OPTIONS.reduce((a, b) => (b.title.length > a.title.length ? b : a));
    for (let i = 0; i < BRAND_OPTIONS.length && (await brand.inputValue()) !== longest.value; i++) await page.keyboard.press('ArrowDown');
    await expect(brand).toHaveValue(longest.value);
    await expectFits(page, 'select step, the longest option chosen');
    await submitByKeyboard(page);
    await answer(page, [['短信验证码', SANDBOX_SMS_CODE]], 'SMS step');
    await expect(page.getByRole('heading', { name: '授权成功' })).toBeVisible();
    await expectFits(page, 'authorized');
  });
});
