import { expect, test, type Page } from '@playwright/test';
import { SCENARIOS } from '../src/demo/scenarios';

// The designers' gallery (/demo) and states sheet (/demo/states) on the default server (Rong360
// configured; demo sessions of either vendor run on built-in simulators). See README "Demo mode".

/** Console errors and uncaught exceptions of the page and its frames. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const autoplayState = (page: Page) => page.locator('[data-autoplay]').first();

/** The gallery's widget frame. */
const widget = (page: Page) => page.frameLocator('iframe[src^="/?"], iframe[src*="/?demo="]').first();

test.describe('every scenario in the gallery autoplays to its expected end', () => {
  for (const scenario of SCENARIOS) {
    test(`${scenario.id}: ${scenario.summaryEn}`, async ({ page }) => {
      // Resend countdowns are waited out (10 s here) and timeouts take the demo's 5 s upstream budget.
      test.setTimeout(60_000);
      const errors = collectErrors(page);
      await page.goto(`/demo?scenario=${scenario.id}&autoplay=1&speed=4`);
      await expect(autoplayState(page)).toHaveAttribute('data-autoplay', /^(passed|failed)$/, { timeout: 50_000 });
      const status = await page.getByRole('status').first().textContent();
      expect(await autoplayState(page).getAttribute('data-autoplay'), status ?? '').toBe('passed');
      // Refused answers the scenario is about (4xx of our own API) are not page errors; anything else is.
      expect(errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
    });
  }
});

test('a copied URL reproduces the same scenario, step and controls', async ({ page, context }) => {
  const scenario = SCENARIOS.find((entry) => entry.id === 'rong360-flow-sms-captcha') ?? SCENARIOS[0]!;
  await page.goto('/demo');
  await page.getByRole('searchbox').fill(scenario.phone);
  await page.locator(`[data-scenario="${scenario.id}"]`).first().click();
  await page.getByRole('combobox', { name: /语言|Language/ }).selectOption('en');
  await page.getByRole('combobox', { name: /主题|Theme/ }).selectOption('dark');
  await page.getByRole('combobox', { name: /视口|Viewport/ }).selectOption('tablet');
  await page.locator('[data-step="1"]').click();
  await expect(autoplayState(page)).toHaveAttribute('data-autoplay', 'stopped', { timeout: 30_000 });
  const url = page.url();
  expect(url).toContain(`scenario=${scenario.id}`);
  expect(url).toContain('locale=en');
  expect(url).toContain('theme=dark');
  expect(url).toContain('viewport=tablet');
  expect(url).toContain('step=1');
  const shownStep = await widget(page).locator('[data-screen]').first().getAttribute('data-screen');
  const shownFields = await widget(page)
    .locator('[data-field-kind]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-field-kind')));

  const copy = await context.newPage();
  await copy.goto(url);
  await expect(copy.getByRole('combobox', { name: /Language/ })).toHaveValue('en');
  await expect(copy.getByRole('combobox', { name: /Theme/ })).toHaveValue('dark');
  await expect(copy.getByRole('combobox', { name: /Viewport/ })).toHaveValue('tablet');
  await expect(autoplayState(copy)).toHaveAttribute('data-autoplay', 'stopped', { timeout: 30_000 });
  await expect(widget(copy).locator('[data-screen]').first()).toHaveAttribute('data-screen', shownStep ?? 'form');
  expect(
    await widget(copy)
      .locator('[data-field-kind]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-field-kind'))),
  ).toEqual(shownFields);
  // The widget in the copy is in English and dark, like the original.
  await expect(widget(copy).locator('html')).toHaveAttribute('lang', 'en');
  await expect(widget(copy).locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(copy.url()).toBe(url);
});

for (const pick of ['recovery', 'recovery error'] as const) {
  test(`a ${pick} scenario can be replayed (each demo session finds its number fresh)`, async ({ page }) => {
    test.setTimeout(60_000);
    // The error one fails at the contacts step, is corrected, and recovers the password: the second run
    // needs both the sandbox password and the one-shot error back.
    const scenario =
      pick === 'recovery'
        ? SCENARIOS.find((entry) => entry.group === 'dianhua-recovery' && entry.expect.ending === 'authorized')
        : SCENARIOS.find((entry) => entry.id === 'dianhua-error-30006');
    expect(scenario, pick).toBeDefined();
    for (let run = 0; run < 2; run++) {
      await page.goto(`/demo?scenario=${scenario?.id}&autoplay=1&speed=4`);
      await expect(autoplayState(page)).toHaveAttribute('data-autoplay', /^(passed|failed)$/, { timeout: 25_000 });
      const status = await page.getByRole('status').first().textContent();
      expect(await autoplayState(page).getAttribute('data-autoplay'), `run ${run + 1}: ${status ?? ''}`).toBe('passed');
    }
  });
}

test('the outage scenario shows the phone step notice from a simulated outage, announced; a plain demo page has none', async ({ page }) => {
  const scenario = SCENARIOS.find((entry) => entry.group === 'outage');
  expect(scenario?.outage).toBe(true);
  const notice = page.locator('.cl-outage');
  await page.goto('/?demo=rong360');
  await page.getByLabel('手机号码', { exact: true }).fill(scenario?.phone ?? '');
  await expect(notice).toHaveRole('status');
  await expect(notice).toHaveAttribute('data-cl-outage', 'off');
  await expect(notice).toHaveText('');
  // The gallery's widget page for the scenario: the notice under the number, no real failures behind it.
  await page.goto('/demo?scenario=outage-notice');
  const frame = widget(page);
  await frame.getByLabel('手机号码', { exact: true }).fill(scenario?.phone ?? '');
  const framed = frame.locator('.cl-outage');
  await expect(framed).toHaveRole('status');
  await expect(framed).toHaveText('该地区运营商系统繁忙，可能需要多试一次');
  // Lenders' answers never carry the simulation.
  expect((await page.request.get('/api/outages?simulate=outage')).status()).toBe(400);
});

test('search narrows the gallery by code, number or words', async ({ page }) => {
  await page.goto('/demo');
  await expect(page.locator('[data-scenario]')).toHaveCount(SCENARIOS.length);
  await page.getByRole('searchbox').fill('506018');
  await expect(page.locator('[data-scenario]')).toHaveCount(SCENARIOS.filter((entry) => entry.upstreamCode === '506018').length);
  expect(page.url()).toContain('q=506018');
});

for (const locale of ['zh-CN', 'en'] as const) {
  test(`the states sheet renders every state at phone width in ${locale}`, async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/demo/states${locale === 'en' ? '?locale=en' : ''}`);
    await expect(page.locator('[data-sheet-status]')).toHaveAttribute('data-sheet-status', 'ready', { timeout: 20_000 });
    const cells = page.locator('[data-state]');
    expect(await cells.count()).toBeGreaterThanOrEqual(20);
    await expect(page.locator('[data-state-status="failed"]')).toHaveCount(0);
    for (const state of ['countdown', 'submitting', 'expired']) {
      expect(await page.locator(`[data-state*="${state}"]`).count(), state).toBeGreaterThan(0);
    }
    // Screenshots are test artifacts (test-results/), never committed.
    const path = testInfo.outputPath(`states-${locale}.png`);
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach(`states-${locale}`, { path, contentType: 'image/png' });
    expect(errors).toEqual([]);
  });
}

for (const [locale, copy] of [
  [
    'zh-CN',
    {
      intro: /借款机构请求更新您此前授权的运营商数据/,
      consent: /我同意本次数据更新，再次授权/,
      locked: '您上次授权的号码，本次更新不可更换',
    },
  ],
  [
    'en',
    {
      intro: /asks to refresh the carrier data you authorized before/,
      consent: /I agree to this data update, authorize again/,
      locked: 'The number you authorized last time',
    },
  ],
] as const) {
  test(`an update scenario shows the update intro, the masked locked number and the consent again, then succeeds, in ${locale}`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const errors = collectErrors(page);
    const scenario = SCENARIOS.find((entry) => entry.id === 'update-rong360')!;
    const masked = `${scenario.phone.slice(0, 3)}****${scenario.phone.slice(-4)}`;
    await page.goto(`/demo?scenario=${scenario.id}&locale=${locale}`);
    const frame = widget(page);
    const phone = frame.locator('input[type="tel"]').first();
    await expect(phone).toHaveValue(masked);
    await expect(phone).toHaveAttribute('readonly', '');
    await expect(frame.getByText(copy.intro)).toBeVisible();
    await expect(frame.getByText(copy.locked)).toBeVisible();
    await expect(frame.getByRole('checkbox', { name: copy.consent })).not.toBeChecked();
    // The page holds the number masked only.
    expect(await frame.locator('body').innerHTML()).not.toContain(scenario.phone);
    await page.goto(`/demo?scenario=${scenario.id}&locale=${locale}&autoplay=1&speed=4`);
    await expect(autoplayState(page)).toHaveAttribute('data-autoplay', /^(passed|failed)$/, { timeout: 50_000 });
    expect(await autoplayState(page).getAttribute('data-autoplay')).toBe('passed');
    expect(await widget(page).locator('body').innerHTML()).not.toContain(scenario.phone);
    expect(errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
  });
}
