import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Field } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { errorAnswer, formStep, passwordField, stepAnswer, storeSession, TOKEN } from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';

const expired = errorAnswer(401, { code: 'session_expired', message: '会话已过期', retryable: false });

describe('session lifecycle', () => {
  it('resumes the stored session on reload, on the step the server is on', async () => {
    storeSession();
    const { requests } = stubFetch(() => stepAnswer(formStep([passwordField], { intent: 'login' })));
    renderApp();
    expect(await screen.findByLabelText('服务密码')).toBeInTheDocument();
    expect(requests).toEqual([expect.objectContaining({ method: 'GET', path: '/api/session', authorization: `Bearer ${TOKEN}` })]);
    expect(screen.getByRole('banner')).toHaveTextContent('138****8000');
  });

  it('shows the expired screen when the stored session is gone, and 重新开始 returns to the phone step', async () => {
    storeSession();
    stubFetch(() => expired);
    const { user } = renderApp();
    expect(await screen.findByRole('heading', { name: '会话已过期' })).toBeInTheDocument();
    expect(window.sessionStorage.getItem('carrierlink.session')).toBeNull();

    await user.click(screen.getByRole('button', { name: '重新开始' }));
    expect(await screen.findByLabelText('手机号码')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '我已阅读并同意《运营商授权协议》' })).not.toBeChecked();
  });

  it('shows the expired screen when a submit answers 401', async () => {
    storeSession();
    stubFetch((request) => (request.method === 'GET' ? stepAnswer(formStep([passwordField], { intent: 'login' })) : expired));
    const { user } = renderApp();
    await user.type(await screen.findByLabelText('服务密码'), '123456');
    await user.click(screen.getByRole('button', { name: '登录' }));
    const heading = await screen.findByRole('heading', { name: '会话已过期' });
    await waitFor(() => expect(heading).toHaveFocus());
  });

  it('offers to try again when the session cannot be loaded', async () => {
    storeSession();
    let calls = 0;
    stubFetch(() => (++calls === 1 ? 'network-error' : stepAnswer(formStep([passwordField]))));
    const { user } = renderApp();
    expect(await screen.findByRole('alert')).toHaveTextContent('网络连接失败，请检查网络后重试');
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByLabelText('服务密码')).toBeInTheDocument();
  });

  it('keeps a running SMS countdown across a reload, on the server clock', async () => {
    // Only Date is faked (timers stay real for the async lookups): the device runs 5 minutes fast.
    const serverNow = Date.parse('2026-11-20T08:00:00.000Z');
    vi.useFakeTimers({ toFake: ['Date'], now: serverNow + 300_000 });
    const sms: Field = {
      kind: 'smsCode',
      id: 'sms',
      required: true,
      resend: { sent: true, allowedAt: new Date(serverNow + 45_000).toISOString() },
    };
    storeSession();
    stubFetch(() => stepAnswer(formStep([sms], { intent: 'verify' }), new Date(serverNow).toISOString()));
    renderApp();
    expect(await screen.findByRole('button', { name: '45秒后重新获取' })).toBeDisabled();
  });

  it('does not take focus on the first screen of a fresh page', () => {
    renderApp();
    expect(screen.getByRole('heading', { name: '验证手机号码' })).not.toHaveFocus();
  });
});
