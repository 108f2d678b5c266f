import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch, type FakeAnswer, type FakeServer } from '../../../test-support/widget/fetch-mock';
import {
  errorAnswer,
  formStep,
  LINK_TOKEN,
  linkAnswer,
  OTHER_LINK_TOKEN,
  passwordField,
  startAnswer,
  stepAnswer,
  storeSession,
  TOKEN,
} from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';
import { EMBED_MODES, WIDGET_PARAMS } from '../../../embed/constants';
import { PARAM_NAMES, readWidgetParams, type WidgetParams } from '../params';

const linkParams: WidgetParams = { linkToken: LINK_TOKEN, mode: 'modal' };
const loginStep = formStep([passwordField], { id: 'login', intent: 'login' });
const consentBox = () => screen.getByRole('checkbox', { name: '我已阅读并同意《运营商授权协议》' });

/** The server: GET /api/link answers `link`, the session routes answer `session`. */
function server(link: FakeAnswer, session: FakeServer = () => stepAnswer(loginStep)): FakeServer {
  return (request) => (request.path === '/api/link' ? link : session(request));
}

describe('link mode', () => {
  it('reads the widget parameters embed.js puts on the URL', () => {
    expect(
      readWidgetParams(
        `?link_token=${LINK_TOKEN}&channel=chan_0123456789&parent_origin=https%3A%2F%2Flender.example&mode=inline&locale=en`,
      ),
    ).toEqual({
      linkToken: LINK_TOKEN,
      channel: 'chan_0123456789',
      parentOrigin: 'https://lender.example',
      mode: 'inline',
      locale: 'en',
    });
    expect(readWidgetParams('?mode=popup&locale=fr')).toEqual({ mode: 'modal' });
    // Local copies keep zod and the protocol vocabulary out of the entry chunk; these pin them.
    expect(PARAM_NAMES).toEqual(WIDGET_PARAMS);
    expect(EMBED_MODES).toEqual(['modal', 'inline']);
  });

  it('shows the lender’s number locked and starts the session with the link token', async () => {
    const { requests } = stubFetch(server(linkAnswer({ phone: '13800138000' }), () => startAnswer(loginStep)));
    const { user } = renderApp({ params: linkParams });
    expect(screen.getByRole('status')).toHaveTextContent('正在加载…');

    const phone = await screen.findByLabelText('手机号码');
    expect(phone).toHaveValue('13800138000');
    expect(phone).toHaveAttribute('readonly');
    expect(phone).toHaveAttribute('aria-readonly', 'true');
    expect(phone).toHaveAccessibleDescription(expect.stringContaining('号码由借款机构提供，不可修改'));
    expect(screen.getByText('中国移动')).toBeInTheDocument();
    await user.type(phone, '999');
    expect(phone).toHaveValue('13800138000');

    await user.click(consentBox());
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/api/link', authorization: `Bearer ${LINK_TOKEN}` });
    expect(requests[1]).toMatchObject({ method: 'POST', path: '/api/sessions', body: { phone: '13800138000', linkToken: LINK_TOKEN } });
    expect(JSON.parse(window.sessionStorage.getItem('carrierlink.session') ?? '{}')).toMatchObject({ token: TOKEN, linkToken: LINK_TOKEN });
  });

  it('lets the user type the number when the link fixes none', async () => {
    const { requests } = stubFetch(server(linkAnswer(), () => startAnswer(loginStep)));
    const { user } = renderApp({ params: linkParams });
    const phone = await screen.findByLabelText('手机号码');
    expect(phone).not.toHaveAttribute('readonly');
    await user.type(phone, '13900139000');
    await user.click(consentBox());
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await screen.findByRole('heading', { name: '输入服务密码' });
    expect(requests[1]?.body).toMatchObject({ phone: '13900139000', linkToken: LINK_TOKEN });
  });

  it('speaks the link’s locale unless the URL names one', async () => {
    stubFetch(server(linkAnswer({ locale: 'en' })));
    renderApp({ params: linkParams });
    expect(await screen.findByRole('heading', { name: 'Verify your phone number' })).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('lang', 'en');
  });

  it('keeps the URL’s locale over the link’s', async () => {
    stubFetch(server(linkAnswer({ locale: 'en' })));
    renderApp({ params: { ...linkParams, locale: 'zh-CN' } });
    expect(await screen.findByRole('heading', { name: '验证手机号码' })).toBeInTheDocument();
  });

  it('says a used link cannot be used when this tab has no session of it', async () => {
    stubFetch(server(linkAnswer({ state: 'used' })));
    renderApp({ params: linkParams });
    expect(await screen.findByRole('heading', { name: '无法继续授权' })).toBeInTheDocument();
    expect(screen.getByText('授权链接已使用，请返回后重新发起')).toBeInTheDocument();
    expect(screen.queryByLabelText('手机号码')).not.toBeInTheDocument();
    // Top level (no lender page to go back to): nothing to click.
    expect(screen.queryByRole('button', { name: '返回' })).not.toBeInTheDocument();
  });

  it('says an expired or unknown link cannot be used, and asks nothing for a malformed one', async () => {
    stubFetch(server(linkAnswer({ state: 'expired' })));
    const first = renderApp({ params: linkParams });
    expect(await screen.findByText('授权链接已过期，请返回后重新发起')).toBeInTheDocument();
    first.unmount();

    stubFetch(server(errorAnswer(404, { code: 'link_not_found', message: '链接不存在', retryable: false })));
    const second = renderApp({ params: linkParams });
    expect(await screen.findByText('授权链接无效，请返回后重新发起')).toBeInTheDocument();
    second.unmount();

    const { fetchMock } = stubFetch(() => 'network-error');
    renderApp({ params: { ...linkParams, linkToken: 'lt_short' } });
    expect(await screen.findByText('授权链接无效，请返回后重新发起')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('continues this link’s stored session after a reload, though the link is used', async () => {
    storeSession('138****8000', LINK_TOKEN);
    const { requests } = stubFetch(server(linkAnswer({ state: 'used' })));
    renderApp({ params: linkParams });
    expect(await screen.findByLabelText('服务密码')).toBeInTheDocument();
    expect(requests[1]).toMatchObject({ method: 'GET', path: '/api/session', authorization: `Bearer ${TOKEN}` });
    expect(screen.getByRole('banner')).toHaveTextContent('138****8000');
  });

  it('ignores a stored session of another link or of the token-less page, and vice versa', async () => {
    storeSession('138****8000', OTHER_LINK_TOKEN);
    stubFetch(server(linkAnswer({ state: 'used' })));
    const first = renderApp({ params: linkParams });
    expect(await screen.findByText('授权链接已使用，请返回后重新发起')).toBeInTheDocument();
    first.unmount();

    storeSession('138****8000');
    stubFetch(server(linkAnswer({ state: 'expired' })));
    const second = renderApp({ params: linkParams });
    expect(await screen.findByText('授权链接已过期，请返回后重新发起')).toBeInTheDocument();
    second.unmount();

    storeSession('138****8000', LINK_TOKEN);
    const { fetchMock } = stubFetch(() => 'network-error');
    renderApp();
    expect(screen.getByLabelText('手机号码')).toHaveValue('');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('offers no new number after a failure and no fresh start after expiry', async () => {
    storeSession('138****8000', LINK_TOKEN);
    stubFetch(
      server(linkAnswer({ state: 'used' }), () =>
        stepAnswer({ type: 'failed', id: 'end', canRestart: false, error: { code: 'account_locked', message: '锁定', retryable: false } }),
      ),
    );
    const first = renderApp({ params: linkParams });
    expect(await screen.findByRole('heading', { name: '授权未完成' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '更换手机号' })).not.toBeInTheDocument();
    first.unmount();

    storeSession('138****8000', LINK_TOKEN);
    stubFetch(
      server(linkAnswer({ state: 'used' }), () => errorAnswer(401, { code: 'session_expired', message: '过期', retryable: false })),
    );
    renderApp({ params: linkParams });
    expect(await screen.findByRole('heading', { name: '会话已过期' })).toBeInTheDocument();
    expect(screen.getByText('为保护您的信息安全，长时间未操作的授权会话会自动失效。请返回后重新发起授权。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '重新开始' })).not.toBeInTheDocument();
  });

  it('restarts the same session when the failure allows it', async () => {
    storeSession('138****8000', LINK_TOKEN);
    const { requests } = stubFetch(
      server(linkAnswer({ state: 'used' }), (request) =>
        request.path === '/api/session/restart'
          ? stepAnswer(formStep([passwordField], { id: 'login-2', intent: 'login' }))
          : stepAnswer({
              type: 'failed',
              id: 'end',
              canRestart: true,
              error: { code: 'upstream_timeout', message: '超时', retryable: true },
            }),
      ),
    );
    const { user } = renderApp({ params: linkParams });
    await user.click(await screen.findByRole('button', { name: '重新开始' }));
    expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
    expect(requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/session/restart', authorization: `Bearer ${TOKEN}` });
  });

  it('offers to try again when the link cannot be read', async () => {
    let calls = 0;
    stubFetch((request) => (request.path === '/api/link' && ++calls === 1 ? 'network-error' : linkAnswer()));
    const { user } = renderApp({ params: linkParams });
    expect(await screen.findByRole('alert')).toHaveTextContent('网络连接失败，请检查网络后重试');
    await user.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expect(screen.getByLabelText('手机号码')).toBeInTheDocument());
  });
});
