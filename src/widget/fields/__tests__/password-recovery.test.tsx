import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Field, FieldOf } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { errorAnswer, formStep, newPasswordField, recoveryStep, stepAnswer, TOKEN } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const inlinePassword: FieldOf<'servicePassword'> = { kind: 'servicePassword', id: 'pin', required: true, recovery: 'inline' };
const hotlinePassword: FieldOf<'servicePassword'> = { ...inlinePassword, recovery: 'hotline' };
const login = (field: Field, extra = {}) => formStep([field], { id: 'login', intent: 'login', ...extra });
const identity: Field[] = [
  { kind: 'name', id: 'user_name', required: true },
  { kind: 'idCard', id: 'user_id', required: true },
];

describe('forgotten service password', () => {
  it('opens the recovery steps in the widget through the field’s recover action, sending no password', async () => {
    const { requests } = stubFetch(() => stepAnswer(recoveryStep(identity)));
    const { user } = renderFormStep(login(inlinePassword));
    await user.type(screen.getByLabelText('服务密码'), '999999');
    await user.click(screen.getByRole('button', { name: '忘记服务密码？' }));

    expect(await screen.findByRole('heading', { name: '找回服务密码' })).toBeInTheDocument();
    expect(screen.getByLabelText('姓名')).toBeInTheDocument();
    expect(screen.getByLabelText('身份证号')).toBeInTheDocument();
    expect(requests).toEqual([
      {
        method: 'POST',
        path: '/api/session/steps/login/fields/pin/recover',
        authorization: `Bearer ${TOKEN}`,
        body: undefined,
      },
    ]);
  });

  it('goes back to the login step with 返回登录 through the cancel route', async () => {
    const { requests } = stubFetch(() => stepAnswer(login(inlinePassword, { id: 'login-2' })));
    const { user } = renderFormStep(recoveryStep(identity));
    await user.click(screen.getByRole('button', { name: '返回登录' }));

    expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/session/steps/recover-1/cancel']);
  });

  it('offers no way back from a recovery step that is not cancellable', () => {
    renderFormStep(recoveryStep(identity, { cancellable: false }));
    expect(screen.getByRole('heading', { name: '找回服务密码' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '返回登录' })).not.toBeInTheDocument();
  });

  it('announces the notice of the login step recovery returns to', async () => {
    const done = login(inlinePassword, { id: 'login-3', notice: '服务密码已重置，请使用新密码登录' });
    stubFetch(() => stepAnswer(done));
    const { user } = renderFormStep(recoveryStep([newPasswordField]));
    await user.type(screen.getByLabelText('新服务密码'), '368024');
    await user.type(screen.getByLabelText('确认新服务密码'), '368024');
    await user.click(screen.getByRole('button', { name: '下一步' }));

    const status = await screen.findByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('服务密码已重置，请使用新密码登录'));
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
  });

  it('shows at the password a recovery the server refuses', async () => {
    stubFetch(() => errorAnswer(409, { code: 'recovery_unsupported', message: '不支持', retryable: false }));
    const { user } = renderFormStep(login(inlinePassword));
    await user.click(screen.getByRole('button', { name: '忘记服务密码？' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('该号码暂不支持在线找回服务密码，请拨打运营商客服热线重置');
    expect(screen.getByLabelText('服务密码')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
  });

  it('explains the carrier hotline in place, the applicant’s carrier first and callable, with no request', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderFormStep(login(hotlinePassword), { carrier: 'chinaUnicom' });
    const toggle = screen.getByRole('button', { name: '忘记服务密码？' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText(/请拨打运营商客服热线/)).not.toBeVisible();

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(panel).toBeVisible();
    expect(panel).toHaveTextContent('请拨打运营商客服热线，按语音提示重置服务密码');
    const links = within(panel as HTMLElement).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveTextContent('中国联通 10010');
    expect(links[0]).toHaveAttribute('href', 'tel:10010');
    const items = within(panel as HTMLElement)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(items).toEqual(['中国联通 10010', '中国移动 10086', '中国电信 10000', '中国广电 10099']);
    expect(fetchMock).not.toHaveBeenCalled();

    await user.click(toggle);
    expect(panel).not.toBeVisible();
  });

  it('makes every hotline callable when the carrier is unknown', async () => {
    const { user } = renderFormStep(login(hotlinePassword));
    await user.click(screen.getByRole('button', { name: '忘记服务密码？' }));
    const hrefs = screen.getAllByRole('link').map((link) => link.getAttribute('href'));
    expect(hrefs).toEqual(['tel:10086', 'tel:10010', 'tel:10000', 'tel:10099']);
  });

  it('shows no recovery link when the upstream offers none, and then keeps the hotlines in the help', () => {
    renderFormStep(login({ ...inlinePassword, recovery: undefined }));
    expect(screen.queryByRole('button', { name: '忘记服务密码？' })).not.toBeInTheDocument();
    expect(screen.getByText(/移动10086/)).toBeInTheDocument();
  });
});
