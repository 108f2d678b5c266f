import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import type { Carrier, FormStep } from '../../flow';
import { useSessionQuery } from '../../widget/api/get-session';
import { createQueryClient } from '../../widget/api/query-client';
import type { Bridge } from '../../widget/embed/bridge';
import type { ServerEvents } from '../../widget/embed/server-events';
import type { WidgetParams } from '../../widget/embed/params';
import { en } from '../../widget/i18n/en';
import { I18nProvider } from '../../widget/i18n/i18n-context';
import type { Locale } from '../../widget/i18n/messages';
import { zhCN } from '../../widget/i18n/zh-cn';
import { SessionContext, type SessionHandle } from '../../widget/session/session-context';
import { sessionKey } from '../../widget/session/snapshot';
import { FormStepScreen } from '../../widget/steps/form-step';
import { WidgetRoot } from '../../widget/root';
import { TOKEN } from './fixtures';

interface Options {
  locale?: Locale;
  /** How the page was opened (the URL's parameters); the token-less page by default. */
  params?: WidgetParams;
  bridge?: Bridge | null;
  /** Link mode's reports to the server: none unless a test passes its own (they would be requests of their own). */
  serverEvents?: ServerEvents | null;
  /** Render under StrictMode, as main.tsx does (effects run twice on mount). */
  strict?: boolean;
  /** Pass when the test uses fake timers, so user-event advances them. */
  fakeTimers?: boolean;
}

function providers(children: ReactNode, locale: Locale) {
  // A fresh client per render: no cache leaks between tests, no retries to wait for.
  const queryClient = createQueryClient({ retryReads: false });
  const ui = (
    <QueryClientProvider client={queryClient}>
      <I18nProvider locale={locale} messages={locale === 'en' ? en : zhCN}>
        {children}
      </I18nProvider>
    </QueryClientProvider>
  );
  return { ui, queryClient };
}

function userFor(options: Options) {
  return userEvent.setup(options.fakeTimers ? { advanceTimers: (ms) => vi.advanceTimersByTime(ms) } : {});
}

/** The whole widget, as main.tsx mounts it (the language switch included). */
export function renderApp(options: Options = {}) {
  const locale = options.locale ?? 'zh-CN';
  const queryClient = createQueryClient({ retryReads: false });
  const ui = (
    <WidgetRoot
      queryClient={queryClient}
      params={options.params ?? { mode: 'modal' }}
      locale={locale}
      messages={locale === 'en' ? en : zhCN}
      search={window.location.search}
      bridge={options.bridge}
      serverEvents={options.serverEvents ?? null}
    />
  );
  return { ...render(ui, { reactStrictMode: options.strict ?? false }), queryClient, user: userFor(options) };
}

function SessionStep() {
  const { data } = useSessionQuery(TOKEN);
  if (data?.step.type !== 'form') return <p>{data?.step.type ?? 'no step'}</p>;
  return <FormStepScreen step={data.step} skewMs={data.skewMs} />;
}

/**
 * One form step inside a live session: the session cache is seeded with the step (as the start
 * call would), and refresh/resend/recover/restart/cancel/submit answers flow back through the real
 * hooks. `phone` and `carrier` are what the widget knows of the applicant (as after the phone step). Renders
 * synchronously (no lazy boundary), so it works under fake timers.
 */
export function renderFormStep(step: FormStep, options: Options & { skewMs?: number; phone?: string; carrier?: Carrier } = {}) {
  const session: SessionHandle = {
    token: TOKEN,
    phone: options.phone,
    carrier: options.carrier,
    onExpired: vi.fn(),
    leave: vi.fn(),
  };
  const { ui, queryClient } = providers(
    <SessionContext.Provider value={session}>
      <SessionStep />
    </SessionContext.Provider>,
    options.locale ?? 'zh-CN',
  );
  queryClient.setQueryData(sessionKey(TOKEN), { step, skewMs: options.skewMs ?? 0 });
  return { ...render(ui), queryClient, session, user: userFor(options) };
}
