import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { errorAnswer, formStep, passwordField, smsField } from '../../../test-support/widget/fixtures';
import { renderApp, renderFormStep } from '../../../test-support/widget/render';
import { clock } from '../rate-limit-notice';

// Server-side abuse limits as the applicant meets them: the wait counted down, and the tries left.

const loginStep = formStep([passwordField], { id: 'login', intent: 'login' });
const PASSWORD_LIMIT = '服务密码错误次数过多，为保护您的账户已暂停尝试，请稍后再试';
const refusal = (seconds: number, extra: Record<string, unknown> = {}) =>
  errorAnswer(429, { code: 'rate_limited', message: PASSWORD_LIMIT, retryable: true, retryAfterSeconds: seconds, ...extra });

describe('a refusal by an abuse limit', () => {
  it('shows the refusal with the wait in words for screen readers and a countdown that is not announced', async () => {
    stubFetch(() => refusal(125, { field: 'password', attemptsLeft: 0 }));
    const { user } = renderFormStep(loginStep);
    await user.type(screen.getByLabelText('服务密码'), '123456');
    await user.click(screen.getByRole('button', { name: '登录' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(`${PASSWORD_LIMIT} 约 3 分钟后可重试。`);
    const countdown = screen.getByText(/后可重试$/, { selector: '.cl-rate-limit__countdown' });
    expect(countdown).toHaveAttribute('aria-hidden', 'true');
    expect(countdown.textContent).toMatch(/^2:0[45] 后可重试$/);
    // The polite status region stays empty until the wait is over.
    expect(document.querySelector('.cl-rate-limit [role="status"]')).toHaveTextContent('');
  });

  it('counts down to zero, then says politely that trying again is possible', async () => {
    stubFetch(() => refusal(2));
    const { user } = renderFormStep(loginStep);
    await user.type(screen.getByLabelText('服务密码'), '123456');
    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText(/^0:0[12] 后可重试$/)).toBeInTheDocument();
    await waitFor(() => expect(document.querySelector('.cl-rate-limit [role="status"]')).toHaveTextContent('现在可以重试了'), {
      timeout: 4000,
    });
    expect(screen.queryByText(/后可重试$/)).not.toBeInTheDocument();
  });

  it('shows a refused resend at the step with its countdown, in English too', async () => {
    stubFetch(() => errorAnswer(429, { code: 'rate_limited', message: '验证码', retryable: true, retryAfterSeconds: 600 }));
    const { user } = renderFormStep(formStep([smsField], { id: 'sms-step', intent: 'verify' }), { locale: 'en' });
    await user.click(screen.getByRole('button', { name: 'Resend' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many tries. Please wait for the countdown, then try again You can try again in about 10 min.');
    expect(screen.getByText(/^Try again in (10:00|9:59)$/)).toBeInTheDocument();
  });

  it('shows the wait on the phone step when starts for the number are used up', async () => {
    stubFetch(() =>
      errorAnswer(429, { code: 'rate_limited', message: '该手机号发起授权过于频繁，请稍后再试', retryable: true, retryAfterSeconds: 3600 }),
    );
    const { user } = renderApp();
    await user.type(screen.getByLabelText('手机号码'), '13800138000');
    await user.click(screen.getByRole('checkbox', { name: '我已阅读并同意《运营商授权协议》' }));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('该手机号发起授权过于频繁，请稍后再试 约 60 分钟后可重试。');
    expect(screen.getByText(/^(1:00:00|59:59) 后可重试$/)).toBeInTheDocument();
  });
});

describe('tries left before the guard stops them', () => {
  it('follows a wrong password with the tries left, and says when none are', () => {
    renderFormStep(formStep([{ ...passwordField, error: { code: 'password_incorrect', message: '服务密码错误', attemptsLeft: 2 } }]));
    expect(screen.getByRole('alert')).toHaveTextContent('服务密码错误，请重新输入（还可尝试 2 次）');
  });

  it('words them in English, and for SMS codes as codes left to request', () => {
    renderFormStep(formStep([{ ...passwordField, error: { code: 'password_incorrect', message: '', attemptsLeft: 0 } }]), { locale: 'en' });
    expect(screen.getByRole('alert')).toHaveTextContent('(No tries left. To protect your account, please try again later)');
  });

  it('tells how many SMS codes the number may still request', () => {
    renderFormStep(formStep([{ ...smsField, error: { code: 'sms_code_incorrect', message: '', attemptsLeft: 1 } }]));
    expect(screen.getByRole('alert')).toHaveTextContent('（还可获取 1 次验证码）');
  });
});

describe('the countdown clock', () => {
  it('reads m:ss under an hour and h:mm:ss from an hour', () => {
    expect([clock(0), clock(9), clock(65), clock(3599), clock(3600), clock(86_399)]).toEqual([
      '0:00',
      '0:09',
      '1:05',
      '59:59',
      '1:00:00',
      '23:59:59',
    ]);
  });
});
