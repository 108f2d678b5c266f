import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { captchaField, formStep, IMAGE_B, passwordField, smsField, stepAnswer } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const nameField: Field = { kind: 'name', id: 'name', required: true };

describe('errors returned for the same step', () => {
  it('shows the error at the rejected field, clears that secret and focuses it, keeping other values', async () => {
    const step = formStep([nameField, passwordField, captchaField], { id: 'login', intent: 'login' });
    const rejected = formStep(
      [nameField, { ...passwordField, error: { code: 'password_incorrect', message: '服务密码错误' } }, captchaField],
      { id: 'login', intent: 'login', revision: 1 },
    );
    stubFetch(() => stepAnswer(rejected));
    const { user } = renderFormStep(step);
    await user.type(screen.getByLabelText('姓名'), '张三');
    await user.type(screen.getByLabelText('服务密码'), '654321');
    await user.type(screen.getByLabelText('图片验证码', { selector: 'input' }), '1234');
    await user.click(screen.getByRole('button', { name: '登录' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('服务密码错误，请重新输入');
    const password = screen.getByLabelText('服务密码');
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription('服务密码错误，请重新输入');
    expect(password).toHaveValue('');
    await waitFor(() => expect(password).toHaveFocus());
    // Untouched by the verdict: the name and, although secret, the captcha the server did not reject.
    expect(screen.getByLabelText('姓名')).toHaveValue('张三');
    expect(screen.getByLabelText('图片验证码', { selector: 'input' })).toHaveValue('1234');
    expect(screen.getByLabelText('姓名')).not.toHaveAttribute('aria-invalid');
  });

  it('keeps a rejected value that is not secret so it can be corrected', async () => {
    const idField: Field = { kind: 'idCard', id: 'id', required: true };
    const step = formStep([nameField, idField], { id: 'identity' });
    const rejected = formStep([nameField, { ...idField, error: { code: 'identity_incorrect', message: '身份信息不一致' } }], {
      id: 'identity',
      revision: 1,
    });
    stubFetch(() => stepAnswer(rejected));
    const { user } = renderFormStep(step);
    await user.type(screen.getByLabelText('姓名'), '张三');
    await user.type(screen.getByLabelText('身份证号'), '11010519491231002X');
    await user.click(screen.getByRole('button', { name: '下一步' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('姓名或身份证号与运营商登记信息不一致');
    expect(screen.getByLabelText('身份证号')).toHaveValue('11010519491231002X');
    await waitFor(() => expect(screen.getByLabelText('身份证号')).toHaveFocus());
  });

  it('retires the server error once the user edits the field', async () => {
    const rejected = formStep([{ ...smsField, error: { code: 'sms_code_incorrect', message: '验证码错误' } }], {
      id: 'sms-step',
      revision: 2,
    });
    const { user } = renderFormStep(rejected);
    expect(await screen.findByRole('alert')).toHaveTextContent('短信验证码错误，请重新输入');
    await waitFor(() => expect(screen.getByLabelText('短信验证码')).toHaveFocus());
    await user.keyboard('1');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByLabelText('短信验证码')).not.toHaveAttribute('aria-invalid');
  });

  it('shows a new captcha returned with a captcha error, the answer cleared', async () => {
    const step = formStep([captchaField], { id: 'cap' });
    const rejected = formStep([{ ...captchaField, image: IMAGE_B, error: { code: 'captcha_incorrect', message: '验证码错误' } }], {
      id: 'cap',
      revision: 1,
    });
    stubFetch(() => stepAnswer(rejected));
    const { user } = renderFormStep(step);
    const input = screen.getByLabelText('图片验证码', { selector: 'input' });
    await user.type(input, '9999');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('图片验证码错误，请重新输入');
    expect(screen.getByRole('img', { name: '图片验证码' })).toHaveAttribute('src', IMAGE_B);
    expect(input).toHaveValue('');
  });

  it('lifts a field error once a later revision of the step comes back without it', async () => {
    const failedRefresh = formStep([{ ...captchaField, error: { code: 'captcha_load_failed', message: '获取图像验证码失败' } }], {
      id: 'cap',
      revision: 1,
    });
    stubFetch(() => stepAnswer(formStep([{ ...captchaField, image: IMAGE_B }], { id: 'cap', revision: 2 })));
    const { user } = renderFormStep(failedRefresh);
    const input = screen.getByLabelText('图片验证码', { selector: 'input' });
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    await user.click(screen.getByRole('button', { name: '刷新图片验证码' }));
    await waitFor(() => expect(screen.getByRole('img', { name: '图片验证码' })).toHaveAttribute('src', IMAGE_B));
    await waitFor(() => expect(input).not.toHaveAttribute('aria-invalid', 'true'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
