import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import './styles/tokens.css';
import './styles/base.css';
import './styles/form.css';
import './styles/buttons.css';
import './styles/consent.css';
import './styles/embed.css';
import { createQueryClient } from './api/query-client';
import { App } from './app';
import { applyDocumentSettings, themeFromSearch } from './config';
import { isFramed, readWidgetParams } from './embed/params';
import { I18nProvider } from './i18n/i18n-context';
import { loadMessages } from './i18n/locale';

const search = window.location.search;
const params = readWidgetParams(search);
// The URL's locale wins; in link mode the link's may follow once it is read (link-app.tsx).
const locale = params.locale ?? 'zh-CN';
const prefersDark = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
const theme = themeFromSearch(search, prefersDark);
applyDocumentSettings(document.documentElement, locale, theme);
// `?brand=` and `?radius=` (already validated) as CSS custom properties, for either theme; the
// colour arithmetic is its own chunk, fetched only by a page that asks for it.
if (params.brand !== undefined || params.radius !== undefined) {
  void import('./theme/apply-theme').then(({ applyTheme }) =>
    applyTheme(document.documentElement, { theme, brand: params.brand, radius: params.radius }),
  );
}

// Framed chrome for a link's page (styles/embed.css): no outer margins; inline frames follow the content.
if (params.linkToken !== undefined && isFramed()) document.documentElement.dataset.embed = params.mode;

const queryClient = createQueryClient();
const container = document.getElementById('root');

void loadMessages(locale).then((messages) => {
  if (!container) return;
  document.title = `${messages.app.title} · CarrierLink`;
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <I18nProvider locale={locale} messages={messages}>
          <App params={params} />
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
});
