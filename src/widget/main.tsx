// The entry: the stylesheets the first screen needs, and the start of the widget. It stays tiny,
// and React (start.tsx and its chunks) is no dependency of it, so the page names no React chunk
// for the browser to fetch and compile before the applicant can type.
import './styles/tokens.css';
import './styles/base.css';
import './styles/form.css';
import './styles/buttons.css';
import './styles/consent.css';
import './styles/chrome.css';
import './styles/embed.css';
import { BOOT_ELEMENT_ID } from '../flow/page';

const start = () => void import('./start');

/** Runs `task` once the page has loaded and the browser is idle (at most a second later). */
function whenIdle(task: () => void): void {
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(task, { timeout: 1000 }) : setTimeout(task, 1));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

// The server sent the phone step as a working form: the applicant can type (and even submit) at
// once. Compiling React takes the main thread for a while on a slow phone, so it waits until the
// page is idle; hydration keeps whatever was typed meanwhile. Any other page starts at once.
const boot = document.getElementById(BOOT_ELEMENT_ID)?.textContent ?? '';
if (/"screen":\s*"phone"/.test(boot)) whenIdle(start);
else start();
