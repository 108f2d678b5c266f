import { act, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANALYTICS_STAGES } from '../../flow/analytics';
import { DASHBOARD_BOOT_ID } from '../../flow/dashboard-api';
import type { DashboardBoot, FunnelResponse } from '../../flow/dashboard-api';
import { readBoot } from '../api/boot';
import { App } from '../app';
import { readFilters, toApi, writeFilters } from '../filters';
import { zhCN } from '../i18n/zh-cn';
import { renderer } from '../ssr/render';

const HOSTILE = '</script><script>alert(1)</script>';

// Hydration is driven through act(), as the page's script would run it.
Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true });

function funnel(): FunnelResponse {
  const range = toApi(readFilters(''));
  return {
    range: { from: range.from ?? '', to: range.to ?? '' },
    totals: {
      sessions: 1234,
      links: 1234,
      opened: 1000,
      started: 900,
      authorized: 600,
      dataReady: 550,
      failed: 40,
      medianToAuthorizeMs: 95_000,
    },
    stages: ANALYTICS_STAGES.map((stage, i) => ({
      stage,
      reached: 1000 - i * 100,
      passed: 900 - i * 100,
      medianMs: 20_000,
      errors: stage === 'password' ? 7 : 0,
      topErrors: stage === 'password' ? [{ code: HOSTILE, count: 7, sessions: 5 }] : [],
    })),
    breakdown: {
      provider: [],
      carrier: [],
      province: [{ value: HOSTILE, sessions: 3, started: 3, authorized: 1, dataReady: 1, medianToAuthorizeMs: null }],
    },
    exits: [],
    daily: [],
  };
}

const boot = (): DashboardBoot => ({
  me: { signedIn: true, lenderId: 'acme', csrfToken: 'csrf-token', expiresAt: null },
  funnel: { search: writeFilters(readFilters('')), data: funnel() },
});

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
});

/** The page as the server streams it: the rendered view in the root element, the block before </body>. */
function serverPage(block: DashboardBoot): HTMLElement {
  const markup = renderer.renderFirstView(block, { pathname: '/dashboard', search: '' }) ?? '';
  document.body.innerHTML = `<div id="root">${markup}</div><script type="application/json" id="${DASHBOARD_BOOT_ID}"></script>`;
  const script = document.getElementById(DASHBOARD_BOOT_ID);
  if (script) script.textContent = JSON.stringify(block);
  return document.getElementById('root') as HTMLElement;
}

describe('the first view rendered on the server', () => {
  it('shows the key figures and the funnel table before any script runs, with every value escaped', () => {
    const markup = renderer.renderFirstView(boot(), { pathname: '/dashboard', search: '' }) ?? '';
    expect(markup).not.toContain('<script');
    expect(markup).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const container = document.createElement('div');
    container.innerHTML = markup;
    expect(container.querySelector('.dash-kpis')?.textContent).toContain('1,234');
    expect(container.querySelector('#funnel-title')?.textContent).toBe(zhCN.funnel.title);
    expect(container.textContent).toContain('acme');
  });

  it('renders nothing without figures (another page, or the server could not compute them)', () => {
    expect(renderer.renderFirstView({ me: boot().me }, { pathname: '/dashboard/sessions', search: '' })).toBeUndefined();
  });

  it('is taken over by the page script without a mismatch, keeping its elements, and then works: the rest is drawn, links route', async () => {
    window.history.replaceState(null, '', '/dashboard');
    const container = serverPage(boot());
    const table = container.querySelector('table');
    const block = readBoot();
    expect(block?.me.lenderId).toBe('acme');
    const recoverable = vi.fn();
    await act(async () => {
      root = hydrateRoot(
        container,
        <StrictMode>
          <App initialMessages={zhCN} boot={block?.me} />
        </StrictMode>,
        { onRecoverableError: recoverable },
      );
    });
    expect(recoverable).not.toHaveBeenCalled();
    // The same table element: hydrated, not replaced.
    expect(container.querySelector('table')).toBe(table);
    expect(performance.getEntriesByName('cl-dashboard-ready').length).toBeGreaterThan(0);
    // The rest of the overview (breakdowns) follows the first view, still from the block (no request).
    expect(await screen.findByRole('heading', { name: zhCN.breakdown.title })).toBeInTheDocument();
    // The server's link got its handler: a plain click routes in the page.
    const sessions = screen.getByRole('link', { name: zhCN.nav.sessions });
    expect(fireEvent.click(sessions)).toBe(false);
    expect(window.location.pathname).toBe('/dashboard/sessions');
  });
});
