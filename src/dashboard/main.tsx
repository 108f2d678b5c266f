import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/dashboard.css';
import { readBoot } from './api/boot';
import { App } from './app';
import { initialLocale, loadMessages } from './i18n/i18n';

const messages = loadMessages(initialLocale());

function start(): void {
  const container = document.getElementById('root');
  const boot = readBoot();
  void messages.then((loaded) => {
    if (!container) return;
    createRoot(container).render(
      <StrictMode>
        <App initialMessages={loaded} {...(boot && { boot: boot.me })} />
      </StrictMode>,
    );
  });
}

// The script is async: it runs as soon as it has loaded, while the server may still be writing the
// boot block at the end of the page; it starts once the whole page is there.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
