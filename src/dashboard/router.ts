import { useEffect, useState } from 'react';

/** The dashboard's pages, under /dashboard. */
export type Route =
  { name: 'overview' } | { name: 'sessions' } | { name: 'session'; id: string } | { name: 'webhooks' } | { name: 'not_found' };

export const ROOT = '/dashboard';

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '');
  if (path === ROOT) return { name: 'overview' };
  if (path === `${ROOT}/sessions`) return { name: 'sessions' };
  if (path === `${ROOT}/webhooks`) return { name: 'webhooks' };
  const session = new RegExp(`^${ROOT}/sessions/([A-Za-z0-9_-]{1,64})$`).exec(path);
  if (session?.[1]) return { name: 'session', id: session[1] };
  return { name: 'not_found' };
}

const CHANGE = 'cl-dashboard-navigate';

/** Goes to `href` (a path under /dashboard with its query) without reloading. */
export function navigate(href: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current location, following links, back and forward; `initial`: the request's, when the server renders. */
export function useLocation(initial?: { pathname: string; search: string }): { pathname: string; search: string } {
  const read = () => ({ pathname: window.location.pathname, search: window.location.search });
  const [location, setLocation] = useState(() => initial ?? read());
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return location;
}
