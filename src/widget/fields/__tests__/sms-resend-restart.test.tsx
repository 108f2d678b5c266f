import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Field } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { errorAnswer, formStep, passwordField, stepAnswer, TOKEN } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const sms: Field = { kind: 'smsCode', id: 'sms', required: true, resend: { sent: true, allowedAt: at(60), via: 'restart' } };
const NOTE = '将重新开始授权以获取新的验证码';

describe('SMS code obtained again through a restart', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits out the countdown, then offers 重新获取 with a note that the authorization starts again', () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    renderFormStep(formStep([sms], { intent: 'verify' }));
    const button = screen.getByRole('button', { name: '60秒后重新获取' });
    expect(button).toBeDisabled();
    expect(screen.queryByText(NOTE)).not.toBeInTheDocument();

    act(() => vi.advanceTimersByTime(60_000));
    expect(button).toHaveTextContent('重新获取');
    expect(button).toBeEnabled();
    expect(button).toHaveAccessibleDescription(NOTE);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('starts again through POST /api/session/restart, never the resend action, and shows the step it returns', async () => {
    const { requests } = stubFetch(() => stepAnswer(formStep([passwordField], { id: 'login-2', intent: 'login' })));
    const { user } = renderFormStep(formStep([{ ...sms, resend: { sent: true, allowedAt: null, via: 'restart' } }], { intent: 'verify' }), {
      fakeTimers: true,
    });
    const button = screen.getByRole('button', { name: '重新获取' });
    await user.click(button);
    await user.click(button);

    expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
    expect(requests).toEqual([{ method: 'POST', path: '/api/session/restart', authorization: `Bearer ${TOKEN}`, body: undefined }]);
  });

  it('shows at the SMS field a restart the server refuses', async () => {
    stubFetch(() => errorAnswer(429, { code: 'action_too_early', message: '太快', retryable: true }));
    const { user } = renderFormStep(formStep([{ ...sms, resend: { sent: true, allowedAt: null, via: 'restart' } }]), {
      fakeTimers: true,
    });
    await user.click(screen.getByRole('button', { name: '重新获取' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('操作过于频繁，请稍后再试');
    expect(screen.getByLabelText('短信验证码')).toHaveAttribute('aria-invalid', 'true');
  });
});
