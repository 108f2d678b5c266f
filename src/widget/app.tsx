import { lazy, Suspense } from 'react';
import { isLinkToken, useLinkQuery } from './api/get-link';
import type { Bridge } from './embed/bridge';
import type { ServerEvents } from './embed/server-events';
import type { WidgetParams } from './embed/params';
import { AppFrame } from './layout/app-frame';
import { ChunkFailedScreen, LoadingScreen, ScreenErrorBoundary } from './layout/status-screens';
import { SessionFlow } from './session-flow';

export interface AppProps {
  /** How the page was opened (main.tsx reads them from the URL). */
  params?: WidgetParams;
  /** Link mode's postMessage bridge; left out, one is made when the page is framed. */
  bridge?: Bridge | null;
  /** Link mode's reports to the server; left out, one is made (tests pass their own or `null`). */
  serverEvents?: ServerEvents | null;
}

const TOKENLESS: WidgetParams = { mode: 'modal' };

// Link mode (the embed bridge and events, the link screens) is its own chunk: the token-less page
// never loads it, and a link page downloads it while GET /api/link is in flight.
const LinkApp = lazy(() => import('./link-app').then((module) => ({ default: module.LinkApp })));

/** The widget: the token-less quick start at `/`, or link mode when opened with a link token. */
export function App({ params = TOKENLESS, bridge, serverEvents }: AppProps) {
  if (params.linkToken === undefined) return <SessionFlow demo={params.demo} />;
  return <LinkEntry linkToken={params.linkToken} params={params} bridge={bridge} serverEvents={serverEvents} />;
}

function LinkEntry({ linkToken, params, bridge, serverEvents }: { linkToken: string; params: WidgetParams } & Omit<AppProps, 'params'>) {
  // Starts the request now; LinkApp reads the same query once its chunk has arrived.
  useLinkQuery(isLinkToken(linkToken) ? linkToken : undefined);
  return (
    <ScreenErrorBoundary
      fallback={
        <AppFrame view={{ screen: 'loading' }}>
          <ChunkFailedScreen />
        </AppFrame>
      }
    >
      <Suspense
        fallback={
          <AppFrame view={{ screen: 'loading' }}>
            <LoadingScreen />
          </AppFrame>
        }
      >
        <LinkApp linkToken={linkToken} params={params} bridge={bridge} serverEvents={serverEvents} />
      </Suspense>
    </ScreenErrorBoundary>
  );
}
