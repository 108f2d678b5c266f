/**
 * The widget's start: reads the page, then hydrates the server's phone step or renders the widget.
 * main.tsx imports it (at once, or when the page is idle after a server-rendered phone step).
 */
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { chooseLocale } from '../flow/page';
import { readBoot } from './boot';
import { applyDocumentSettings, themeFromSearch } from './config';
import { isFramed, readWidgetParams } from './embed/params';
import { loadMessages } from './i18n/locale';
import { readChosenLocale } from './i18n/locale-choice';
import { WidgetRoot } from './root';
import { readStoredSession } from './session/session-store';

const search = window.location.search;
const params = readWidgetParams(search);
// What the server rendered into the page (src/widget/ssr), if it did.
const boot = readBoot();
const chosen = readChosenLocale();
// The server chose as chooseLocale does, from the page URL, the link and Accept-Language; only an
// applicant's choice it could not see (another URL in this tab) overrides it.
const locale =
  boot && (chosen === undefined || chosen === boot.locale)
    ? boot.locale
    : chooseLocale({ chosen, url: params.locale, link: boot?.link?.locale, languages: navigator.languages });
const prefersDark = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
const theme = themeFromSearch(search, prefersDark);
applyDocumentSettings(document.documentElement, locale, theme);
// `?brand=` and `?radius=` (already validated): the server's page links their stylesheet; a page
// it did not render gets them from the colour arithmetic, its own chunk.
if ((params.brand !== undefined || params.radius !== undefined) && !document.querySelector('link[data-cl-theme]')) {
  void import('./theme/apply-theme').then(({ applyTheme }) =>
    applyTheme(document.documentElement, { theme, brand: params.brand, radius: params.radius }),
  );
}

// Framed chrome for a link's page (styles/embed.css): no outer margins; inline frames follow the content.
if (params.linkToken !== undefined && isFramed()) document.documentElement.dataset.embed = params.mode;

const container = document.getElementById('root');

/**
 * Whether the widget's first render is the phone step the server sent, in the same language: then
 * it takes the markup over as it is (what was typed, the focus). A reload mid-flow (a stored
 * session) or a hand-off code shows something else, so the server's placeholder is replaced.
 */
function takesOverServerMarkup(): boolean {
  if (boot?.screen !== 'phone' || locale !== boot.locale || params.handoff !== undefined) return false;
  return params.demo !== undefined || readStoredSession(params.linkToken) === undefined;
}

void loadMessages(locale).then((messages) => {
  if (!container) return;
  const tree = (
    <StrictMode>
      <WidgetRoot params={params} locale={locale} messages={messages} chosen={chosen} search={search} boot={boot} />
    </StrictMode>
  );
  if (takesOverServerMarkup()) {
    hydrateRoot(container, tree);
    return;
  }
  container.replaceChildren();
  createRoot(container).render(tree);
});
