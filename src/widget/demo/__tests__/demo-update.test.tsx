import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, passwordField, startAnswer } from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';
import { readWidgetParams } from '../../embed/params';

// A demo update page (`?demo=&update=<masked number>`, the gallery's update scenarios) is an update
// link's phone step: the number masked and locked, the update intro, the consent asked again.
const loginStep = formStep([passwordField], { id: 'login', intent: 'login' });

describe('a demo update page', () => {
  it('reads the masked number only, and no update without a demo vendor or with a full number', () => {
    expect(readWidgetParams('?demo=rong360&update=138****8008')).toMatchObject({
      demo: { provider: 'rong360', update: true },
      demoUpdate: { maskedPhone: '138****8008' },
    });
    for (const search of ['?update=138****8008', '?demo=rong360&update=13800138008', '?demo=rong360&update=']) {
      const params = readWidgetParams(search);
      expect(params.demoUpdate, search).toBeUndefined();
      expect(params.demo?.update, search).toBeUndefined();
    }
  });

  it('shows the masked locked number, the update intro and consent, and starts with no number', async () => {
    const { requests } = stubFetch(() => startAnswer(loginStep));
    const { user } = renderApp({ params: readWidgetParams('?demo=dianhua&update=151****0009') });
    const phone = await screen.findByLabelText('手机号码');
    expect(phone).toHaveValue('151****0009');
    expect(phone).toHaveAttribute('readonly');
    expect(phone).not.toHaveAttribute('name');
    expect(screen.getByText(/借款机构请求更新您此前授权的运营商数据/)).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: '我同意本次数据更新，再次授权，并已阅读《运营商授权协议》' }));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
    const start = requests.find((r) => r.path === '/api/sessions');
    expect(start?.body).toMatchObject({ demo: { provider: 'dianhua', update: true } });
    expect(start?.body).not.toHaveProperty('phone');
    expect(screen.getByText('151****0009')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '更换手机号' })).not.toBeInTheDocument();
  });

  it('says the same in English', async () => {
    stubFetch(() => startAnswer(loginStep));
    renderApp({ params: readWidgetParams('?demo=rong360&update=138****8008'), locale: 'en' });
    const phone = await screen.findByLabelText(/mobile number/i);
    expect(phone).toHaveValue('138****8008');
    expect(phone).toHaveAccessibleDescription(expect.stringContaining('The number you authorized last time'));
    expect(screen.getByRole('checkbox', { name: /I agree to this data update, authorize again/ })).not.toBeChecked();
  });
});
