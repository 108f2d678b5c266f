import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DemoSettings } from '../flow';
import { detectCarrier, maskPhone } from '../flow/phone';
import { useSessionQuery } from './api/get-session';
import { isSessionGone, toRequestError } from './api/http';
import type { StartedSession } from './api/start-session';
import { useExit } from './embed/embed-context';
import { viewKey, type WidgetView } from './embed/view';
import { useErrorText } from './i18n/error-text';
import { AppFrame } from './layout/app-frame';
import { LoadErrorScreen, LoadingScreen } from './layout/status-screens';
import { SessionContext, type SessionHandle } from './session/session-context';
import { clearStoredSession, readStoredSession, writeStoredSession, type StoredSession } from './session/session-store';
import { sessionKey } from './session/snapshot';
import { FocusOnMountContext } from './steps/focus';
import { ServerSkewContext } from './steps/server-clock';
import { AuthorizedScreen, FailedScreen, FormStepScreen, SessionExpiredScreen } from './steps/lazy-screens';
import { PhoneStep, type PhoneStepLink } from './steps/phone-step';

interface SessionFlowProps {
  /** Link mode: the session is opened from (and only from) this link. */
  link?: PhoneStepLink;
  /** Demo mode: every session starts on a simulator with these settings, and none is resumed. */
  demo?: DemoSettings;
}

/** The phone step, then whatever step the server's session is on. */
export function SessionFlow({ link, demo }: SessionFlowProps) {
  const queryClient = useQueryClient();
  const describeError = useErrorText();
  const exit = useExit();
  const linkToken = link?.token;
  const [stored, setStored] = useState<StoredSession | undefined>(() => {
    if (demo === undefined) return readStoredSession(linkToken);
    // Every demo page load starts clean: the gallery's frames must not pick up another run's session.
    clearStoredSession();
    return undefined;
  });
  const [expired, setExpired] = useState(false);
  // The full number, in memory only (sessionStorage keeps it masked); see SessionHandle.phone.
  const [phone, setPhone] = useState<string>();
  const token = stored?.token;
  const query = useSessionQuery(token);

  const session = useMemo<SessionHandle | null>(() => {
    if (!token) return null;
    const end = () => {
      clearStoredSession();
      setStored(undefined);
      setPhone(undefined);
      queryClient.removeQueries({ queryKey: sessionKey(token) });
    };
    return {
      token,
      phone,
      carrier: stored?.carrier,
      onExpired: () => {
        end();
        setExpired(true);
      },
      // A link opens exactly one session: in link mode there is no other number to go back to.
      leave:
        linkToken === undefined
          ? () => {
              end();
              setExpired(false);
            }
          : undefined,
    };
  }, [token, phone, stored?.carrier, queryClient, linkToken]);

  // A reload with a token the server has forgotten.
  useEffect(() => {
    if (query.error && isSessionGone(query.error)) session?.onExpired();
  }, [query.error, session]);

  const onStarted = (started: StartedSession, startedPhone: string) => {
    const next: StoredSession = {
      token: started.token,
      maskedPhone: maskPhone(startedPhone),
      carrier: detectCarrier(startedPhone),
      ...(linkToken === undefined ? {} : { linkToken }),
    };
    // A demo session is never resumed, so it is not stored: the gallery's frames share one sessionStorage.
    if (demo === undefined) writeStoredSession(next);
    setStored(next);
    setPhone(startedPhone);
    setExpired(false);
  };

  let view: WidgetView;
  let screen: ReactNode;
  if (expired) {
    view = { screen: 'expired' };
    screen =
      linkToken === undefined ? (
        <SessionExpiredScreen onRestart={() => setExpired(false)} />
      ) : (
        <SessionExpiredScreen onBack={exit ? () => exit('session_expired') : undefined} />
      );
  } else if (!session) {
    view = { screen: 'phone' };
    screen = <PhoneStep onStarted={onStarted} link={link} demo={demo} />;
  } else if (query.data) {
    const { step, skewMs } = query.data;
    view = { screen: 'step', step };
    screen = (
      // Errors' retryAt is on the server clock: its guidance reads the skew from here.
      <ServerSkewContext.Provider value={skewMs}>
        {step.type === 'form' ? (
          <FormStepScreen step={step} skewMs={skewMs} />
        ) : step.type === 'authorized' ? (
          <AuthorizedScreen />
        ) : (
          <FailedScreen step={step} />
        )}
      </ServerSkewContext.Provider>
    );
  } else if (query.error && !isSessionGone(query.error)) {
    const failure = toRequestError(query.error);
    view = { screen: 'load_error', error: failure };
    screen = (
      <LoadErrorScreen
        message={describeError({ code: failure.code, message: failure.serverMessage })}
        onRetry={() => void query.refetch()}
      />
    );
  } else {
    view = { screen: 'loading' };
    screen = <LoadingScreen />;
  }
  const screenKey = viewKey(view);
  // The first screen keeps the page's focus; every later one takes it (see steps/focus.ts).
  const [firstScreenKey] = useState(screenKey);

  return (
    <FocusOnMountContext.Provider value={screenKey !== firstScreenKey}>
      <SessionContext.Provider value={session}>
        <AppFrame view={view} maskedPhone={stored?.maskedPhone} carrier={stored?.carrier}>
          {screen}
        </AppFrame>
      </SessionContext.Provider>
    </FocusOnMountContext.Provider>
  );
}
