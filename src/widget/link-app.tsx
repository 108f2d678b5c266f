import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { isLinkToken, useLinkQuery } from './api/get-link';
import { ApiRequestError, toRequestError } from './api/http';
import { createBridge, type Bridge } from './embed/bridge';
import { EmbedContext, ReportingContext, type Embed } from './embed/embed-context';
import { createEmbedReporting } from './embed/embed-reporting';
import { isFramed, type WidgetParams } from './embed/params';
import { createReporter } from './embed/reporter';
import { createServerEvents, type ServerEvents } from './embed/server-events';
import type { LinkErrorCode } from './embed/view';
import { errorText } from './i18n/error-text';
import { useLocale, useLocaleControl, useMessages } from './i18n/i18n-context';
import { AppFrame } from './layout/app-frame';
import { LoadErrorScreen, LoadingScreen } from './layout/status-screens';
import { SessionFlow } from './session-flow';
import { readStoredSession } from './session/session-store';
import type { LinkInfoResponse } from '../flow';
import type { PhoneFormState } from '../flow/page';
import { WithQueryClient } from './api/query-runtime';
import { LinkErrorScreen } from './steps/lazy-screens';

interface LinkAppProps {
  linkToken: string;
  params: WidgetParams;
  /**
   * The postMessage bridge; by default one to `window.parent` when framed, none top-level (a
   * lender app's webview may open the link page directly).
   */
  bridge?: Bridge | null;
  /** Screens shown and exits, told to the server for the lender's analytics; by default sent with fetch, `null` sends none. */
  serverEvents?: ServerEvents | null;
  /** The phone form as the server rendered it. */
  initialForm?: PhoneFormState;
  /** The link as the server read it for the page. */
  initialLink?: LinkInfoResponse;
}

/** Link mode's chunk: its screens under the page's query client. */
export function LinkAppRoot(props: LinkAppProps) {
  return (
    <WithQueryClient>
      <LinkApp {...props} />
    </WithQueryClient>
  );
}

/** What a refused GET /api/link means for the user; undefined when trying again may help. */
function linkErrorOf(error: unknown): LinkErrorCode | undefined {
  if (!(error instanceof ApiRequestError)) return undefined;
  if (error.code === 'link_used' || error.code === 'link_expired' || error.code === 'link_not_found') return error.code;
  // Any other refusal of the token itself (unknown, malformed, not ours) reads as an unknown link.
  if (error.status === 400 || error.status === 401 || error.status === 404) return 'link_not_found';
  return undefined;
}

/**
 * Link mode (`?link_token=`): reads the link first. An unused link goes to the phone step (its
 * number prefilled and locked); a used or expired one continues this link's stored session if
 * this browser tab has one (a reload mid-flow), else says the link cannot be used.
 */
export function LinkApp({ linkToken, params, bridge: given, serverEvents, initialForm, initialLink }: LinkAppProps) {
  const wellFormed = isLinkToken(linkToken);
  const query = useLinkQuery(wellFormed ? linkToken : undefined, initialLink);
  const info = query.data;
  const shown = { locale: useLocale(), messages: useMessages() };
  const control = useLocaleControl();
  // The applicant's own choice, else the page URL's, else the link's; else the page's as it started.
  const wanted = control?.chosen ?? params.locale ?? info?.locale;
  const waiting = wanted !== undefined && wanted !== shown.locale && control?.failed !== wanted;
  // The page's catalogue when it speaks the wanted language (or that one could not be loaded).
  const catalogue = info !== undefined && !waiting ? shown : undefined;
  const [bridge] = useState(() =>
    given !== undefined ? given : isFramed() ? createBridge({ channel: params.channel, parentOrigin: params.parentOrigin }) : null,
  );
  const [reporting] = useState(() => {
    // A malformed token names no link: there is nothing to tell the server about.
    const server =
      serverEvents !== undefined ? serverEvents : wellFormed && typeof window !== 'undefined' ? createServerEvents({ linkToken }) : null;
    const reporter = createReporter({
      emit(event) {
        bridge?.emit(event);
        server?.emit(event);
      },
    });
    return { reporter, server, Reporting: createEmbedReporting(reporter) };
  });
  useEffect(() => () => reporting.server?.close(), [reporting]);
  const locale = catalogue?.locale;

  const verified = bridge !== null && info !== undefined && bridge.accepts(info.allowedOrigins);
  const embed = useMemo<Embed | null>(
    () => (verified ? { mode: params.mode, reporter: reporting.reporter } : null),
    [verified, reporting, params.mode],
  );

  // The handshake starts once the link (its origins) and the locale (for `ready`) are known.
  useEffect(() => {
    if (bridge && info && locale) bridge.connect(info.allowedOrigins, { locale });
  }, [bridge, info, locale]);

  useEffect(() => {
    if (info && waiting && wanted && control?.pending !== wanted) control?.switchTo(wanted, 'lender');
  }, [info, waiting, wanted, control]);

  // Decided once per answer: starting the session must not turn the phone step into a link error.
  // A hand-off code: the server started this link's session from the form posted before the script ran.
  const resumable = useMemo(
    () => info !== undefined && (info.state === 'unused' || readStoredSession(linkToken) !== undefined || params.handoff !== undefined),
    [info, linkToken, params.handoff],
  );

  let content: ReactNode;
  const linkError = wellFormed ? linkErrorOf(query.error) : 'link_not_found';
  if (linkError) {
    content = (
      <AppFrame view={{ screen: 'link_error', code: linkError }}>
        <LinkErrorScreen code={linkError} />
      </AppFrame>
    );
  } else if (query.error) {
    const failure = toRequestError(query.error);
    const message = errorText(shown.messages, shown.locale, { code: failure.code, message: failure.serverMessage });
    content = (
      <AppFrame view={{ screen: 'load_error', error: failure }}>
        <LoadErrorScreen message={message} onRetry={() => void query.refetch()} />
      </AppFrame>
    );
  } else if (!info || !catalogue) {
    content = (
      <AppFrame view={{ screen: 'loading' }}>
        <LoadingScreen />
      </AppFrame>
    );
  } else if (resumable) {
    content = (
      <SessionFlow
        link={{
          token: linkToken,
          phone: info.state === 'unused' ? info.phone : undefined,
          ...(info.mode === 'update' && { update: { maskedPhone: info.state === 'unused' ? info.maskedPhone : undefined } }),
        }}
        initialForm={initialForm}
        handoff={params.handoff}
      />
    );
  } else {
    const code = info.state === 'expired' ? 'link_expired' : 'link_used';
    content = (
      <AppFrame view={{ screen: 'link_error', code }}>
        <LinkErrorScreen code={code} />
      </AppFrame>
    );
  }

  return (
    <EmbedContext.Provider value={embed}>
      <ReportingContext.Provider value={reporting.Reporting}>{content}</ReportingContext.Provider>
    </EmbedContext.Provider>
  );
}
