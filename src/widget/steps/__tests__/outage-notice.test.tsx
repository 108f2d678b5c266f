import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { renderApp } from '../../../test-support/widget/render';
import { readWidgetParams } from '../../embed/params';

const phoneInput = () => screen.getByLabelText('手机号码');
const NOTICE = '该地区运营商系统繁忙，可能需要多试一次';

describe('outage notice on the phone step', () => {
  it('warns, in a status region described by the number field, when the typed number carrier is in an outage', async () => {
    const { requests } = stubFetch(
      (request) =>
        request.path === '/api/outages'
          ? {
              status: 200,
              body: { outages: [{ carrier: 'chinaTelecom', province: '上海' }], checkedAt: '2024-05-01T08:00:00.000Z', windowMinutes: 15 },
            }
          : 'network-error',
      { outages: true },
    );
    const { user } = renderApp();
    await user.type(phoneInput(), '1300');
    // Unicom: no notice, and the list was asked once, with no number in it.
    expect(screen.queryByText(NOTICE)).not.toBeInTheDocument();
    await user.clear(phoneInput());
    await user.type(phoneInput(), '18900138000');
    const notice = await screen.findByText(NOTICE);
    expect(notice).toHaveAttribute('role', 'status');
    expect(phoneInput()).toHaveAccessibleDescription(expect.stringContaining(NOTICE));
    expect(requests.filter((request) => request.path === '/api/outages').length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(requests)).not.toContain('18900138000');
  });

  it("asks demo sessions' outages on a demo page, and the simulated outage when the page says outage=1", async () => {
    for (const [search, asked] of [
      ['?demo=rong360', '?demo=1'],
      ['?demo=rong360&outage=1', '?demo=1&simulate=outage'],
      ['?outage=1', ''],
    ] as const) {
      window.history.replaceState(null, '', `/${search}`);
      const { requests } = stubFetch(
        (request) =>
          request.path === '/api/outages'
            ? {
                status: 200,
                body: { outages: [{ carrier: 'chinaMobile', province: null }], checkedAt: '2024-05-01T08:00:00.000Z', windowMinutes: 15 },
              }
            : 'network-error',
        { outages: true },
      );
      const { user, unmount } = renderApp({ params: readWidgetParams(search) });
      await user.type(phoneInput(), '13800138000');
      await screen.findByText(NOTICE);
      expect(
        requests.filter((request) => request.path === '/api/outages').map((request) => request.search ?? ''),
        search,
      ).toEqual([asked]);
      unmount();
    }
    window.history.replaceState(null, '', '/');
  });

  it('shows nothing when the outage list cannot be had', async () => {
    stubFetch(() => ({ status: 200, body: { outages: 'many' } }), { outages: true });
    const { user } = renderApp();
    await user.type(phoneInput(), '18900138000');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByText(NOTICE)).not.toBeInTheDocument();
  });
});
