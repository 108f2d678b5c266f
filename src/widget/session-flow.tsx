import { lazy, Suspense, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DemoSettings, Step } from '../flow';
import type { PhoneFormState } from '../flow/page';
import { detectCarrier, maskPhone } from '../flow/phone';
import { cancelSession } from './api/cancel-session';
import type { StartedSession } from './api/start-session';
import { useExit } from './embed/embed-context';
import { viewKey, type WidgetView } from './embed/view';
import { AppFrame } from './layout/app-frame';
import { ChunkFailedScreen, LoadingScreen, ScreenErrorBoundary } from './layout/status-screens';
import { SessionContext, type SessionHandle } from './session/session-context';
import { clearStoredSession, readStoredSession, writeStoredSession, type StoredSession } from './session/session-store';
import type { SessionSnapshot } from './session/snapshot';
import { useHandoff } from './session/use-handoff';
import { historyDepth, useHistoryDepth } from './session/use-history-depth';
import { FocusOnMountContext } from './steps/focus';
import { CancelledScreen, SessionExpiredScreen } from './steps/lazy-screens';
import { PhoneStep, type PhoneStepLink } from './steps/phone-step';

// The session's screens and the query library they use: not in the first load, which is the phone step.
const SessionView = lazy(() => import('./session-view').then((module) => ({ default: module.SessionViewRoot })));

interface SessionFlowProps {
  /** Link mode: the session is opened from (and only from) this link. */
  link?: PhoneStepLink;
  /** Demo mode: every session starts on a simulator with these settings, and none is resumed. */
  demo?: DemoSettings;
  /** A demo update session: the phone step is an update link's (this number, masked and locked). */
  demoUpdate?: { maskedPhone: string };
  /** The phone form as the server rendered it (first phone screen only). */
  initialForm?: PhoneFormState;
  /** A one-time code from the page URL: the server started the session from the posted form. */
  handoff?: string;
}

/** The phone step, then whatever step the server's session is on; Back and Forward move between them. */
export function SessionFlow({ link, demo, demoUpdate, initialForm, handoff }: SessionFlowProps) {
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
  const [snapshot, setSnapshot] = useState<SessionSnapshot>();
  const [shown, setShown] = useState<{ step?: Step; leaving: boolean }>({ leaving: false });
  const backRef = useRef<(() => void) | null>(null);
  const token = stored?.token;

  const end = () => {
    clearStoredSession();
    setStored(undefined);
    setPhone(undefined);
    setSnapshot(undefined);
    setShown({ leaving: false });
    setReviewing(false);
    setFirstForm(undefined);
  };

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
    setSnapshot(started.snapshot);
    setShown({ step: started.snapshot.step, leaving: false });
    setExpired(false);
    setReviewing(false);
  };

  const handingOff = useHandoff(stored ? undefined : handoff, { onStarted, onGone: () => setExpired(true) });

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
      // A link opens exactly one session, for the lender's number (see changeNumber below).
      leave: linkToken === undefined ? () => cancel('phone') : undefined,
    };
    // end/cancel only close over setters, the token and the link.
  }, [token, phone, stored?.carrier, linkToken]);

  // "更换手机号" on a form step: without a link the session is given up at once; a link's number is
  // the lender's, so the phone step comes back first, saying how to get another number.
  // An update link refreshes the applicant's earlier number: there is no other number to change to.
  const changeNumber = link?.update || (demo?.update && demoUpdate) ? undefined : (session?.leave ?? (async () => setReviewing(true)));
  const onState = useCallback((state: { step?: Step; leaving: boolean }) => setShown(state), []);

  const step = shown.step;
  const inRecovery = step?.type === 'form' && step.cancellable === true;
  const depth = !session || reviewing ? 0 : inRecovery && !shown.leaving ? 2 : 1;
  useHistoryDepth(depth, (target) => {
    if (!session || step?.type === 'authorized') return;
    if (target === 0) setReviewing(true);
    else if (reviewing) setReviewing(false);
    else if (target === 1 && inRecovery) backRef.current?.();
  });

  let view: WidgetView | undefined;
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
  } else if (!session || !stored || reviewing) {
    view = { screen: 'phone' };
    screen = (
      <PhoneStep
        key={session ? 'review' : 'fresh'}
        onStarted={onStarted}
        link={link}
        demo={demo}
        demoUpdate={demo?.update ? demoUpdate : undefined}
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
  }
  // The session's own screens (view undefined) take focus unless they are the page's first.
  const screenKey = view ? viewKey(view) : 'session';
  const [firstScreenKey] = useState(screenKey);
  const focus = screenKey !== firstScreenKey;
  const loading = (
    <AppFrame view={{ screen: 'loading' }}>
      <LoadingScreen />
    </AppFrame>
  );

  return (
    <SessionContext.Provider value={session}>
      {view ? (
        <FocusOnMountContext.Provider value={focus}>
          <AppFrame view={view}>{screen}</AppFrame>
        </FocusOnMountContext.Provider>
      ) : session && stored ? (
        <ScreenErrorBoundary
          fallback={
            <AppFrame view={{ screen: 'loading' }}>
              <ChunkFailedScreen />
            </AppFrame>
          }
        >
          <Suspense fallback={loading}>
            <SessionView
              maskedPhone={stored.maskedPhone}
              carrier={stored.carrier}
              initialSnapshot={snapshot}
              focusFirst={focus}
              onChangeNumber={changeNumber}
              onState={onState}
              backRef={backRef}
            />
          </Suspense>
        </ScreenErrorBoundary>
      ) : null}
    </SessionContext.Provider>
  );
}
