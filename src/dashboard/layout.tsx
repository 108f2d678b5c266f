import type { ReactNode } from 'react';
import type { DashboardMe } from '../flow/dashboard-api';
import { Link } from './components/link';
import { OutageBanner } from './components/outage-banner';
import { fill, useMessages } from './i18n/i18n';
import { ROOT, type Route } from './router';

interface LayoutProps {
  me: DashboardMe;
  route: Route;
  onSwitchLocale(): void;
  onSignOut(): void;
  children: ReactNode;
}

/** Header (lender, language, sign out), navigation, and the page. */
export function Layout({ me, route, onSwitchLocale, onSignOut, children }: LayoutProps) {
  const m = useMessages();
  const pages = [
    { href: ROOT, label: m.nav.overview, current: route.name === 'overview' },
    { href: `${ROOT}/sessions`, label: m.nav.sessions, current: route.name === 'sessions' || route.name === 'session' },
    { href: `${ROOT}/webhooks`, label: m.nav.webhooks, current: route.name === 'webhooks' },
  ];
  return (
    <div className="dash-app">
      <a className="dash-skip" href="#main">
        {m.app.skip}
      </a>
      <header className="dash-header">
        <p className="dash-brand">
          <span className="dash-brand__product">{m.app.product}</span> {m.app.title}
        </p>
        <div className="dash-header__tools">
          <span className="dash-muted">{fill(m.common.signedInAs, { id: me.lenderId })}</span>
          <button
            type="button"
            className="dash-button dash-button--ghost"
            onClick={onSwitchLocale}
            lang={m.locale === 'en' ? 'zh-CN' : 'en'}
          >
            {m.common.otherLanguage}
          </button>
          <button type="button" className="dash-button dash-button--ghost" onClick={onSignOut}>
            {m.common.signOut}
          </button>
        </div>
      </header>
      <nav className="dash-nav" aria-label={m.nav.label}>
        <ul>
          {pages.map((page) => (
            <li key={page.href}>
              <Link href={page.href} current={page.current} className="dash-nav__link">
                {page.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="dash-main" tabIndex={-1}>
        <OutageBanner />
        {children}
      </main>
    </div>
  );
}
