import { lazy, Suspense, useState } from 'react';
import type { LinkInfoResponse } from '../flow';
import type { PageBoot, PhoneFormState } from '../flow/page';
import { isLinkToken, prefetchLink } from './api/link-token';
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
  /** What the server rendered into the page, when it did (the phone form's state). */
  boot?: PageBoot;
}

const TOKENLESS: WidgetParams = { mode: 'modal' };

// Link mode (the embed bridge and events, the link screens) is its own chunk: the token-less page
// never loads it, and a link page downloads it while GET /api/link is in flight.
const LinkApp = lazy(() => import('./link-app').then((module) => ({ default: module.LinkAppRoot })));

/** The widget: the token-less quick start at `/`, or link mode when opened with a link token. */
export function App({ params = TOKENLESS, bridge, serverEvents, boot }: AppProps) {
  const initialForm = boot?.screen === 'phone' ? boot.form : undefined;
  if (params.linkToken === undefined) {
    return <SessionFlow demo={params.demo} demoUpdate={params.demoUpdate} handoff={params.handoff} initialForm={initialForm} />;
  }
  return (
    <LinkEntry
      linkToken={params.linkToken}
      params={params}
      bridge={bridge}
      serverEvents={serverEvents}
      initialForm={initialForm}
      initialLink={boot?.screen === 'phone' ? boot.link : undefined}
    />
  );
}

interface LinkEntryProps extends Pick<AppProps, 'bridge' | 'serverEvents'> {
  linkToken: string;
  params: WidgetParams;
  initialForm?: PhoneFormState;
  initialLink?: LinkInfoResponse;
}

function LinkEntry({ linkToken, params, bridge, serverEvents, initialForm, initialLink }: LinkEntryProps) {
  // Starts the request now (unless the server already read the link); LinkApp takes its answer
  // once its chunk has arrived.
  useState(() => {
    if (!initialLink && isLinkToken(linkToken)) prefetchLink(linkToken);
  });
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
        <LinkApp
          linkToken={linkToken}
          params={params}
          bridge={bridge}
          serverEvents={serverEvents}
          initialForm={initialForm}
          initialLink={initialLink}
        />
      </Suspense>
    </ScreenErrorBoundary>
  );
}
