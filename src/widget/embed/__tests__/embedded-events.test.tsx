import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Step } from '../../../flow';
import { zhCN } from '../../i18n/zh-cn';
import { agreementText } from '../../steps/agreement-text';
import { stubFetch, type FakeAnswer, type RecordedRequest } from '../../../test-support/widget/fetch-mock';
import { CHANNEL, createFakeHost } from '../../../test-support/widget/fake-host';
import {
  errorAnswer,
  formStep,
  LENDER_ORIGIN,
  LINK_TOKEN,
  linkAnswer,
  captchaField,
  passwordField,
  smsField,
  startAnswer,
  stepAnswer,
  storeSession,
} from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';
import type { WidgetParams } from '../params';

// SHA-256 of the zh-CN agreement (title, version line, section titles and paragraphs, "\n"-joined).
// Changing the wording changes this: bump AGREEMENT_VERSION with it.
const ZH_CN_AGREEMENT_SHA256 = 'd44346209685206a0b793de1c76204e8cb7cce0f092a82ab59b838bdaa527a1f';

const loginStep = formStep([passwordField], { id: 'login', intent: 'login' });
const smsStep = formStep([smsField], { id: 'sms', intent: 'verify' });
const authorized: Step = { type: 'authorized', id: 'done', result: { sessionId: 'ses_0123456789', taskId: 'task-42' } };
const consentBox = () => screen.getByRole('checkbox', { name: '我已阅读并同意《运营商授权协议》' });

const hosts: Array<ReturnType<typeof createFakeHost>> = [];
afterEach(() => {
  for (const host of hosts.splice(0)) host.dispose();
});

/** The widget framed by a fake lender page, the link and session answered by `route`. */
async function renderEmbedded(
  route: (request: RecordedRequest) => FakeAnswer,
  options: { mode?: WidgetParams['mode']; acknowledge?: boolean; strict?: boolean } = {},
) {
  const host = createFakeHost();
  hosts.push(host);
  const { requests } = stubFetch(route);
  const params: WidgetParams = { linkToken: LINK_TOKEN, channel: CHANNEL, parentOrigin: LENDER_ORIGIN, mode: options.mode ?? 'modal' };
  const rendered = renderApp({ params, bridge: host.bridge, strict: options.strict });
  if (options.acknowledge !== false) {
    await waitFor(() => expect(host.posted()[0]?.message.type).toBe('hello'));
    host.ack();
    await waitFor(() => expect(host.events()[0]?.type).toBe('ready'));
  }
  return { ...rendered, host, requests };
}

/** `type` or `type:stepKind`, as the e2e journey reads them. */
function journey(events: Array<Record<string, unknown>>): string[] {
  return events.map((event) => {
    const data = event.data as { step?: { kind: string } | null };
    return data.step ? `${String(event.type)}:${data.step.kind}` : String(event.type);
  });
}

describe('embedded widget', () => {
  it('reports the journey in order and hands back on 完成 after success (under StrictMode, as in production)', async () => {
    const { user, host } = await renderEmbedded(
      (request) => {
        if (request.path === '/api/link') return linkAnswer({ phone: '13800138000' });
        if (request.path === '/api/sessions') return startAnswer(loginStep);
        if (request.path === '/api/session/steps/login') return stepAnswer(smsStep);
        return stepAnswer(authorized);
      },
      { strict: true },
    );
    await user.click(consentBox());
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await user.type(await screen.findByLabelText('服务密码'), '123456');
    await user.click(screen.getByRole('button', { name: '登录' }));
    await user.type(await screen.findByLabelText('短信验证码'), '246810');
    await user.click(screen.getByRole('button', { name: '确认' }));
    await user.click(await screen.findByRole('button', { name: '完成' }));

    const events = host.events();
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
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    expect(events[0]?.data).toEqual({ locale: 'zh-CN' });
    expect(events[4]?.data).toEqual({ step: { kind: 'authorize', fields: ['servicePassword'] } });
    expect(events[6]?.data).toEqual({ step: { kind: 'authorize', fields: ['smsCode'] } });
    expect(events[9]?.data).toEqual({ sessionId: 'ses_0123456789', taskId: 'task-42' });
    expect(events[10]?.data).toEqual({ reason: 'completed', step: { kind: 'authorized', fields: [] } });
    expect(host.posted().every((entry) => entry.targetOrigin === LENDER_ORIGIN)).toBe(true);
  });

  it('posts success once after a reload onto the authorized step', async () => {
    storeSession('138****8000', LINK_TOKEN);
    const { host } = await renderEmbedded((request) =>
      request.path === '/api/link' ? linkAnswer({ state: 'used' }) : stepAnswer(authorized),
    );
    expect(await screen.findByRole('heading', { name: '授权成功' })).toBeInTheDocument();
    await waitFor(() => expect(journey(host.events())).toEqual(['ready', 'step_shown:authorized', 'success']));
    expect(screen.getByRole('button', { name: '完成' })).toBeInTheDocument();
  });

  it('posts exit with the step from the modal’s close button and from Escape', async () => {
    storeSession('138****8000', LINK_TOKEN);
    const { user, host } = await renderEmbedded((request) =>
      request.path === '/api/link' ? linkAnswer({ state: 'used' }) : stepAnswer(loginStep),
    );
    await screen.findByLabelText('服务密码');
    const close = screen.getByRole('button', { name: '关闭' });
    await user.click(close);
    await user.keyboard('{Escape}');
    const exits = host.events().filter((event) => event.type === 'exit');
    expect(exits.map((event) => event.data)).toEqual([
      { reason: 'user_closed', step: { kind: 'authorize', fields: ['servicePassword'] } },
      { reason: 'user_closed', step: { kind: 'authorize', fields: ['servicePassword'] } },
    ]);
    // Keyboard users reach it like any button.
    close.focus();
    expect(close).toHaveFocus();
  });

  it('has no close button and ignores Escape inline, where the host owns the space', async () => {
    const { user, host } = await renderEmbedded(() => linkAnswer(), { mode: 'inline' });
    await user.click(await screen.findByLabelText('手机号码'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('button', { name: '关闭' })).not.toBeInTheDocument();
    expect(host.events().some((event) => event.type === 'exit')).toBe(false);
  });

  it('hashes the agreement exactly as shown and sends the hash to the server and the host', async () => {
    const { user, host, requests } = await renderEmbedded((request) =>
      request.path === '/api/link' ? linkAnswer({ phone: '13800138000' }) : startAnswer(loginStep),
    );
    await user.click(screen.getByRole('button', { name: '《运营商授权协议》' }));
    const agreement = screen.getByRole('region', { name: '运营商授权协议' });
    const shown = Array.from(
      agreement.querySelectorAll('h3, .cl-agreement__version, h4, .cl-agreement__body p'),
      (node) => node.textContent,
    );
    expect(shown.join('\n')).toBe(agreementText(zhCN));
    await user.click(within(agreement).getByRole('button', { name: '同意并继续' }));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await screen.findByLabelText('服务密码');

    const sent = requests.find((request) => request.path === '/api/sessions')?.body as {
      consent: { textHash: string; acceptedAt: string };
    };
    expect(sent.consent.textHash).toBe(ZH_CN_AGREEMENT_SHA256);
    const consent = host.events().find((event) => event.type === 'consent');
    expect(consent?.data).toEqual({ agreementVersion: '2026-11', textHash: ZH_CN_AGREEMENT_SHA256, acceptedAt: sent.consent.acceptedAt });
  });

  it('reports every error shown, and never a typed phone number, password or SMS code', async () => {
    let logins = 0;
    let codes = 0;
    const { user, host } = await renderEmbedded((request) => {
      if (request.path === '/api/link') return linkAnswer();
      if (request.path === '/api/sessions') return startAnswer(loginStep);
      if (request.path === '/api/session/steps/login') {
        return ++logins === 1
          ? errorAnswer(422, { code: 'password_incorrect', message: '密码错误', retryable: false, field: 'password' })
          : stepAnswer(smsStep);
      }
      if (++codes === 1) {
        return stepAnswer({
          ...smsStep,
          revision: 1,
          fields: [{ ...smsField, error: { code: 'sms_code_incorrect', message: '验证码错误' } }],
        });
      }
      return stepAnswer({
        type: 'failed',
        id: 'end',
        canRestart: false,
        error: { code: 'upstream_error', message: '号码13900139000暂不支持', retryable: false },
      });
    });
    await user.type(await screen.findByLabelText('手机号码'), '13900139000');
    await user.click(consentBox());
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await user.type(await screen.findByLabelText('服务密码'), '864213');
    await user.click(screen.getByRole('button', { name: '登录' }));
    await screen.findByText('服务密码错误，请重新输入');
    await user.type(screen.getByLabelText('服务密码'), '975310');
    await user.click(screen.getByRole('button', { name: '登录' }));
    await user.type(await screen.findByLabelText('短信验证码'), '4321');
    await user.click(screen.getByRole('button', { name: '确认' }));
    await screen.findByText('短信验证码错误，请重新输入');
    await user.type(screen.getByLabelText('短信验证码'), '8765');
    await user.click(screen.getByRole('button', { name: '确认' }));
    await user.click(await screen.findByRole('button', { name: '返回' }));

    const events = host.events();
    const errors = events.filter((event) => event.type === 'error').map((event) => event.data);
    expect(errors).toEqual([
      {
        step: { kind: 'authorize', fields: ['servicePassword'] },
        error: { code: 'password_incorrect', retryable: false, message: '服务密码错误，请重新输入', field: 'servicePassword' },
      },
      {
        step: { kind: 'authorize', fields: ['smsCode'] },
        error: { code: 'sms_code_incorrect', retryable: true, message: '短信验证码错误，请重新输入', field: 'smsCode' },
      },
      {
        step: { kind: 'failed', fields: [] },
        error: { code: 'upstream_error', retryable: false, message: '号码***********暂不支持' },
      },
    ]);
    expect(events.at(-1)?.data).toEqual({
      reason: 'failed',
      step: { kind: 'failed', fields: [] },
      error: { code: 'upstream_error', retryable: false, message: '号码***********暂不支持' },
    });
    const posted = JSON.stringify(host.posted());
    for (const secret of ['13900139000', '3900139', '864213', '975310', '4321', '8765', 'lt_', LINK_TOKEN]) {
      expect(posted).not.toContain(secret);
    }
  });

  it('reports a network failure of a submission as a retryable error', async () => {
    const { user, host } = await renderEmbedded((request) =>
      request.path === '/api/link' ? linkAnswer({ phone: '13800138000' }) : 'network-error',
    );
    await user.click(consentBox());
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await screen.findByText('网络连接失败，请检查网络后重试');
    expect(host.events().find((event) => event.type === 'error')?.data).toEqual({
      step: { kind: 'phone', fields: ['phone'] },
      error: { code: 'network_error', retryable: true, message: '网络连接失败，请检查网络后重试' },
    });
  });

  it('offers 返回 on a used link and on an expired session, each with its exit reason', async () => {
    const first = await renderEmbedded(() => linkAnswer({ state: 'used' }));
    await first.user.click(await screen.findByRole('button', { name: '返回' }));
    expect(journey(first.host.events())).toEqual(['ready', 'step_shown:link_error', 'error:link_error', 'exit:link_error']);
    expect(first.host.events().at(-1)?.data).toMatchObject({
      reason: 'link_invalid',
      error: { code: 'link_used', retryable: false, message: '授权链接已使用，请返回后重新发起' },
    });
    first.unmount();

    storeSession('138****8000', LINK_TOKEN);
    const second = await renderEmbedded((request) =>
      request.path === '/api/link'
        ? linkAnswer({ state: 'used' })
        : errorAnswer(401, { code: 'session_expired', message: '过期', retryable: false }),
    );
    await second.user.click(await screen.findByRole('button', { name: '返回' }));
    expect(second.host.events().at(-1)?.data).toEqual({ reason: 'session_expired', step: { kind: 'expired', fields: [] } });
  });

  it('stays silent, with no embedded controls, when the link does not allow the parent origin', async () => {
    const { host } = await renderEmbedded(() => linkAnswer({ allowedOrigins: ['https://other.example'] }), { acknowledge: false });
    expect(await screen.findByLabelText('手机号码')).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('button', { name: '关闭' })).not.toBeInTheDocument();
    expect(host.postMessage).not.toHaveBeenCalled();
  });

  it('reports the content height once per change, one measurement per frame', async () => {
    let notify: (() => void) | undefined;
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: () => void) {
          notify = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
    let height = 640.2;
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(() => DOMRect.fromRect({ width: 390, height }));
    const { host } = await renderEmbedded(() => linkAnswer(), { mode: 'inline' });
    await screen.findByLabelText('手机号码');
    const resizes = () =>
      host
        .events()
        .filter((event) => event.type === 'resize')
        .map((event) => event.data);

    notify?.();
    notify?.();
    await waitFor(() => expect(resizes()).toEqual([{ height: 641 }]));
    height = 640.9;
    notify?.();
    height = 702;
    notify?.();
    await waitFor(() => expect(resizes()).toEqual([{ height: 641 }, { height: 702 }]));
  });

  it('reports a resend and a captcha refresh with the step they happened on', async () => {
    storeSession('138****8000', LINK_TOKEN);
    const sms = formStep([{ ...smsField }, captchaField], { id: 'sms', intent: 'verify' });
    const { user, host } = await renderEmbedded((request) => {
      if (request.path === '/api/link') return linkAnswer({ state: 'used' });
      return stepAnswer({ ...sms, revision: request.method === 'POST' ? 1 : 0 });
    });
    await user.click(await screen.findByRole('button', { name: '重新获取' }));
    await waitFor(() => expect(host.events().some((event) => event.type === 'resend')).toBe(true));
    await user.click(screen.getByRole('button', { name: '刷新图片验证码' }));
    await waitFor(() => expect(host.events().some((event) => event.type === 'captcha_refresh')).toBe(true));
    const step = { kind: 'authorize', fields: ['smsCode', 'imageCaptcha'] };
    expect(
      host
        .events()
        .filter((event) => event.type === 'resend' || event.type === 'captcha_refresh')
        .map((e) => [e.type, e.data]),
    ).toEqual([
      ['resend', { step }],
      ['captcha_refresh', { step }],
    ]);
  });
});
