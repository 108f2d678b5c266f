import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { deferred, stubFetch, type FakeAnswer } from '../../../test-support/widget/fetch-mock';
import { errorAnswer, formStep, passwordField, smsField, stepAnswer, TOKEN } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const loginStep = formStep([passwordField], { id: 'login', intent: 'login' });

describe('form step', () => {
  it('submits the values keyed by field id with the session token, then shows the next step', async () => {
    const { requests } = stubFetch(() => stepAnswer(formStep([smsField], { id: 'sms-step', intent: 'verify' })));
    const { user } = renderFormStep(loginStep);
    await user.type(screen.getByLabelText('服务密码'), '123456');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByRole('heading', { name: '输入短信验证码' })).toBeInTheDocument();
    expect(requests).toEqual([
      {
        method: 'POST',
        path: '/api/session/steps/login',
        authorization: `Bearer ${TOKEN}`,
        body: { values: { password: '123456' } },
      },
    ]);
    // A new step is a new form: nothing typed before is carried over.
    expect(screen.getByLabelText('短信验证码')).toHaveValue('');
  });

  it('shows a busy button while submitting and cannot be submitted twice', async () => {
    const pending = deferred<FakeAnswer>();
    const { fetchMock } = stubFetch(() => pending.promise);
    const { user } = renderFormStep(loginStep);
    await user.type(screen.getByLabelText('服务密码'), '123456');
    const button = screen.getByRole('button', { name: '登录' });
    await user.click(button);

    await waitFor(() => expect(button).toHaveTextContent('提交中…'));
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await user.click(button);
    await user.keyboard('{Enter}');
    expect(fetchMock).toHaveBeenCalledTimes(1);

    pending.resolve(stepAnswer({ type: 'authorized', id: 'done' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: '提交中…' })).not.toBeInTheDocument());
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('shows the upstream notice as information and a step error as an alert above the button', () => {
    renderFormStep(
      formStep([passwordField], {
        notice: '短信验证码已发送至您的手机',
        error: { code: 'upstream_timeout', message: '超时' },
      }),
    );
    expect(screen.getByText('短信验证码已发送至您的手机')).toBeInTheDocument();
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('运营商响应超时，请稍后重试');
    expect(alert.compareDocumentPosition(screen.getByRole('button', { name: '下一步' }))).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it('shows the server wording for an error code the catalogue does not know', () => {
    renderFormStep(formStep([passwordField], { error: { code: 'brand_new_code', message: '运营商系统繁忙' } }));
    expect(screen.getByRole('alert')).toHaveTextContent('运营商系统繁忙');
  });

  it('keeps the typed values and offers a retry when the network fails', async () => {
    let calls = 0;
    const { requests } = stubFetch(() => (++calls === 1 ? 'network-error' : stepAnswer({ type: 'authorized', id: 'done' })));
    const { user } = renderFormStep(loginStep);
    await user.type(screen.getByLabelText('服务密码'), '123456');
    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('网络连接失败，请检查网络后重试');
    expect(screen.getByLabelText('服务密码')).toHaveValue('123456');

    await user.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.body).toEqual({ values: { password: '123456' } });
  });

  it('refetches the current step when the server says the step is outdated', async () => {
    const current = formStep([smsField], { id: 'sms-step', intent: 'verify' });
    const { requests } = stubFetch((request) =>
      request.method === 'GET' ? stepAnswer(current) : errorAnswer(409, { code: 'step_outdated', message: '步骤已过期', retryable: true }),
    );
    const { user } = renderFormStep(loginStep);
    await user.type(screen.getByLabelText('服务密码'), '123456');
    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByRole('heading', { name: '输入短信验证码' })).toBeInTheDocument();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/session/steps/login', 'GET /api/session']);
  });

  it('ends the session when a submit answers 401', async () => {
    stubFetch(() => errorAnswer(401, { code: 'session_expired', message: '会话已过期', retryable: false }));
    const { user, session } = renderFormStep(loginStep);
    await user.type(screen.getByLabelText('服务密码'), '123456');
    await user.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(session.onExpired).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
