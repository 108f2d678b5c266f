import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { DashboardLocation, DashboardMe } from '../flow/dashboard-api';
import { onUnauthorized, setCsrfToken } from './api/client';
import { api } from './api/endpoints';
import { preloadCharts } from './charts/chart';
import { Failure, Loading } from './components/status';
import { MessagesContext, loadMessages, saveLocale, type Locale } from './i18n/i18n';
import type { Messages } from './i18n/zh-cn';
import { Layout } from './layout';
import { LoginPage } from './pages/login';
import { OverviewPage } from './pages/overview';
import { ROOT, parseRoute, useLocation } from './router';

// The first view (the funnel) is in the entry; the other pages load when opened.
const SessionsPage = lazy(() => import('./pages/sessions').then((module) => ({ default: module.SessionsPage })));
const SessionPage = lazy(() => import('./pages/session').then((module) => ({ default: module.SessionPage })));
const WebhooksPage = lazy(() => import('./pages/webhooks').then((module) => ({ default: module.WebhooksPage })));

type Auth =
  | { state: 'checking' }
  | { state: 'signed_out'; notice?: string }
  | { state: 'signed_in'; me: DashboardMe }
  | { state: 'error'; error: unknown };

/**
 * `boot`: who is signed in, as the server put it in the page (then the page does not ask).
 * `location`: the request's, when the server renders the first view.
 */
export function App({
  initialMessages,
  boot,
  location: at,
}: {
  initialMessages: Messages;
  boot?: DashboardMe;
  location?: DashboardLocation;
}) {
  const [messages, setMessages] = useState(initialMessages);
  const [auth, setAuth] = useState<Auth>(() => {
    if (!boot) return { state: 'checking' };
    setCsrfToken(boot.csrfToken);
    return { state: 'signed_in', me: boot };
  });
  const location = useLocation(at);
  const route = parseRoute(location.pathname);

  const check = useCallback(() => {
    setAuth({ state: 'checking' });
    api.me().then(
      (me) => {
        if (!me.signedIn) return setAuth({ state: 'signed_out' });
        setCsrfToken(me.csrfToken);
        preloadCharts();
        setAuth({ state: 'signed_in', me });
      },
      (error: unknown) => setAuth({ state: 'error', error }),
    );
  }, []);

  useEffect(() => {
    if (!boot) check();
    onUnauthorized(() => {
      setCsrfToken(null);
      setAuth({ state: 'signed_out', notice: 'expired' });
    });
    return () => onUnauthorized(undefined);
    // The boot block is read once, at the start.
  }, [check]);

  useEffect(() => {
    document.documentElement.lang = messages.locale;
    document.title = `${messages.app.title} · ${messages.app.product}`;
  }, [messages]);

  const switchLocale = () => {
    const next: Locale = messages.locale === 'en' ? 'zh-CN' : 'en';
    saveLocale(next);
    void loadMessages(next).then(setMessages);
  };

  let content;
  if (auth.state === 'checking') content = <Loading />;
  else if (auth.state === 'error') content = <Failure error={auth.error} onRetry={check} />;
  else if (auth.state === 'signed_out') {
    content = (
      <LoginPage
        expired={auth.notice === 'expired'}
        onSignedIn={(me) => {
          setCsrfToken(me.csrfToken);
          preloadCharts();
          setAuth({ state: 'signed_in', me });
        }}
        onSwitchLocale={switchLocale}
      />
    );
  } else {
    const page =
      route.name === 'overview' ? (
        <OverviewPage search={location.search} />
      ) : route.name === 'sessions' ? (
        <SessionsPage search={location.search} />
      ) : route.name === 'session' ? (
        <SessionPage id={route.id} />
      ) : route.name === 'webhooks' ? (
        <WebhooksPage search={location.search} />
      ) : (
        <p>
          <a href={ROOT}>{messages.nav.overview}</a>
        </p>
      );
    content = (
      <Layout
        me={auth.me}
        route={route}
        onSwitchLocale={switchLocale}
        onSignOut={() => {
          void api.logout().finally(() => {
            setCsrfToken(null);
            setAuth({ state: 'signed_out' });
          });
        }}
      >
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </Layout>
    );
  }
  return <MessagesContext.Provider value={messages}>{content}</MessagesContext.Provider>;
}
