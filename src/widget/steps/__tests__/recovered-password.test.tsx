import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formStep, passwordField } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const RECOVERED = { password: '826413', message: '您的新服务密码为：826413，请使用新服务密码登录' };

describe('a new service password the carrier answered (上海电信)', () => {
  it('shows it on the login step after the recovery, with the carrier words, announced', async () => {
    renderFormStep(
      formStep([passwordField], { intent: 'login', notice: '服务密码已重置，请使用新密码登录', recoveredPassword: RECOVERED }),
    );
    const box = await screen.findByRole('region', { name: '您的新服务密码' });
    expect(box).toHaveTextContent('826413');
    expect(box).toHaveTextContent('运营商提示：您的新服务密码为：826413，请使用新服务密码登录');
    expect(box.closest('[role="status"]')).not.toBeNull();
  });

  it('says so in English, keeping the carrier words', async () => {
    renderFormStep(formStep([passwordField], { intent: 'login', recoveredPassword: RECOVERED }), { locale: 'en' });
    const box = await screen.findByRole('region', { name: 'Your new service password' });
    expect(box).toHaveTextContent('Your carrier says: 您的新服务密码为：826413');
  });

  it('shows nothing of the kind on an ordinary login step', () => {
    renderFormStep(formStep([passwordField], { intent: 'login' }));
    expect(screen.queryByText('您的新服务密码')).toBeNull();
  });
});
