import { readStoredSession } from '../session/session-store';
import type { OutgoingEvent } from './bridge';

// flow/analytics' BROWSER_EVENTS_PATH; importing that module by value would pull zod into this
// chunk (a test pins the two together).
export const BROWSER_EVENTS_PATH = '/api/session/events';
/** Far below the server's per-session cap: a page shows a handful of screens. */
const MAX_SENDS = 60;

/** What only the browser knows, told to the server for the lender's funnel: screens shown, the page left. */
export interface ServerEvents {
  emit(event: OutgoingEvent): void;
  /** Stops listening for the page being left. */
  close(): void;
}

export interface ServerEventsOptions {
  /** The link the page was opened with: it names the session until the session's own token exists. */
  linkToken: string;
  /** The session's token once started (sessionStorage, as the session flow keeps it). */
  sessionToken?: () => string | undefined;
  fetch?: typeof fetch;
  window?: Window;
}

/**
 * Sends `screen_view` for every screen shown and `exit` when the widget is left (the embed exit
 * reasons, or `page_left` when the page is closed or reloaded without one). Kinds only, never a
 * value; fire and forget (`keepalive`, so a request made while the page unloads still goes out);
 * a failure is ignored: analytics never get in the applicant's way.
 */
export function createServerEvents(options: ServerEventsOptions): ServerEvents {
  const win = options.window ?? window;
  const send = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => win.fetch(input, init));
  const sessionToken = options.sessionToken ?? (() => readStoredSession(options.linkToken)?.token);
  let screen: { screen: string; fields: string[] } | null = null;
  let left = false;
  let sends = 0;

  const post = (event: Record<string, unknown>) => {
    if (sends >= MAX_SENDS) return;
    sends += 1;
    const token = sessionToken() ?? options.linkToken;
    try {
      void send(BROWSER_EVENTS_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: [event] }),
        credentials: 'omit',
        cache: 'no-store',
        keepalive: true,
      }).catch(() => undefined);
    } catch {
      // A fetch that throws synchronously (no network stack): nothing to do.
    }
  };

  const onPageHide = () => {
    if (left || !screen) return;
    left = true;
    post({ kind: 'exit', reason: 'page_left', ...screen });
  };
  win.addEventListener('pagehide', onPageHide);

  return {
    emit(event) {
      if (event.type === 'step_shown') {
        screen = { screen: event.data.step.kind, fields: [...event.data.step.fields] };
        left = false;
        post({ kind: 'screen_view', ...screen });
      } else if (event.type === 'exit' && !left) {
        left = true;
        const step = event.data.step;
        post({ kind: 'exit', reason: event.data.reason, screen: step ? step.kind : null, fields: step ? [...step.fields] : [] });
      }
    },
    close() {
      win.removeEventListener('pagehide', onPageHide);
    },
  };
}
