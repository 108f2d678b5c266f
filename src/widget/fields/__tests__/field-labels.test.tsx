import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../../flow';
import { formStep, IMAGE_A } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';
import { en } from '../../i18n/en';
import { fieldLabel } from '../labels';

describe('field labels and hints', () => {
  it.each<[Field, string]>([
    [{ kind: 'phone', id: 'p', required: true }, '手机号码'],
    [{ kind: 'servicePassword', id: 'pw', required: true }, '服务密码'],
    [{ kind: 'imageCaptcha', id: 'c', required: true, image: IMAGE_A, refreshable: false }, '图片验证码'],
    [{ kind: 'smsCode', id: 's', required: true }, '短信验证码'],
    [{ kind: 'name', id: 'n', required: true }, '姓名'],
    [{ kind: 'idCard', id: 'i', required: true }, '身份证号'],
    [{ kind: 'text', id: 't', required: true }, '请输入'],
    [{ kind: 'select', id: 'sel', required: true, options: [{ label: 'A', value: 'a' }] }, '请输入'],
  ])('labels a %s field with the default for its kind when the upstream gives no title', (field, label) => {
    renderFormStep(formStep([field]));
    const control = screen.getByLabelText(label, { selector: 'input, select' });
    expect(control).toBeInTheDocument();
  });

  it('prefers the upstream title over the default label', () => {
    renderFormStep(formStep([{ kind: 'servicePassword', id: 'pw', required: true, label: '客服密码' }]));
    expect(screen.getByLabelText('客服密码')).toHaveAttribute('type', 'password');
    expect(screen.queryByLabelText('服务密码')).not.toBeInTheDocument();
  });

  it('in English, labels a known kind in English rather than with the Chinese upstream title; a select or text keeps the title', () => {
    expect(fieldLabel({ kind: 'smsCode', id: 's', required: true, label: '短信验证码' }, en, 'en')).toBe(en.field.label.smsCode);
    expect(fieldLabel({ kind: 'servicePassword', id: 'pw', required: true, label: '客服密码' }, en, 'en')).toBe(
      en.field.label.servicePassword,
    );
    expect(fieldLabel({ kind: 'text', id: 't', required: true, label: '宽带账号' }, en, 'en')).toBe('宽带账号');
    expect(fieldLabel({ kind: 'text', id: 't', required: true }, en, 'en')).toBe(en.field.fallbackLabel);
  });

  it('shows the hint as placeholder and the detail hint as the input description', () => {
    const field: Field = {
      kind: 'imageCaptcha',
      id: 'sum',
      required: true,
      image: IMAGE_A,
      refreshable: false,
      hint: '计算结果',
      detailHint: '请输入图中算式的计算结果',
    };
    renderFormStep(formStep([field]));
    const input = screen.getByLabelText('图片验证码', { selector: 'input' });
    expect(input).toHaveAttribute('placeholder', '计算结果');
    expect(input).toHaveAccessibleDescription('请输入图中算式的计算结果');
  });

  it('keeps a short hint as placeholder without its 请输入, and puts a long one in a help line the input is described by', () => {
    const fields: Field[] = [
      { kind: 'idCard', id: 'id', required: true, hint: '请输入机主身份证号码' },
      { kind: 'text', id: 'city', required: true, label: '入网城市', hint: '请输入号码开户时所在的城市', detailHint: '如：北京' },
    ];
    renderFormStep(formStep(fields));
    const idCard = screen.getByLabelText(/身份证号/, { selector: 'input' });
    expect(idCard).toHaveAttribute('placeholder', '机主身份证号码');
    const city = screen.getByLabelText('入网城市', { selector: 'input' });
    expect(city).not.toHaveAttribute('placeholder');
    expect(city).toHaveAccessibleDescription('请输入号码开户时所在的城市 如：北京');
  });

  it('says what the step asks for in its heading and labels the button by intent', () => {
    const { unmount } = renderFormStep(formStep([{ kind: 'servicePassword', id: 'pw', required: true }], { intent: 'login' }));
    expect(screen.getByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '登录' })).toBeInTheDocument();
    unmount();
    for (const [intent, text] of [
      ['requestSms', '获取短信验证码'],
      ['verify', '确认'],
      ['continue', '下一步'],
    ] as const) {
      const view = renderFormStep(formStep([{ kind: 'name', id: 'n', required: true }], { intent }));
      expect(screen.getByRole('button', { name: text })).toHaveAttribute('type', 'submit');
      view.unmount();
    }
  });
});
