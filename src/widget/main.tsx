import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import './styles/tokens.css';
import './styles/base.css';
import './styles/form.css';
import './styles/buttons.css';
import './styles/consent.css';
import { createQueryClient } from './api/query-client';
import { App } from './app';
import { applyDocumentSettings, themeFromSearch } from './config';
import { I18nProvider } from './i18n/i18n-context';
import { loadMessages, localeFromSearch } from './i18n/locale';

const search = window.location.search;
const locale = localeFromSearch(search);
const prefersDark = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
applyDocumentSettings(document.documentElement, locale, themeFromSearch(search, prefersDark));

const queryClient = createQueryClient();
const container = document.getElementById('root');

void loadMessages(locale).then((messages) => {
  if (!container) return;
  document.title = `${messages.app.title} · CarrierLink`;
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <I18nProvider locale={locale} messages={messages}>
          <App />
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
});
