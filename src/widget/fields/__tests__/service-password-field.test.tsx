import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, passwordField } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

describe('service password field', () => {
  it('is a numeric masked input the browser must not autofill', () => {
    renderFormStep(formStep([passwordField]));
    const input = screen.getByLabelText('服务密码');
    expect(input).toHaveAttribute('type', 'password');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveAttribute('autocomplete', 'off');
  });

  it('shows and hides the password with a toggle button', async () => {
    const { user } = renderFormStep(formStep([passwordField]));
    const input = screen.getByLabelText('服务密码');
    await user.type(input, '123456');
    await user.click(screen.getByRole('button', { name: '显示密码' }));
    expect(input).toHaveAttribute('type', 'text');
    expect(input).toHaveValue('123456');
    await user.click(screen.getByRole('button', { name: '隐藏密码' }));
    expect(input).toHaveAttribute('type', 'password');
  });

  it('requires a value before anything is sent', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderFormStep(formStep([passwordField]));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('请输入服务密码');
    expect(screen.getByLabelText('服务密码')).toHaveFocus();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
