import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import './styles/dashboard.css';
import { readBoot } from './api/boot';
import { App } from './app';
import { initialLocale, loadMessages } from './i18n/i18n';

const locale = initialLocale();
const messages = loadMessages(locale);

function start(): void {
  const container = document.getElementById('root');
  if (!container) return;
  const boot = readBoot();
  // The server rendered the first view into the page (in Chinese, from the same boot block): take
  // it over as it is. Otherwise (another language chosen here, no figures) render afresh.
  const rendered = container.firstElementChild !== null && boot?.funnel !== undefined && locale === 'zh-CN';
  void messages.then((loaded) => {
    const app = (
      <StrictMode>
        <App initialMessages={loaded} {...(boot && { boot: boot.me })} />
      </StrictMode>
    );
    if (rendered) hydrateRoot(container, app);
    else {
      container.replaceChildren();
      createRoot(container).render(app);
    }
  });
}

// The script is async: it runs as soon as it has loaded, while the server may still be writing the
// boot block at the end of the page; it starts once the whole page is there.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
