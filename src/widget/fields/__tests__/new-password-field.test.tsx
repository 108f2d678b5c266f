import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, newPasswordField, recoveryStep, startAnswer, stepAnswer } from '../../../test-support/widget/fixtures';
import { renderApp, renderFormStep } from '../../../test-support/widget/render';
import { zhCN } from '../../i18n/zh-cn';
import { newPasswordMessage } from '../validation';

const step = recoveryStep([newPasswordField], { id: 'new-pwd' });
const password = () => screen.getByLabelText('新服务密码');
const confirmation = () => screen.getByLabelText('确认新服务密码');
const RULES_6 = '6位数字；不能是相同数字（如888888）或连续数字（如123456、654321）；不能包含手机号或身份证号中的连续6位。';

describe('new password field', () => {
  it('is a masked numeric new-password input of the carrier’s length, with a confirmation and the rules', () => {
    renderFormStep(step);
    for (const input of [password(), confirmation()]) {
      expect(input).toHaveAttribute('type', 'password');
      expect(input).toHaveAttribute('inputmode', 'numeric');
      expect(input).toHaveAttribute('autocomplete', 'new-password');
      expect(input).toHaveAttribute('maxlength', '6');
    }
    expect(password()).toHaveAccessibleDescription(RULES_6);
  });

  it.each([
    ['12345', '请输入6位数字服务密码'],
    ['12a456', '请输入6位数字服务密码'],
    ['888888', '不能使用相同数字'],
    ['123456', '不能使用连续数字'],
    ['654321', '不能使用连续数字'],
    // Digits 4-9 of the applicant's 13912876054.
    ['128760', '不能包含手机号中的连续6位'],
  ])('refuses %s with “%s” and sends nothing', async (value, message) => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderFormStep(step, { phone: '13912876054' });
    await user.type(password(), value);
    await user.type(confirmation(), value);
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(password()).toHaveAttribute('aria-invalid', 'true');
    expect(password()).toHaveFocus();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('words an ID-card clash for the server’s verdict', () => {
    expect(newPasswordMessage('idCardDigits', 6, zhCN)).toBe('不能包含身份证号中的连续6位');
  });

  it('refuses a confirmation that differs, and one left empty', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderFormStep(step);
    await user.type(password(), '368024');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('请再次输入新服务密码');

    await user.type(confirmation(), '368025');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('两次输入的密码不一致'));
    expect(confirmation()).toHaveAttribute('aria-invalid', 'true');
    expect(password()).not.toHaveAttribute('aria-invalid');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(fetchMock).not.toHaveBeenCalled();

    // Editing the first input to match re-checks the confirmation.
    await user.clear(password());
    await user.type(password(), '368025');
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('takes 8 digits where the carrier asks for 8, and sends only the password, not the confirmation', async () => {
    const { requests } = stubFetch(() => stepAnswer(formStep([{ kind: 'servicePassword', id: 'pw', required: true }])));
    const { user } = renderFormStep(recoveryStep([{ ...newPasswordField, length: 8 }], { id: 'new-pwd-8' }));
    expect(password()).toHaveAttribute('maxlength', '8');
    expect(password()).toHaveAccessibleDescription(/^8位数字/);
    await user.type(password(), '368024');
    await user.type(confirmation(), '368024');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('请输入8位数字服务密码');

    await user.type(password(), '17');
    await user.clear(confirmation());
    await user.type(confirmation(), '36802417');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ path: '/api/session/steps/new-pwd-8', body: { values: { newPwd: '36802417' } } });
  });

  it('checks against the number entered on the phone step', async () => {
    const { fetchMock } = stubFetch(() => startAnswer(step));
    const { user } = renderApp();
    await user.type(screen.getByLabelText('手机号码'), '13912876054');
    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await user.type(await screen.findByLabelText('新服务密码'), '287605');
    await user.type(confirmation(), '287605');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('不能包含手机号中的连续6位');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    // The full number is never written to the browser's storage.
    expect(window.sessionStorage.getItem('carrierlink.session')).not.toContain('13912876054');
  });
});
