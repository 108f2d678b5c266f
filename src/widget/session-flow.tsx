import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DemoSettings } from '../flow';
import type { PhoneFormState } from '../flow/page';
import { detectCarrier, maskPhone } from '../flow/phone';
import { cancelSession } from './api/cancel-session';
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
import { useHandoff } from './session/use-handoff';
import { historyDepth, useHistoryDepth } from './session/use-history-depth';
import { FocusOnMountContext } from './steps/focus';
import { AuthorizedScreen, CancelledScreen, FailedScreen, FormStepScreen, SessionExpiredScreen } from './steps/lazy-screens';
import { PhoneStep, type PhoneStepLink } from './steps/phone-step';
import { useStepCancel } from './steps/use-step-cancel';

interface SessionFlowProps {
  /** Link mode: the session is opened from (and only from) this link. */
  link?: PhoneStepLink;
  /** Demo mode: every session starts on a simulator with these settings, and none is resumed. */
  demo?: DemoSettings;
  /** The phone form as the server rendered it (first phone screen only). */
  initialForm?: PhoneFormState;
  /** A one-time code from the page URL: the server started the session from the posted form. */
  handoff?: string;
}

/** The phone step, then whatever step the server's session is on; Back and Forward move between them. */
export function SessionFlow({ link, demo, initialForm, handoff }: SessionFlowProps) {
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
  // Link mode: the applicant gave the session up to use another number (a new link is needed).
  const [cancelled, setCancelled] = useState(false);
  // The phone step shown again over a live session (Back); the session waits behind it.
  const [reviewing, setReviewing] = useState(() => stored !== undefined && historyDepth() === 0);
  const [firstForm, setFirstForm] = useState(initialForm);
  // The full number, in memory only (sessionStorage keeps it masked); see SessionHandle.phone.
  const [phone, setPhone] = useState<string>();
  const token = stored?.token;
  const query = useSessionQuery(token);
  const step = query.data?.step;

  const end = () => {
    clearStoredSession();
    setStored(undefined);
    setPhone(undefined);
    setReviewing(false);
    setFirstForm(undefined);
    if (token) queryClient.removeQueries({ queryKey: sessionKey(token) });
  };

  const onStarted = (started: StartedSession, startedPhone: string) => {
    // Seed the session query so the next screen renders without a GET.
    queryClient.setQueryData(sessionKey(started.token), started.snapshot);
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
    setReviewing(false);
  };

  const handingOff = useHandoff(stored ? undefined : handoff, {
    onStarted,
    onGone: () => setExpired(true),
  });

  /** Gives the session up on the server, then the phone step (link mode: the cancelled screen). */
  const cancel = async (then: 'phone' | 'cancelled') => {
    if (token) await cancelSession(token);
    end();
    if (then === 'cancelled') {
      setCancelled(true);
      exit?.('change_phone');
    }
  };

  const session = useMemo<SessionHandle | null>(() => {
    if (!token) return null;
    return {
      token,
      phone,
      carrier: stored?.carrier,
      onExpired: () => {
        end();
        setExpired(true);
      },
      // A link opens exactly one session: its number is the lender's (see changeNumber below).
      leave: linkToken === undefined ? () => cancel('phone') : undefined,
    };
    // end/cancel only close over setters, the token and the link.
  }, [token, phone, stored?.carrier, linkToken]);

  // A reload with a token the server has forgotten.
  useEffect(() => {
    if (query.error && isSessionGone(query.error)) session?.onExpired();
  }, [query.error, session]);

  const stepCancel = useStepCancel(session, step);
  const inRecovery = step?.type === 'form' && step.cancellable === true;
  const depth = !session || reviewing ? 0 : inRecovery && !stepCancel.pending ? 2 : 1;
  useHistoryDepth(depth, (target) => {
    if (!session || step?.type === 'authorized') return;
    if (target === 0) setReviewing(true);
    else if (reviewing) setReviewing(false);
    else if (target === 1 && inRecovery) stepCancel.run();
  });

  let view: WidgetView;
  let screen: ReactNode;
  if (cancelled) {
    view = { screen: 'cancelled' };
    screen = <CancelledScreen />;
  } else if (expired) {
    view = { screen: 'expired' };
    screen =
      linkToken === undefined ? (
        <SessionExpiredScreen onRestart={() => setExpired(false)} />
      ) : (
        <SessionExpiredScreen onBack={exit ? () => exit('session_expired') : undefined} />
      );
  } else if (handingOff) {
    view = { screen: 'loading' };
    screen = <LoadingScreen />;
  } else if (!session || reviewing) {
    view = { screen: 'phone' };
    screen = (
      <PhoneStep
        key={session ? 'review' : 'fresh'}
        onStarted={onStarted}
        link={link}
        demo={demo}
        initial={session ? undefined : firstForm}
        resume={
          session && stored
            ? {
                maskedPhone: stored.maskedPhone,
                phone,
                onContinue: () => setReviewing(false),
                giveUp: () => cancelSession(stored.token),
                onCancel: () => cancel('cancelled'),
              }
            : undefined
        }
      />
    );
  } else if (step) {
    view = { screen: 'step', step };
    screen =
      step.type === 'form' ? (
        <FormStepScreen step={step} skewMs={query.data?.skewMs ?? 0} />
      ) : step.type === 'authorized' ? (
        <AuthorizedScreen />
      ) : (
        <FailedScreen step={step} />
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
  const onStep = session !== null && !reviewing && !cancelled && !expired;
  // "更换手机号" on a form step: without a link the session is given up at once; a link's number is
  // the lender's, so the phone step comes back first, saying how to get another number.
  const changeNumber = session?.leave ?? (async () => setReviewing(true));

  return (
    <FocusOnMountContext.Provider value={screenKey !== firstScreenKey}>
      <SessionContext.Provider value={session}>
        <AppFrame
          view={view}
          maskedPhone={onStep ? stored?.maskedPhone : undefined}
          carrier={stored?.carrier}
          onChangeNumber={onStep && step?.type === 'form' ? changeNumber : undefined}
        >
          {screen}
        </AppFrame>
      </SessionContext.Provider>
    </FocusOnMountContext.Provider>
  );
}
