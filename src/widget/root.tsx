import type { QueryClient } from '@tanstack/react-query';
import type { PageBoot } from '../flow/page';
import { QueryClientSlot } from './api/client-slot';
import { App } from './app';
import type { Bridge } from './embed/bridge';
import type { ServerEvents } from './embed/server-events';
import type { WidgetParams } from './embed/params';
import type { Locale, Messages } from './i18n/messages';
import { LocaleRoot } from './i18n/locale-root';

export interface WidgetRootProps {
  /** The server's render and tests give theirs; the browser's page makes one when it needs it. */
  queryClient?: QueryClient;
  params: WidgetParams;
  locale: Locale;
  messages: Messages;
  /** The applicant's language choice of this tab. */
  chosen?: Locale;
  /** The page URL's query. */
  search: string;
  boot?: PageBoot;
  /** Null on the server (no window); left out in the browser, which makes its own when framed. */
  bridge?: Bridge | null;
  /** Link mode's reports to the server; left out, the browser makes its own (tests pass their own or `null`). */
  serverEvents?: ServerEvents | null;
}

/** The whole widget, exactly as the server renders it and the browser hydrates it. */
export function WidgetRoot({ queryClient, params, locale, messages, chosen, search, boot, bridge, serverEvents }: WidgetRootProps) {
  return (
    <QueryClientSlot.Provider value={queryClient ?? null}>
      <LocaleRoot locale={locale} messages={messages} chosen={chosen} search={search}>
        <App params={params} boot={boot} bridge={bridge} serverEvents={serverEvents} />
      </LocaleRoot>
    </QueryClientSlot.Provider>
  );
}
