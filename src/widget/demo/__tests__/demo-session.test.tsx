import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DemoSettings } from '../../../flow';
import type { WidgetParams } from '../../embed/params';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, passwordField, startAnswer, storeSession } from '../../../test-support/widget/fixtures';
import { renderApp } from '../../../test-support/widget/render';

const loginStep = formStep([passwordField], { intent: 'login' });
const demo: DemoSettings = { provider: 'dianhua', latencyMs: 500, fault: { kind: 'timeout', at: 'submit' } };
const demoParams: WidgetParams = { mode: 'modal', demo };

async function startWith(params?: WidgetParams) {
  const { requests } = stubFetch(() => startAnswer(loginStep));
  const { user } = renderApp({ params });
  await user.type(screen.getByLabelText('手机号码'), '13800138000');
  await user.click(screen.getByRole('checkbox', { name: '我已阅读并同意《运营商授权协议》' }));
  await user.click(screen.getByRole('button', { name: '下一步' }));
  expect(await screen.findByRole('heading', { name: '输入服务密码' })).toBeInTheDocument();
  return requests;
}

describe('demo mode in the widget', () => {
  it('sends the demo settings with the session start', async () => {
    const requests = await startWith(demoParams);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe('/api/sessions');
    expect(requests[0]?.body).toMatchObject({ phone: '13800138000', demo });
  });

  it('sends no demo settings when the page was not opened for a demo', async () => {
    const requests = await startWith();
    expect(requests[0]?.path).toBe('/api/sessions');
    expect(requests[0]?.body).not.toHaveProperty('demo');
  });

  it('does not resume a stored session, and clears it', () => {
    storeSession();
    const { fetchMock } = stubFetch(() => startAnswer(loginStep));
    renderApp({ params: demoParams });
    expect(screen.getByLabelText('手机号码')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(window.sessionStorage.getItem('carrierlink.session')).toBeNull();
  });

  it('does not store the demo session, so the gallery frames sharing the storage stay apart', async () => {
    await startWith(demoParams);
    expect(window.sessionStorage.getItem('carrierlink.session')).toBeNull();
    // Still the session of this page: the header knows the masked number.
    expect(screen.getByRole('banner')).toHaveTextContent('138****8000');
  });
});
