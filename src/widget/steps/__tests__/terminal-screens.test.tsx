import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ErrorCode, Step } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, passwordField, stepAnswer, storeSession, TOKEN } from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';

const failed = (canRestart: boolean, code: ErrorCode, message: string): Step => ({
  type: 'failed',
  id: 'end',
  canRestart,
  error: { code, message, retryable: false },
});

describe('terminal screens', () => {
  it('tells the user the authorization succeeded and that collection runs on its own', async () => {
    storeSession();
    stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    renderApp();
    // The first test of the file waits for the terminal screens' lazy chunk: generous on a busy machine.
    expect(await screen.findByRole('heading', { name: '授权成功' }, { timeout: 5000 })).toBeInTheDocument();
    expect(
      screen.getByText('我们正在采集您的运营商数据（通话记录、短信记录、账单），通常需要几分钟，您可以关闭此页面。'),
    ).toBeInTheDocument();
  });

  it('explains a failure by its code and restarts the login for the same number', async () => {
    storeSession();
    const { requests } = stubFetch((request) =>
      request.path === '/api/session/restart'
        ? stepAnswer(formStep([passwordField], { id: 'login-2', intent: 'login' }))
        : stepAnswer(failed(true, 'upstream_maintenance', '系统维护')),
    );
    const { user } = renderApp();
    expect(await screen.findByRole('heading', { name: '授权未完成' })).toBeInTheDocument();
    expect(screen.getByText('运营商系统维护中，请稍后再试')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '重新开始' }));
    // The new step's first input takes focus (its heading names the region around it).
    expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('服务密码')).toHaveFocus());
    expect(requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/session/restart', authorization: `Bearer ${TOKEN}` });
  });

  it('offers only 更换手机号 when the flow cannot restart, which cancels the session and returns to an empty phone step', async () => {
    storeSession();
    const { requests } = stubFetch((request) =>
      request.method === 'DELETE' ? { status: 204, body: null } : stepAnswer(failed(false, 'upstream_error', '请联系运营商处理')),
    );
    const { user } = renderApp();
    expect(await screen.findByRole('heading', { name: '授权未完成' })).toBeInTheDocument();
    // upstream_error carries the carrier's own words, which say more than the catalogue line.
    expect(screen.getByText('请联系运营商处理')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '重新开始' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '更换手机号' }));
    expect(await screen.findByLabelText('手机号码')).toHaveValue('');
    expect(window.sessionStorage.getItem('carrierlink.session')).toBeNull();
    expect(screen.getByRole('banner')).not.toHaveTextContent('138****8000');
    expect(requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/session', authorization: `Bearer ${TOKEN}` });
  });
});
