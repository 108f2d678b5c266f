import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch, type FakeAnswer, type FakeServer } from '../../../test-support/widget/fetch-mock';
import { formStep, LINK_TOKEN, linkAnswer, passwordField, startAnswer, stepAnswer } from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';
import type { WidgetParams } from '../params';

const linkParams: WidgetParams = { linkToken: LINK_TOKEN, mode: 'modal' };
const loginStep = formStep([passwordField], { id: 'login', intent: 'login' });
const updateLink = () => linkAnswer({ mode: 'update', maskedPhone: '138****5678' });

function server(link: FakeAnswer, session: FakeServer = () => stepAnswer(loginStep)): FakeServer {
  return (request) => (request.path === '/api/link' ? link : session(request));
}

describe('update mode (a refresh link)', () => {
  it('shows the earlier number masked and locked, says it is an update, and asks for consent again', async () => {
    stubFetch(server(updateLink()));
    renderApp({ params: linkParams });
    const phone = await screen.findByLabelText('手机号码');
    expect(phone).toHaveValue('138****5678');
    expect(phone).toHaveAttribute('readonly');
    expect(phone).toHaveAttribute('aria-readonly', 'true');
    // Never posted by the form: the server holds the full number.
    expect(phone).not.toHaveAttribute('name');
    expect(phone).toHaveAccessibleDescription(expect.stringContaining('您上次授权的号码，本次更新不可更换'));
    expect(screen.getByText(/借款机构请求更新您此前授权的运营商数据/)).toBeInTheDocument();
    expect(screen.getByText('中国移动')).toBeInTheDocument();
    const consent = screen.getByRole('checkbox', { name: '我同意本次数据更新，再次授权，并已阅读《运营商授权协议》' });
    expect(consent).not.toBeChecked();
  });

  it('refuses to go on without the new consent', async () => {
    const { requests } = stubFetch(server(updateLink()));
    const { user } = renderApp({ params: linkParams });
    await screen.findByLabelText('手机号码');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByText('请先阅读并同意《运营商授权协议》')).toBeInTheDocument();
    expect(requests.filter((r) => r.path === '/api/sessions')).toHaveLength(0);
  });

  it('starts the session without a number, with the consent, and offers no 更换手机号 afterwards', async () => {
    const { requests } = stubFetch(server(updateLink(), () => startAnswer(loginStep)));
    const { user } = renderApp({ params: linkParams });
    await screen.findByLabelText('手机号码');
    await user.click(screen.getByRole('checkbox', { name: /我同意本次数据更新/ }));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
    const start = requests.find((r) => r.path === '/api/sessions');
    expect(start?.body).toMatchObject({ linkToken: LINK_TOKEN, consent: { agreementVersion: expect.any(String) } });
    expect(start?.body).not.toHaveProperty('phone');
    // The header shows the masked number and no control to change it.
    expect(screen.getByText('138****5678')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '更换手机号' })).not.toBeInTheDocument();
    expect(JSON.parse(window.sessionStorage.getItem('carrierlink.session') ?? '{}')).toMatchObject({ maskedPhone: '138****5678' });
  });
});
