import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiError, Field, FieldKind, FieldOf, Step } from '../../flow';
import { DOM_HOOKS, domSelectors, type DomScreen } from '../dom-hooks';
import { stubFetch } from '../../test-support/widget/fetch-mock';
import {
  captchaField,
  contactsField,
  errorAnswer,
  formStep,
  LINK_TOKEN,
  newPasswordField,
  passwordField,
  recoveryStep,
  smsField,
  startAnswer,
  stepAnswer,
  storeSession,
} from '../../test-support/widget/fixtures';
import { renderApp, renderFormStep } from '../../test-support/widget/render';

const phoneField: FieldOf<'phone'> = { kind: 'phone', id: 'mobile', required: true, value: '13800138000', locked: true };
const nameField: FieldOf<'name'> = { kind: 'name', id: 'realName', required: true };
const idCardField: FieldOf<'idCard'> = { kind: 'idCard', id: 'idNo', required: true };
const selectField: FieldOf<'select'> = {
  kind: 'select',
  id: 'plan',
  required: true,
  options: [
    { label: '套餐 A', value: 'a' },
    { label: '套餐 B', value: 'b' },
  ],
};
const textField: FieldOf<'text'> = { kind: 'text', id: 'extra', label: '附加信息', required: true };

/** One field of every kind, keyed by kind so a new kind fails to compile until it is listed here. */
const EVERY_KIND: { [K in FieldKind]: FieldOf<K> } = {
  phone: phoneField,
  servicePassword: { ...passwordField, recovery: 'inline' },
  imageCaptcha: captchaField,
  smsCode: smsField,
  name: nameField,
  idCard: idCardField,
  select: selectField,
  contacts: contactsField,
  newPassword: newPasswordField,
  text: textField,
};
const everyField: Field[] = Object.values(EVERY_KIND);
/** Inputs each kind's wrapper holds: contacts starts with `min` rows, newPassword has its confirmation. */
const INPUTS: Record<FieldKind, number> = {
  phone: 1,
  servicePassword: 1,
  imageCaptcha: 1,
  smsCode: 1,
  name: 1,
  idCard: 1,
  select: 1,
  contacts: contactsField.min,
  newPassword: 2,
  text: 1,
};

const failedStep = (canRestart: boolean): Step => ({
  type: 'failed',
  id: 'failed-1',
  canRestart,
  error: { code: 'upstream_error', message: '运营商系统繁忙', retryable: true },
});
const unavailable: ApiError = { code: 'upstream_unavailable', message: '服务暂不可用', retryable: true };

function screenRoot(): HTMLElement {
  const roots = document.querySelectorAll<HTMLElement>(domSelectors.screen());
  expect(roots).toHaveLength(1);
  const [root] = roots;
  if (!root) throw new Error('no screen root');
  // In the whole widget the root sits directly inside <main> (renderFormStep renders no frame).
  if (document.querySelector('main')) expect(root.parentElement?.tagName).toBe('MAIN');
  return root;
}

async function expectScreen(name: DomScreen): Promise<HTMLElement> {
  await waitFor(() => expect(document.querySelector(domSelectors.screen(name))).not.toBeNull());
  const root = screenRoot();
  expect(root).toHaveAttribute(DOM_HOOKS.screen, name);
  return root;
}

describe('DOM hooks for automation', () => {
  it('mark the phone step: its screen, the number field, the consent box and the submit button', async () => {
    stubFetch(() => startAnswer(formStep([passwordField])));
    renderApp();
    const root = await expectScreen('phone');
    const field = root.querySelector<HTMLElement>(domSelectors.field('phone', 'phone'));
    expect(field).not.toBeNull();
    expect(within(field ?? root).getByRole('textbox')).toBe(screen.getByLabelText('手机号码'));
    expect(root.querySelector(domSelectors.consent)).toBe(screen.getByRole('checkbox'));
    expect(root.querySelector(domSelectors.submit)).toBe(screen.getByRole('button', { name: '下一步' }));
  });

  it('put a request error of the phone step on [data-step-error]', async () => {
    stubFetch(() => errorAnswer(503, unavailable));
    const { user } = renderApp();
    await user.type(screen.getByLabelText('手机号码'), '13800138000');
    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute(DOM_HOOKS.stepError);
    expect(document.querySelectorAll(domSelectors.stepError)).toHaveLength(1);
  });

  it('mark a form screen with its step id, revision and purpose', async () => {
    renderFormStep(formStep([passwordField], { id: 'login-7', revision: 3 }));
    const root = await expectScreen('form');
    expect(root).toHaveAttribute(DOM_HOOKS.stepId, 'login-7');
    expect(root).toHaveAttribute(DOM_HOOKS.stepRevision, '3');
    expect(root).toHaveAttribute(DOM_HOOKS.stepPurpose, 'authorize');
  });

  it('mark the password recovery steps and their cancel button', async () => {
    renderFormStep(recoveryStep([newPasswordField]));
    const root = await expectScreen('form');
    expect(root).toHaveAttribute(DOM_HOOKS.stepPurpose, 'recoverPassword');
    expect(root.querySelector(domSelectors.stepAction('cancel'))).toBe(screen.getByRole('button', { name: '返回登录' }));
  });

  it('wrap every field kind with its kind and id, holding its inputs in order', async () => {
    renderFormStep(formStep(everyField), { phone: '13800138000', carrier: 'chinaMobile' });
    const root = await expectScreen('form');
    const wrappers = root.querySelectorAll<HTMLElement>(`[${DOM_HOOKS.fieldKind}]`);
    expect([...wrappers].map((wrapper) => wrapper.getAttribute(DOM_HOOKS.fieldKind))).toEqual(everyField.map((field) => field.kind));
    for (const field of everyField) {
      const wrapper = root.querySelector<HTMLElement>(domSelectors.field(field.kind, field.id));
      expect(wrapper, field.kind).not.toBeNull();
      const inputs = wrapper?.querySelectorAll(field.kind === 'select' ? 'select' : 'input') ?? [];
      expect(inputs, field.kind).toHaveLength(INPUTS[field.kind]);
    }
    const [password, confirmation] = root.querySelectorAll(`${domSelectors.field('newPassword')} input`);
    expect(password).toBe(screen.getByLabelText('新服务密码'));
    expect(confirmation).toBe(screen.getByLabelText('确认新服务密码'));
  });

  it('put each field error inside its field wrapper and the step error on [data-step-error]', async () => {
    const withErrors = everyField.map((field) =>
      field.kind === 'phone' ? field : { ...field, error: { code: 'field_invalid', message: `${field.kind} 有误` } },
    );
    renderFormStep(formStep(withErrors, { error: { code: 'upstream_error', message: '请稍后再试' } }), { phone: '13800138000' });
    const root = await expectScreen('form');
    for (const field of withErrors) {
      if (field.kind === 'phone') continue;
      const wrapper = root.querySelector<HTMLElement>(domSelectors.field(field.kind, field.id));
      await waitFor(() => expect(wrapper?.querySelector('[role="alert"]'), field.kind).not.toBeNull());
    }
    const stepErrors = root.querySelectorAll(domSelectors.stepError);
    expect(stepErrors).toHaveLength(1);
    expect(stepErrors[0]).toHaveAttribute('role', 'alert');
    expect(stepErrors[0]?.closest(`[${DOM_HOOKS.fieldKind}]`)).toBeNull();
  });

  it('mark the refresh, resend and recover buttons inside their fields', async () => {
    renderFormStep(formStep(everyField), { phone: '13800138000' });
    await expectScreen('form');
    const expected = [
      ['refresh', 'imageCaptcha'],
      ['resend', 'smsCode'],
      ['recover', 'servicePassword'],
    ] as const;
    for (const [action, kind] of expected) {
      const button = document.querySelector(domSelectors.fieldAction(action));
      expect(button?.tagName, action).toBe('BUTTON');
      expect(button?.closest(`[${DOM_HOOKS.fieldKind}]`)).toHaveAttribute(DOM_HOOKS.fieldKind, kind);
    }
    expect(document.querySelector(domSelectors.stepAction('cancel'))).toBeNull();
  });

  it('mark the authorized screen', async () => {
    storeSession();
    stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    renderApp();
    await expectScreen('authorized');
  });

  it('mark the failed screen, its restart button and a failed restart', async () => {
    storeSession();
    stubFetch((request) => (request.method === 'GET' ? stepAnswer(failedStep(true)) : errorAnswer(503, unavailable)));
    const { user } = renderApp();
    const root = await expectScreen('failed');
    const restart = root.querySelector<HTMLElement>(domSelectors.stepAction('restart'));
    expect(restart).toBe(screen.getByRole('button', { name: '重新开始' }));
    if (restart) await user.click(restart);
    await waitFor(() => expect(root.querySelector(domSelectors.stepError)).toHaveAttribute('role', 'alert'));
  });

  it('offer no restart hook when the failure cannot be restarted', async () => {
    storeSession();
    stubFetch(() => stepAnswer(failedStep(false)));
    renderApp();
    const root = await expectScreen('failed');
    expect(root.querySelector(domSelectors.stepAction('restart'))).toBeNull();
  });

  it('mark the expired screen', async () => {
    storeSession();
    stubFetch(() => errorAnswer(401, { code: 'session_expired', message: '会话已过期', retryable: false }));
    renderApp();
    await expectScreen('expired');
  });

  it('mark the loading screen, then the load error with its alert', async () => {
    storeSession();
    let answer: (() => void) | undefined;
    stubFetch(() => new Promise<'network-error'>((resolve) => (answer = () => resolve('network-error'))));
    renderApp();
    await expectScreen('loading');
    await waitFor(() => expect(answer).toBeDefined());
    answer?.();
    const root = await expectScreen('load_error');
    expect(root.querySelector(domSelectors.stepError)).toHaveAttribute('role', 'alert');
  });

  it('mark the link error screen', async () => {
    stubFetch(() => errorAnswer(410, { code: 'link_used', message: '链接已使用', retryable: false }));
    renderApp({ params: { linkToken: LINK_TOKEN, mode: 'modal' } });
    await expectScreen('link_error');
  });
});
