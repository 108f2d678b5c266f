import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { detectCarrier, maskPhone } from '../flow/phone';
import { useSessionQuery } from './api/get-session';
import { isSessionGone, toRequestError } from './api/http';
import type { StartedSession } from './api/start-session';
import { useErrorText } from './i18n/error-text';
import { Footer } from './layout/footer';
import { Header } from './layout/header';
import { LoadErrorScreen, LoadingScreen, ScreenErrorBoundary } from './layout/status-screens';
import { SessionContext, type SessionHandle } from './session/session-context';
import { clearStoredSession, readStoredSession, writeStoredSession, type StoredSession } from './session/session-store';
import { sessionKey } from './session/snapshot';
import { FocusOnMountContext } from './steps/focus';
import { AuthorizedScreen, FailedScreen, FormStepScreen, SessionExpiredScreen } from './steps/lazy-screens';
import { PhoneStep } from './steps/phone-step';

/** The widget: the phone step, then whatever step the server's session is on. */
export function App() {
  const queryClient = useQueryClient();
  const describeError = useErrorText();
  const [stored, setStored] = useState<StoredSession | undefined>(readStoredSession);
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
      leave: () => {
        end();
        setExpired(false);
      },
    };
  }, [token, phone, stored?.carrier, queryClient]);

  // A reload with a token the server has forgotten.
  useEffect(() => {
    if (query.error && isSessionGone(query.error)) session?.onExpired();
  }, [query.error, session]);

  const onStarted = (started: StartedSession, startedPhone: string) => {
    const next: StoredSession = {
      token: started.token,
      maskedPhone: maskPhone(startedPhone),
      carrier: detectCarrier(startedPhone),
    };
    writeStoredSession(next);
    setStored(next);
    setPhone(startedPhone);
    setExpired(false);
  };

  let screenKey: string;
  let screen: ReactNode;
  if (expired) {
    screenKey = 'expired';
    screen = <SessionExpiredScreen onRestart={() => setExpired(false)} />;
  } else if (!session) {
    screenKey = 'phone';
    screen = <PhoneStep onStarted={onStarted} />;
  } else if (query.data) {
    const { step, skewMs } = query.data;
    screenKey = `step:${step.id}`;
    screen =
      step.type === 'form' ? (
        <FormStepScreen step={step} skewMs={skewMs} />
      ) : step.type === 'authorized' ? (
        <AuthorizedScreen />
      ) : (
        <FailedScreen step={step} />
      );
  } else if (query.error && !isSessionGone(query.error)) {
    const failure = toRequestError(query.error);
    screenKey = 'load-error';
    screen = (
      <LoadErrorScreen
        message={describeError({ code: failure.code, message: failure.serverMessage })}
        onRetry={() => void query.refetch()}
      />
    );
  } else {
    screenKey = 'loading';
    screen = <LoadingScreen />;
  }
  // The first screen keeps the page's focus; every later one takes it (see steps/focus.ts).
  const [firstScreenKey] = useState(screenKey);

  return (
    <FocusOnMountContext.Provider value={screenKey !== firstScreenKey}>
      <SessionContext.Provider value={session}>
        <div className="cl-app">
          <Header maskedPhone={stored?.maskedPhone} carrier={stored?.carrier} />
          <main className="cl-card">
            <ScreenErrorBoundary>
              <Suspense fallback={<LoadingScreen />}>{screen}</Suspense>
            </ScreenErrorBoundary>
          </main>
          <Footer />
        </div>
      </SessionContext.Provider>
    </FocusOnMountContext.Provider>
  );
}
