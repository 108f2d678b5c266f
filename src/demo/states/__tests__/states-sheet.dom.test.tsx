import { render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { format } from '../../../widget/i18n/format';
import { en } from '../../../widget/i18n/en';
import type { Locale, Messages } from '../../../widget/i18n/messages';
import { zhCN } from '../../../widget/i18n/zh-cn';
import type { FixtureNetwork } from '../fixture-network';
import { APPLICANT, COUNTDOWN_SECONDS } from '../fixtures';
import { SHEET_STATES } from '../sheet-states';
import { StatesSheet } from '../states-sheet';

const CATALOGUES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

/** The element each state must show, checked inside its cell. */
const EXPECTED: Record<string, (cell: HTMLElement, m: Messages) => void> = {
  'phone-empty': (cell) => {
    expect(cell.querySelector('input[type="tel"]')).toHaveValue('');
    expect(within(cell).queryByRole('alert')).toBeNull();
  },
  'phone-filled': (cell, m) => {
    expect(cell.querySelector('input[type="tel"]')).toHaveValue(APPLICANT.phone);
    expect(within(cell).getByRole('checkbox')).toBeChecked();
    expect(within(cell).getByText(m.carrier.chinaMobile)).toBeInTheDocument();
  },
  'phone-invalid': (cell, m) => {
    const alerts = within(cell)
      .getAllByRole('alert')
      .map((alert) => alert.textContent);
    expect(alerts).toEqual([m.phone.invalid, m.consent.required]);
  },
  'phone-locked': (cell, m) => {
    expect(cell.querySelector('input[type="tel"]')).toHaveAttribute('readonly');
    expect(within(cell).getByText(m.phone.locked)).toBeInTheDocument();
  },
  'password-empty': (cell, m) => {
    expect(within(cell).getByRole('heading', { name: m.form.heading.password })).toBeInTheDocument();
    expect(within(cell).getByLabelText(m.field.label.servicePassword)).toHaveValue('');
  },
  'password-filled': (cell, m) => {
    expect(within(cell).getByLabelText(m.field.label.servicePassword)).toHaveValue('123456');
  },
  'password-upstream-error': (cell, m) => {
    expect(within(cell).getByRole('alert')).toHaveTextContent(m.errors.password_incorrect);
    expect(within(cell).getByLabelText(m.field.label.servicePassword)).toHaveAttribute('aria-invalid', 'true');
  },
  'step-notice': (cell) => {
    expect(within(cell).getByRole('status')).toHaveTextContent('服务密码已重置，请使用新密码登录');
  },
  'recovered-password': (cell, m) => {
    expect(within(cell).getByRole('region', { name: m.recoveredPassword.heading })).toHaveTextContent('826413');
  },
  'vendor-guidance': (cell, m) => {
    const alert = within(cell).getByRole('alert');
    expect(alert).toHaveTextContent(m.errors.account_locked);
    expect(alert.querySelector('.cl-guidance--instruction')).not.toBeNull();
    expect(alert.querySelector('.cl-guidance--retry')).not.toBeNull();
  },
  'captcha-loaded': (cell, m) => {
    expect(within(cell).getByRole('img', { name: m.captcha.alt })).toBeInTheDocument();
    expect(within(cell).getByRole('button', { name: m.captcha.refreshLabel })).toBeEnabled();
  },
  'captcha-refreshing': (cell, m) => {
    const refresh = within(cell).getByRole('button', { name: m.captcha.refreshLabel });
    expect(refresh).toHaveAttribute('aria-busy', 'true');
    expect(refresh.querySelector('.cl-spinner')).not.toBeNull();
  },
  'sms-countdown': (cell, m) => {
    expect(within(cell).getByRole('button', { name: format(m.sms.wait, { n: COUNTDOWN_SECONDS }) })).toBeDisabled();
  },
  'sms-countdown-ended': (cell, m) => {
    expect(within(cell).getByRole('button', { name: m.sms.resend })).toBeEnabled();
  },
  identity: (cell, m) => {
    expect(within(cell).getByLabelText(m.field.label.name)).toBeInTheDocument();
    expect(within(cell).getByLabelText(m.field.label.idCard)).toBeInTheDocument();
  },
  contacts: (cell, m) => {
    expect(within(cell).getAllByRole('textbox')).toHaveLength(2);
    expect(within(cell).getByRole('button', { name: m.contacts.add })).toBeInTheDocument();
  },
  'new-password': (cell, m) => {
    expect(within(cell).getByLabelText(m.newPassword.confirmLabel)).toBeInTheDocument();
    expect(within(cell).getByRole('button', { name: m.form.backToLogin })).toBeInTheDocument();
  },
  select: (cell) => {
    expect(within(cell).getByRole('combobox', { name: '归属地' })).toBeInTheDocument();
  },
  'unknown-text': (cell) => {
    expect(within(cell).getByLabelText('客服密保问题：您的入网城市')).toHaveAttribute('type', 'text');
  },
  submitting: (cell, m) => {
    const submit = within(cell).getByRole('button', { name: m.form.submitting });
    expect(submit).toHaveAttribute('type', 'submit');
    expect(submit).toHaveAttribute('aria-busy', 'true');
  },
  'step-error': (cell, m) => {
    expect(within(cell).getByRole('alert')).toHaveTextContent(m.errors.upstream_unavailable);
  },
  authorized: (cell, m) => {
    expect(within(cell).getByRole('heading', { name: m.authorized.heading })).toBeInTheDocument();
  },
  'failed-restart': (cell, m) => {
    expect(within(cell).getByText(m.errors.upstream_timeout)).toBeInTheDocument();
    expect(within(cell).getByRole('button', { name: m.failed.restart })).toBeInTheDocument();
  },
  'failed-final': (cell, m) => {
    expect(within(cell).getByText(m.errors.account_locked)).toBeInTheDocument();
    expect(within(cell).queryByRole('button', { name: m.failed.restart })).toBeNull();
  },
  'session-expired': (cell, m) => {
    expect(within(cell).getByRole('heading', { name: m.expired.heading })).toBeInTheDocument();
    expect(within(cell).getByRole('button', { name: m.expired.restart })).toBeInTheDocument();
  },
  'link-not-found': (cell, m) => {
    expect(within(cell).getByRole('heading', { name: m.linkError.heading })).toBeInTheDocument();
    expect(within(cell).getByText(m.errors.link_not_found)).toBeInTheDocument();
  },
  'link-used': (cell, m) => {
    expect(within(cell).getByText(m.errors.link_used)).toBeInTheDocument();
  },
  'link-expired': (cell, m) => {
    expect(within(cell).getByText(m.errors.link_expired)).toBeInTheDocument();
  },
  loading: (cell, m) => {
    expect(within(cell).getByRole('status')).toHaveTextContent(m.app.loading);
    expect(cell.querySelector('.cl-spinner')).not.toBeNull();
  },
  'load-error': (cell, m) => {
    expect(within(cell).getByRole('heading', { name: m.app.loadFailed })).toBeInTheDocument();
    expect(within(cell).getByRole('alert')).toHaveTextContent(m.errors.network_error);
  },
};

/** Renders the sheet over a fetch that fails the test if anything reaches it, and waits until every cell is in its state. */
async function renderSheet(search: string) {
  const realNetwork = vi.fn(async () => {
    throw new Error('the states sheet reached the network');
  });
  vi.stubGlobal('fetch', realNetwork);
  let network: FixtureNetwork | undefined;
  const view = render(<StatesSheet search={search} onNetwork={(installed) => (network = installed)} />, { reactStrictMode: true });
  await waitFor(() => expect(document.querySelector('[data-sheet-status]')).toHaveAttribute('data-sheet-status', 'ready'), {
    timeout: 5000,
  });
  const cellOf = (id: string) => {
    const cell = document.querySelector<HTMLElement>(`[data-state="${id}"]`);
    if (!cell) throw new Error(`no cell ${id}`);
    return cell;
  };
  return { ...view, realNetwork, network: () => network, cellOf };
}

describe('the states sheet', () => {
  it('has an expectation for every state it shows', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(SHEET_STATES.map((state) => state.id).sort());
  });

  describe.each(['zh-CN', 'en'] as const)('in %s', (locale) => {
    it('shows every state, labelled, with its key element', async () => {
      const m = CATALOGUES[locale];
      const { cellOf } = await renderSheet(`?locale=${locale}`);
      expect(document.documentElement.lang).toBe(locale);
      for (const state of SHEET_STATES) {
        const cell = cellOf(state.id);
        expect(cell).toHaveAttribute('data-state-status', 'ready');
        expect(cell.querySelector('figcaption')).toHaveTextContent(state.label[locale]);
        EXPECTED[state.id]?.(cell, m);
      }
    });
  });

  it('answers every request from its fixtures and sends none to the network', async () => {
    const { realNetwork, network } = await renderSheet('');
    expect(realNetwork).not.toHaveBeenCalled();
    const requests = network()?.requests.map((request) => `${request.method} ${request.path}`);
    // The outage list (the phone cells), the pending submission and the captcha refresh; every
    // other screen reads the seeded session.
    expect([...new Set(requests)].sort()).toEqual([
      'GET /api/outages',
      'POST /api/session/steps/sheet-captcha/fields/captcha/refresh',
      'POST /api/session/steps/sheet-password',
    ]);
  });

  it('keeps the countdown still while the page stays open', async () => {
    const { cellOf } = await renderSheet('');
    const text = () => within(cellOf('sms-countdown')).getByRole('button', { name: /秒/ }).textContent;
    const before = text();
    expect(before).toBe(format(zhCN.sms.wait, { n: COUNTDOWN_SECONDS }));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(text()).toBe(before);
  });

  it('leaves no field focused once every state is shown', async () => {
    const { container } = await renderSheet('');
    await waitFor(() => expect(container.contains(document.activeElement)).toBe(false));
  });

  it('gives the page its clock and fetch back when it closes', async () => {
    const { unmount, realNetwork } = await renderSheet('');
    expect(globalThis.fetch).not.toBe(realNetwork);
    unmount();
    expect(globalThis.fetch).toBe(realNetwork);
    const before = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.now()).toBeGreaterThan(before);
  });

  it('follows the theme, brand and radius parameters as the widget does', async () => {
    await renderSheet('?theme=dark&brand=%23ff6600&radius=4&locale=en');
    const root = document.documentElement;
    expect(root.dataset.theme).toBe('dark');
    expect(root.style.getPropertyValue('--cl-brand')).not.toBe('');
    expect(root.style.getPropertyValue('--cl-radius')).toBe('4px');
    expect(screen.getByRole('link', { name: '中文' })).toHaveAttribute('href', expect.stringContaining('locale=zh-CN'));
    expect(screen.getByRole('link', { name: '中文' })).toHaveAttribute('href', expect.stringContaining('theme=dark'));
  });
});
