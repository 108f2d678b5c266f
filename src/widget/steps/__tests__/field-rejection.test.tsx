import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { contactsField, errorAnswer, formStep, newPasswordField, recoveryStep } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const refused = (code: 'new_password_invalid' | 'contacts_incorrect' | 'input_invalid', field?: string) =>
  errorAnswer(422, { code, message: '请求被拒绝', retryable: true, field });

describe('a submission refused for one field (422)', () => {
  it('shows a refused new password at that field, cleared with its confirmation, not as a step error', async () => {
    stubFetch(() => refused('new_password_invalid', 'newPwd'));
    const { user } = renderFormStep(recoveryStep([newPasswordField]));
    await user.type(screen.getByLabelText('新服务密码'), '368024');
    await user.type(screen.getByLabelText('确认新服务密码'), '368024');
    await user.click(screen.getByRole('button', { name: '下一步' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('新服务密码不符合运营商要求，请重新设置');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    const input = screen.getByLabelText('新服务密码');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/新服务密码不符合运营商要求/);
    expect(input).toHaveValue('');
    expect(screen.getByLabelText('确认新服务密码')).toHaveValue('');
    await waitFor(() => expect(input).toHaveFocus());
  });

  it('shows refused contacts on the list, keeping the numbers to correct, and retires it on edit', async () => {
    stubFetch(() => refused('contacts_incorrect', 'contacts'));
    const { user } = renderFormStep(recoveryStep([contactsField]));
    await user.type(screen.getByLabelText('联系人号码 1'), '13912345678');
    await user.type(screen.getByLabelText('联系人号码 2'), '18611112222');
    await user.click(screen.getByRole('button', { name: '下一步' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('联系人号码验证未通过，请填写近期通话过的号码');
    const first = screen.getByLabelText('联系人号码 1');
    expect(first).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('联系人号码 2')).toHaveAttribute('aria-invalid', 'true');
    expect(first).toHaveValue('13912345678');
    await waitFor(() => expect(first).toHaveFocus());

    await user.clear(first);
    await user.type(first, '15055556666');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(first).not.toHaveAttribute('aria-invalid');
  });

  it('shows a contacts error carried by a new revision of the step on the list', async () => {
    const rejected = recoveryStep(
      [{ ...contactsField, error: { code: 'contacts_incorrect', message: '请输入 5 天前 90 天内通话过的联系人号码' } }],
      { revision: 1 },
    );
    renderFormStep(rejected);
    expect(await screen.findByRole('alert')).toHaveTextContent('联系人号码验证未通过');
    await waitFor(() => expect(screen.getByLabelText('联系人号码 1')).toHaveFocus());
  });

  it('keeps the generic step error for a 422 naming no field of this step', async () => {
    const nameField: Field = { kind: 'name', id: 'name', required: true };
    stubFetch(() => refused('input_invalid', 'elsewhere'));
    const { user } = renderFormStep(formStep([nameField]));
    await user.type(screen.getByLabelText('姓名'), '张三');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('输入内容格式不正确，请检查后重试');
    expect(screen.getByLabelText('姓名')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText('姓名')).toHaveValue('张三');
  });

  it('shows a refused plain field at that field, with the value kept', async () => {
    const nameField: Field = { kind: 'name', id: 'name', required: true };
    stubFetch(() => refused('input_invalid', 'name'));
    const { user } = renderFormStep(formStep([nameField]));
    await user.type(screen.getByLabelText('姓名'), '张三');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await waitFor(() => expect(screen.getByLabelText('姓名')).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByLabelText('姓名')).toHaveAccessibleDescription('输入内容格式不正确，请检查后重试');
    expect(screen.getByLabelText('姓名')).toHaveValue('张三');
  });
});
