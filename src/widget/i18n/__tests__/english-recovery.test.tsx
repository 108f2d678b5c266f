import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Field } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { contactsField, errorAnswer, formStep, newPasswordField, recoveryStep } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

describe('English for contacts, new password and recovery', () => {
  it('labels the contacts list, its rows and buttons, and words its checks', async () => {
    const { user } = renderFormStep(formStep([{ ...contactsField, detailHint: undefined }]), { locale: 'en', phone: '13800138000' });
    expect(screen.getByRole('group', { name: 'Contact numbers' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add a number' }));
    expect(screen.getByRole('button', { name: 'Remove number 3' })).toHaveTextContent('Remove');
    await user.type(screen.getByLabelText('Contact number 1'), '13800138000');
    await user.type(screen.getByLabelText('Contact number 2'), '1391234567');
    await user.type(screen.getByLabelText('Contact number 3'), '18611112222');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Enter a number other than your own')).toBeInTheDocument();
    expect(screen.getByText('Enter a valid 11-digit mobile number')).toBeInTheDocument();
  });

  it('words the new password, its rules, its checks and the confirmation', async () => {
    stubFetch(() => 'network-error');
    const { user } = renderFormStep(recoveryStep([newPasswordField]), { locale: 'en' });
    expect(screen.getByRole('heading', { name: 'Recover your service password' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back to sign-in' })).toBeInTheDocument();
    const input = screen.getByLabelText('New service password');
    expect(input).toHaveAccessibleDescription(/^6 digits; not one repeated digit/);
    await user.type(input, '111111');
    await user.type(screen.getByLabelText('Confirm new service password'), '111112');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Do not use one repeated digit')).toBeInTheDocument();
    expect(screen.getByText('The two passwords do not match')).toBeInTheDocument();
  });

  it('offers the recovery link and the hotlines in English', async () => {
    const field: Field = { kind: 'servicePassword', id: 'pin', required: true, recovery: 'hotline' };
    const { user } = renderFormStep(formStep([field], { intent: 'login' }), { locale: 'en', carrier: 'chinaMobile' });
    await user.click(screen.getByRole('button', { name: 'Forgot your service password?' }));
    expect(screen.getByText(/Call your carrier's customer service/)).toBeVisible();
    expect(screen.getByRole('link', { name: 'China Mobile 10086' })).toHaveAttribute('href', 'tel:10086');
    expect(screen.getByText('Other carriers')).toBeInTheDocument();
  });

  it('words a refused new password and the restart note', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-20T08:00:00.000Z') });
    stubFetch(() => errorAnswer(422, { code: 'new_password_same', message: '新旧密码一致', retryable: true, field: 'newPwd' }));
    const sms: Field = { kind: 'smsCode', id: 'sms', required: true, resend: { sent: true, allowedAt: null, via: 'restart' } };
    const { user } = renderFormStep(recoveryStep([sms, newPasswordField]), { locale: 'en', fakeTimers: true });
    expect(screen.getByRole('button', { name: 'Resend' })).toHaveAccessibleDescription(
      'This starts the authorization again to get a new code',
    );
    await user.type(screen.getByLabelText('SMS code'), '123456');
    await user.type(screen.getByLabelText('New service password'), '368024');
    await user.type(screen.getByLabelText('Confirm new service password'), '368024');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(await screen.findByRole('alert')).toHaveTextContent('The new service password must differ from the old one');
  });
});
