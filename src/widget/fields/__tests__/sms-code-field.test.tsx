import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Field } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, stepAnswer } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const sms = (resend: Extract<Field, { kind: 'smsCode' }>['resend']): Field => ({ kind: 'smsCode', id: 'sms', required: true, resend });
const liveRegion = () => document.querySelector('.cl-field [aria-live="polite"]');

/** Lets promise callbacks and TanStack Query's setTimeout(0) notifications run under fake timers. */
const flush = () => act(() => vi.advanceTimersByTimeAsync(0));

describe('SMS code field', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a numeric one-time-code input', () => {
    renderFormStep(formStep([sms(undefined)]));
    const input = screen.getByLabelText('短信验证码');
    expect(input).toHaveAttribute('autocomplete', 'one-time-code');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(screen.queryByRole('button', { name: /获取/ })).not.toBeInTheDocument();
  });

  it('counts down to the server allowedAt, then offers 重新获取', () => {
    renderFormStep(formStep([sms({ sent: true, allowedAt: at(60) })]));
    const button = screen.getByRole('button', { name: '60秒后重新获取' });
    expect(button).toBeDisabled();
    expect(liveRegion()).toHaveTextContent('验证码已发送，60秒后可重新获取');

    act(() => vi.advanceTimersByTime(1000));
    expect(button).toHaveTextContent('59秒后重新获取');
    expect(button).toBeDisabled();
    // The live region speaks at the start and the end, not on every tick.
    expect(liveRegion()).toHaveTextContent('验证码已发送，60秒后可重新获取');

    act(() => vi.advanceTimersByTime(58_000));
    expect(button).toHaveTextContent('1秒后重新获取');
    act(() => vi.advanceTimersByTime(1000));
    expect(button).toHaveTextContent('重新获取');
    expect(button).toBeEnabled();
    expect(liveRegion()).toHaveTextContent('现在可以重新获取验证码');
  });

  it('announces the time left every 15 seconds of the wait, and nothing between', () => {
    renderFormStep(formStep([sms({ sent: true, allowedAt: at(60) })]));
    const heard = () => liveRegion()?.textContent;
    expect(heard()).toBe('验证码已发送，60秒后可重新获取');
    act(() => vi.advanceTimersByTime(14_000));
    expect(heard()).toBe('验证码已发送，60秒后可重新获取');
    act(() => vi.advanceTimersByTime(1000));
    expect(heard()).toBe('45秒后可重新获取验证码');
    act(() => vi.advanceTimersByTime(14_000));
    expect(heard()).toBe('45秒后可重新获取验证码');
    act(() => vi.advanceTimersByTime(1000));
    expect(heard()).toBe('30秒后可重新获取验证码');
    act(() => vi.advanceTimersByTime(15_000));
    expect(heard()).toBe('15秒后可重新获取验证码');
    act(() => vi.advanceTimersByTime(14_000));
    expect(heard()).toBe('15秒后可重新获取验证码');
    act(() => vi.advanceTimersByTime(1000));
    expect(heard()).toBe('现在可以重新获取验证码');
  });

  it('announces a short wait at its 15 second mark, in English and under StrictMode too', () => {
    renderFormStep(formStep([sms({ sent: true, allowedAt: at(20) })]), { locale: 'en', strict: true });
    const heard = () => liveRegion()?.textContent;
    expect(heard()).toBe('Code sent. You can request another in 20 seconds');
    act(() => vi.advanceTimersByTime(5000));
    expect(heard()).toBe('You can request another code in 15 seconds');
    act(() => vi.advanceTimersByTime(15_000));
    expect(heard()).toBe('You can request a new code now');
  });

  it('sends the first code with 获取验证码 and corrects the countdown for a skewed device clock', async () => {
    // The device clock runs five minutes ahead of the server's.
    vi.setSystemTime(T0 + 300_000);
    const { requests } = stubFetch(() => stepAnswer(formStep([sms({ sent: true, allowedAt: at(60) })], { revision: 1 }), at(0)));
    const { user } = renderFormStep(formStep([sms({ sent: false, allowedAt: null })]), { fakeTimers: true });

    await user.click(screen.getByRole('button', { name: '获取验证码' }));
    // Without the skew correction allowedAt would already lie in the past.
    const button = await screen.findByRole('button', { name: '60秒后重新获取' });
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/session/steps/step-1/fields/sms/resend']);
    expect(button).toBeDisabled();
    await waitFor(() => expect(screen.getByLabelText('短信验证码')).toHaveFocus());

    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(button).toHaveTextContent('重新获取');
    expect(button).toBeEnabled();
  });

  it('asks the user to text the carrier when the code comes by instruction, with no resend button', () => {
    const field: Field = {
      kind: 'smsCode',
      id: 'sms',
      required: true,
      resend: { sent: false, allowedAt: null },
      instruction: { to: '10001', body: 'CXXD' },
    };
    renderFormStep(formStep([field]));
    expect(screen.getByText('请用本机发送短信 CXXD 到 10001 获取验证码')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '发送短信' })).toHaveAttribute('href', 'sms:10001?&body=CXXD');
    expect(screen.queryByRole('button', { name: /获取/ })).not.toBeInTheDocument();
  });

  it('refuses a code that is not 4-8 digits before anything is sent', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderFormStep(formStep([sms(undefined)], { intent: 'verify' }), { fakeTimers: true });
    await user.type(screen.getByLabelText('短信验证码'), '12a');
    await user.click(screen.getByRole('button', { name: '确认' }));
    await flush();
    expect(screen.getByRole('alert')).toHaveTextContent('请输入4-8位数字验证码');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
