import { expect, type Locator, type Page } from '@playwright/test';
import { CONSENT, submitButton } from './browser';

/** What a sandbox applicant answers, by the label of what is asked. */
export interface SandboxAnswers {
  /** The service password; a completed recovery replaces it with the new one. */
  password: string;
  /** The last new password typed during a recovery, until the recovery is known to have succeeded. */
  pendingPassword?: string;
  smsCode: string;
  loginCode: string;
  name: string;
  idCard: string;
  newPassword: string;
  /** The new password where the carrier asks for 8 digits. */
  newPassword8: string;
  contacts: readonly string[];
  /** Reads the captcha picture (a data URI) as a person would. */
  captcha(image: string): string;
}

export type Ending = 'authorized' | 'failed';

async function visible(locator: Locator): Promise<boolean> {
  return (await locator.count()) > 0 && (await locator.first().isVisible());
}

/** Fills every field of the step on screen with the sandbox answer for its label. */
export async function fillStep(page: Page, answers: SandboxAnswers): Promise<void> {
  const byLabel = (label: string) => page.getByLabel(label, { exact: true });
  if (await visible(byLabel('服务密码'))) await byLabel('服务密码').fill(answers.password);
  // Upstreams may title these "机主姓名" / "机主身份证号".
  const name = page.getByLabel(/姓名$/);
  const idCard = page.getByLabel(/身份证号$/);
  if (await visible(name)) await name.fill(answers.name);
  if (await visible(idCard)) await idCard.fill(answers.idCard);
  if (await visible(byLabel('短信验证码'))) await byLabel('短信验证码').fill(answers.smsCode);
  if (await visible(byLabel('登录短信验证码'))) await byLabel('登录短信验证码').fill(answers.loginCode);
  if (await visible(byLabel('新服务密码'))) {
    const eight = (await byLabel('新服务密码').getAttribute('maxlength')) === '8';
    const value = eight ? answers.newPassword8 : answers.newPassword;
    await byLabel('新服务密码').fill(value);
    await byLabel('确认新服务密码').fill(value);
    answers.pendingPassword = value;
  }
  // After a refusal a person edits the list rather than sending the same one again.
  const contacts =
    (await visible(byLabel('联系人号码 1'))) && (await byLabel('联系人号码 1').inputValue()) === answers.contacts[0]
      ? [...answers.contacts].reverse()
      : answers.contacts;
  for (let i = 1; i <= contacts.length; i++) {
    if (!(await visible(byLabel(`联系人号码 ${i}`))) && (await visible(page.getByRole('button', { name: '添加号码' })))) {
      await page.getByRole('button', { name: '添加号码' }).click();
    }
    if (await visible(byLabel(`联系人号码 ${i}`))) await byLabel(`联系人号码 ${i}`).fill(contacts[i - 1]!);
  }
  // A list to choose from: its first option, unless something is chosen already.
  for (const select of await page.locator('form select').all()) {
    if ((await select.isVisible()) && (await select.inputValue()) === '') {
      const first = await select.locator('option:not([disabled])').first().getAttribute('value');
      if (first) await select.selectOption(first);
    }
  }
  const image = page.getByRole('img', { name: '图片验证码' });
  if (await visible(image)) {
    await byLabel('图片验证码').fill(answers.captcha((await image.getAttribute('src')) ?? ''));
  }
}

/** The phone step, as a user fills it. */
export async function startWith(page: Page, baseUrl: string, phone: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('手机号码', { exact: true }).fill(phone);
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  // The phone step gives way to the first upstream step (or to the end, if the flow could not start).
  await expect(page.getByLabel('手机号码', { exact: true })).toHaveCount(0, { timeout: 10_000 });
}

/** Submits the step on screen and waits for the server's answer to be rendered. */
export async function submitStep(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/session/'));
  await submitButton(page).click();
  await answered;
  // The answer is rendered once the form is no longer busy (or gone, for a terminal screen).
  await expect(page.locator('form[aria-busy="true"]')).toHaveCount(0);
}

export interface Walk {
  ending: Ending;
  /** Error messages shown on the way (field or step alerts). */
  alerts: string[];
}

/**
 * Answers step after step until the flow ends (or, with `until`, until that holds on a step);
 * returns how it ended and the errors shown on the way.
 */
export async function walk(
  page: Page,
  answers: SandboxAnswers,
  options: { maxSteps?: number; until?: () => Promise<boolean> } = {},
): Promise<Walk & { stopped: boolean }> {
  const authorized = page.getByRole('heading', { name: '授权成功' });
  const failed = page.getByRole('heading', { name: '授权未完成' });
  const alerts: string[] = [];
  for (let i = 0; i < (options.maxSteps ?? 10); i++) {
    await expect(authorized.or(failed).or(submitButton(page))).toBeVisible();
    if (await visible(authorized)) return { ending: 'authorized', alerts, stopped: false };
    if (await visible(failed)) return { ending: 'failed', alerts, stopped: false };
    if (options.until && (await options.until())) return { ending: 'authorized', alerts, stopped: true };
    await fillStep(page, answers);
    await submitStep(page);
    for (const alert of await page.getByRole('alert').allInnerTexts()) if (alert.trim()) alerts.push(alert.trim());
  }
  throw new Error('the flow did not end within the step limit');
}

/** Walks to the end of the flow. */
export async function walkToEnd(page: Page, answers: SandboxAnswers): Promise<Walk> {
  const { ending, alerts } = await walk(page, answers);
  return { ending, alerts };
}
