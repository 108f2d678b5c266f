import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../flow';
import { applyDocumentSettings } from '../../config';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, passwordField, startAnswer } from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';
import { en } from '../en';
import { errorText } from '../error-text';
import { localeFromSearch, loadMessages } from '../locale';
import { zhCN } from '../zh-cn';

describe('locales', () => {
  it('selects English from ?locale=en and zh-CN otherwise', async () => {
    expect(localeFromSearch('?locale=en')).toBe('en');
    expect(localeFromSearch('?locale=fr')).toBe('zh-CN');
    expect(localeFromSearch('')).toBe('zh-CN');
    expect(await loadMessages('en')).toBe(en);
    applyDocumentSettings(document.documentElement, 'en', 'dark');
    expect(document.documentElement).toHaveAttribute('lang', 'en');
    expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
  });

  it('renders the widget in English and asks the server for English', async () => {
    const { requests } = stubFetch(() => startAnswer(formStep([passwordField], { intent: 'login' })));
    const { user } = renderApp({ locale: 'en' });
    expect(screen.getByRole('heading', { name: 'Carrier authorization' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Mobile number'), '13800138000');
    expect(screen.getByText('China Mobile')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please read and accept the Carrier Authorization Agreement');

    await user.click(screen.getByRole('checkbox', { name: 'I have read and agree to the Carrier Authorization Agreement' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('heading', { name: 'Enter your service password' })).toBeInTheDocument();
    expect(screen.getByLabelText('Service password')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    await waitFor(() => expect(requests[0]?.body).toMatchObject({ locale: 'en' }));
  });

  it('has a distinct message for every error code in both catalogues', () => {
    for (const code of ERROR_CODES) {
      expect(zhCN.errors[code]).toMatch(/\S/);
      expect(en.errors[code]).toMatch(/[A-Za-z]/);
    }
    expect(new Set(Object.values(zhCN.errors)).size).toBe(Object.keys(zhCN.errors).length);
  });

  it('words an error from the catalogue, else from the server', () => {
    expect(errorText(zhCN, 'zh-CN', { code: 'sms_code_incorrect', message: 'x' })).toBe('短信验证码错误，请重新输入');
    expect(errorText(en, 'en', { code: 'sms_code_incorrect', message: 'x' })).toBe('Wrong SMS code. Please try again');
    expect(errorText(zhCN, 'zh-CN', { code: 'vendor_only', message: '请稍后' })).toBe('请稍后');
    expect(errorText(zhCN, 'zh-CN', { code: 'upstream_error', message: '运营商：密码已过期' })).toBe('运营商：密码已过期');
    expect(errorText(en, 'en', { code: 'upstream_error', message: '运营商：密码已过期' })).toBe(en.errors.upstream_error);
  });
});
