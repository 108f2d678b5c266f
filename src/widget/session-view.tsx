import { useEffect, useState, type ReactNode, type RefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Carrier, Step } from '../flow';
import { useSessionQuery } from './api/get-session';
import { isSessionGone, toRequestError } from './api/http';
import { WithQueryClient } from './api/query-runtime';
import { viewKey, type WidgetView } from './embed/view';
import { useErrorText } from './i18n/error-text';
import { AppFrame } from './layout/app-frame';
import { LoadErrorScreen, LoadingScreen } from './layout/status-screens';
import { useSession } from './session/session-context';
import { sessionKey, type SessionSnapshot } from './session/snapshot';
import { FocusOnMountContext } from './steps/focus';
import { ServerSkewContext } from './steps/server-clock';
import { AuthorizedScreen, FailedScreen, FormStepScreen } from './steps/lazy-screens';
import { useStepCancel } from './steps/use-step-cancel';

export interface SessionViewProps {
  /** Already masked (138****8000). */
  maskedPhone: string;
  carrier?: Carrier;
  /** The start's answer, so the first step shows without a GET. */
  initialSnapshot?: SessionSnapshot;
  /** The page showed another screen before this view: its first screen takes focus. */
  focusFirst: boolean;
  /** The header's "更换手机号" on a form step. */
  onChangeNumber?(): Promise<void>;
  /** What is on screen, for the flow's history entries: the step, and whether Back is leaving it. */
  onState: (state: { step?: Step; leaving: boolean }) => void;
  /** Set to what browser Back does on a step the applicant may leave (password recovery). */
  backRef: RefObject<(() => void) | null>;
}

/** The session's screens: its own chunk, with the query library the phone step does without. */
export function SessionViewRoot(props: SessionViewProps) {
  return (
    <WithQueryClient>
      <SessionView {...props} />
    </WithQueryClient>
  );
}

/** Whatever step the server's session is on (SessionContext holds the session). */
function SessionView({ maskedPhone, carrier, initialSnapshot, focusFirst, onChangeNumber, onState, backRef }: SessionViewProps) {
  const session = useSession();
  const queryClient = useQueryClient();
  const describeError = useErrorText();
  useState(() => {
    if (initialSnapshot) queryClient.setQueryData(sessionKey(session.token), initialSnapshot);
  });
  const query = useSessionQuery(session.token);
  const step = query.data?.step;
  const stepCancel = useStepCancel(session, step);

  // A reload with a token the server has forgotten.
  useEffect(() => {
    if (query.error && isSessionGone(query.error)) session.onExpired();
  }, [query.error, session]);

  useEffect(() => {
    onState({ step, leaving: stepCancel.pending });
  }, [step, stepCancel.pending, onState]);

  useEffect(() => {
    backRef.current = stepCancel.run;
    return () => {
      backRef.current = null;
    };
  }, [backRef, stepCancel.run]);

  let view: WidgetView;
  let screen: ReactNode;
  if (step) {
    view = { screen: 'step', step };
    const skewMs = query.data?.skewMs ?? 0;
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
    <FocusOnMountContext.Provider value={focusFirst || screenKey !== firstScreenKey}>
      <AppFrame view={view} maskedPhone={maskedPhone} carrier={carrier} onChangeNumber={step?.type === 'form' ? onChangeNumber : undefined}>
        {screen}
      </AppFrame>
    </FocusOnMountContext.Provider>
  );
}
