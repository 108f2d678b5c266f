import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AGREEMENT_VERSION } from '../agreement-panel';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, passwordField, startAnswer, TOKEN } from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';

const phoneInput = () => screen.getByLabelText('手机号码');
const consentBox = () => screen.getByRole('checkbox', { name: '我已阅读并同意《运营商授权协议》' });
const next = () => screen.getByRole('button', { name: '下一步' });

describe('phone step', () => {
  it('renders a numeric tel input with the autofill hint for national numbers', () => {
    renderApp();
    const input = phoneInput();
    expect(input).toHaveAttribute('type', 'tel');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveAttribute('autocomplete', 'tel-national');
  });

  it('names the carrier of the number as it is typed, in a polite live region', async () => {
    const { user } = renderApp();
    await user.type(phoneInput(), '189');
    const badge = screen.getByText('中国电信');
    expect(badge.closest('[aria-live="polite"]')).not.toBeNull();
    await user.clear(phoneInput());
    await user.type(phoneInput(), '1300');
    expect(screen.getByText('中国联通')).toBeInTheDocument();
    expect(screen.queryByText('中国电信')).not.toBeInTheDocument();
  });

  it('refuses a number that is not a mainland mobile number and sends nothing', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderApp();
    await user.type(phoneInput(), '1234567890');
    await user.click(consentBox());
    await user.click(next());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('请输入正确的11位手机号码');
    expect(phoneInput()).toHaveAttribute('aria-invalid', 'true');
    expect(phoneInput()).toHaveAccessibleDescription(expect.stringContaining('请输入正确的11位手机号码'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('asks for consent at the checkbox when it is not given, and sends nothing', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderApp();
    await user.type(phoneInput(), '13800138000');
    await user.click(next());
    expect(await screen.findByRole('alert')).toHaveTextContent('请先阅读并同意《运营商授权协议》');
    expect(consentBox()).toHaveAttribute('aria-invalid', 'true');
    expect(consentBox()).toHaveAccessibleDescription('请先阅读并同意《运营商授权协议》');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('opens the agreement in place and accepting it ticks the consent box', async () => {
    const { user } = renderApp();
    const toggle = screen.getByRole('button', { name: '《运营商授权协议》' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('region', { name: '运营商授权协议' })).not.toBeInTheDocument();

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const agreement = screen.getByRole('region', { name: '运营商授权协议' });
    expect(agreement).toHaveTextContent('通话记录');
    expect(agreement).toHaveTextContent('短信记录');
    expect(agreement).toHaveTextContent('账单');
    expect(agreement).toHaveTextContent(AGREEMENT_VERSION);
    // Opening it is not consenting.
    expect(consentBox()).not.toBeChecked();

    await user.click(within(agreement).getByRole('button', { name: '同意并继续' }));
    expect(consentBox()).toBeChecked();
    expect(consentBox()).toHaveFocus();
    expect(screen.queryByRole('region', { name: '运营商授权协议' })).not.toBeInTheDocument();
  });

  it('starts the session with the normalized number and the consent, then shows the first step', async () => {
    const { requests } = stubFetch(() => startAnswer(formStep([passwordField], { intent: 'login' })));
    const { user } = renderApp();
    await user.type(phoneInput(), '+86 138-0013-8000');
    await user.click(consentBox());
    const before = Date.now();
    await user.click(next());

    // Focus follows the step change to its first input, inside the region the heading names.
    const heading = await screen.findByRole('heading', { name: '输入服务密码' });
    await waitFor(() => expect(screen.getByLabelText('服务密码')).toHaveFocus());
    expect(screen.getByRole('region', { name: '输入服务密码' })).toContainElement(heading);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/sessions');
    expect(request?.body).toMatchObject({
      phone: '13800138000',
      locale: 'zh-CN',
      consent: { agreementVersion: AGREEMENT_VERSION },
    });
    const acceptedAt = Date.parse((request?.body as { consent: { acceptedAt: string } }).consent.acceptedAt);
    expect(acceptedAt).toBeGreaterThanOrEqual(before - 1000);
    // The token survives a reload; the header shows the masked number.
    expect(window.sessionStorage.getItem('carrierlink.session')).toContain(TOKEN);
    expect(window.sessionStorage.getItem('carrierlink.session')).not.toContain('13800138000');
    expect(screen.getByRole('banner')).toHaveTextContent('138****8000');
    expect(screen.getByRole('banner')).toHaveTextContent('中国移动');
  });

  it('keeps the number and offers a retry when the network fails', async () => {
    let calls = 0;
    stubFetch(() => (++calls === 1 ? 'network-error' : startAnswer(formStep([passwordField]))));
    const { user } = renderApp();
    await user.type(phoneInput(), '13800138000');
    await user.click(consentBox());
    await user.click(next());
    expect(await screen.findByRole('alert')).toHaveTextContent('网络连接失败，请检查网络后重试');
    expect(phoneInput()).toHaveValue('13800138000');
    expect(consentBox()).toBeChecked();

    await user.click(next());
    expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
  });
});
