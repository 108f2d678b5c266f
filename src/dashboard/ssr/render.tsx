import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import type { DashboardBoot, DashboardLocation, DashboardPageRenderer } from '../../flow/dashboard-api';
import { withBootFunnel } from '../api/boot';
import { setCsrfToken } from '../api/client';
import { App } from '../app';
import { zhCN } from '../i18n/zh-cn';

/**
 * The first view (the overview with its key figures and funnel table) as HTML, rendered from the
 * boot block the page also carries, in the default language. The browser lays it out while the
 * script downloads; the script then hydrates it with the same block. React escapes every value.
 */
function renderFirstView(boot: DashboardBoot, location: DashboardLocation): string | undefined {
  if (!boot.funnel) return undefined;
  try {
    return withBootFunnel(boot.funnel, () =>
      renderToString(
        <StrictMode>
          <App initialMessages={zhCN} boot={boot.me} location={location} />
        </StrictMode>,
      ),
    );
  } finally {
    // The App keeps the sign-in's CSRF token for its API calls; on the server there are none.
    setCsrfToken(null);
  }
}

export const renderer: DashboardPageRenderer = { renderFirstView };
