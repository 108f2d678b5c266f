import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/dashboard.css';
import { readBoot } from './api/boot';
import { App } from './app';
import { initialLocale, loadMessages } from './i18n/i18n';

const container = document.getElementById('root');
const boot = readBoot();
void loadMessages(initialLocale()).then((messages) => {
  if (!container) return;
  createRoot(container).render(
    <StrictMode>
      <App initialMessages={messages} {...(boot && { boot: boot.me })} />
    </StrictMode>,
  );
});
