import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { useSessionQuery } from '../../widget/api/get-session';
import { ApiRequestError, type RequestErrorCode } from '../../widget/api/http';
import { createQueryClient } from '../../widget/api/query-client';
import { useErrorText } from '../../widget/i18n/error-text';
import { useLocale } from '../../widget/i18n/i18n-context';
import { AppFrame } from '../../widget/layout/app-frame';
import { LoadErrorScreen, LoadingScreen } from '../../widget/layout/status-screens';
import { SessionContext, type SessionHandle } from '../../widget/session/session-context';
import { sessionKey, toSnapshot } from '../../widget/session/snapshot';
import { AuthorizedScreen } from '../../widget/steps/authorized-screen';
import { FailedScreen } from '../../widget/steps/failed-screen';
import { FormStepScreen } from '../../widget/steps/form-step';
import { LinkErrorScreen } from '../../widget/steps/link-error-screen';
import { PhoneStep } from '../../widget/steps/phone-step';
import { SessionExpiredScreen } from '../../widget/steps/session-expired-screen';
import { createCellDriver } from './cell-driver';
import { APPLICANT, SERVER_TIME } from './fixtures';
import { sheetToken, type SheetScreen, type SheetState } from './sheet-states';

/** Whether a cell's screen reached its state. */
export type CellStatus = 'pending' | 'ready' | 'failed';

const ignore = () => undefined;

/** A session on the cell's step, read through the widget's own session query as SessionFlow does. */
function SessionScreen({ token }: { token: string }) {
  const { data } = useSessionQuery(token);
  if (!data) {
    return (
      <AppFrame view={{ screen: 'loading' }}>
        <LoadingScreen />
      </AppFrame>
    );
  }
  const { step, skewMs } = data;
  return (
    <AppFrame view={{ screen: 'step', step }} maskedPhone={APPLICANT.maskedPhone} carrier={APPLICANT.carrier}>
      {step.type === 'form' ? (
        <FormStepScreen step={step} skewMs={skewMs} />
      ) : step.type === 'authorized' ? (
        <AuthorizedScreen />
      ) : (
        <FailedScreen step={step} />
      )}
    </AppFrame>
  );
}

function LoadError({ code }: { code: RequestErrorCode }) {
  const describeError = useErrorText();
  const failure = new ApiRequestError(0, code, '', true);
  return (
    <AppFrame view={{ screen: 'load_error', error: failure }}>
      <LoadErrorScreen message={describeError({ code, message: '' })} onRetry={ignore} />
    </AppFrame>
  );
}

function CellScreen({ screen, token }: { screen: SheetScreen; token: string }): ReactNode {
  switch (screen.kind) {
    case 'phone': {
      const link = screen.linkToken === undefined ? undefined : { token: screen.linkToken, phone: screen.lockedPhone };
      return (
        <AppFrame view={{ screen: 'phone' }}>
          <PhoneStep onStarted={ignore} link={link} />
        </AppFrame>
      );
    }
    case 'step':
      return <SessionScreen token={token} />;
    case 'expired':
      return (
        <AppFrame view={{ screen: 'expired' }}>
          <SessionExpiredScreen onRestart={ignore} />
        </AppFrame>
      );
    case 'link_error':
      return (
        <AppFrame view={{ screen: 'link_error', code: screen.code }}>
          <LinkErrorScreen code={screen.code} />
        </AppFrame>
      );
    case 'loading':
      return (
        <AppFrame view={{ screen: 'loading' }}>
          <LoadingScreen />
        </AppFrame>
      );
    case 'load_error':
      return <LoadError code={screen.code} />;
  }
}

interface StateCellProps {
  state: SheetState;
  onStatus: (id: string, status: CellStatus) => void;
  /** Shown on the cell when its driver could not bring the screen into the state. */
  notReached: string;
}

/**
 * One state in a 390 px frame: the real screen under its own query client and session (so one
 * cell's pending submission is not another's), driven into its state once mounted.
 */
export function StateCell({ state, onStatus, notReached }: StateCellProps) {
  const locale = useLocale();
  const token = sheetToken(state.id);
  const frameRef = useRef<HTMLDivElement>(null);
  const driven = useRef(false);
  const [status, setStatus] = useState<CellStatus>('pending');
  const [queryClient] = useState(() => {
    const client = createQueryClient({ retryReads: false });
    const { screen } = state;
    // As the start call would: the session query is seeded, skew from the fixed server time.
    if (screen.kind === 'step') client.setQueryData(sessionKey(token), toSnapshot({ step: screen.step, serverTime: SERVER_TIME }));
    return client;
  });
  const session = useMemo<SessionHandle>(
    () => ({ token, phone: APPLICANT.phone, carrier: APPLICANT.carrier, onExpired: ignore, leave: async () => undefined }),
    [token],
  );

  useEffect(() => {
    // Once per cell: StrictMode's second effect pass must not type or submit twice.
    const frame = frameRef.current;
    if (driven.current || !frame) return;
    driven.current = true;
    const drive = state.drive ?? (async () => undefined);
    drive(createCellDriver(frame)).then(
      () => setStatus('ready'),
      () => setStatus('failed'),
    );
  }, [state]);

  useEffect(() => onStatus(state.id, status), [onStatus, state.id, status]);

  return (
    <figure className="states-cell" data-state={state.id} data-state-status={status}>
      <figcaption className="states-cell__label">
        <span className="states-cell__name">{state.label[locale]}</span>
        <code className="states-cell__id">{state.id}</code>
        {status === 'failed' ? <strong className="states-cell__failed">{notReached}</strong> : null}
      </figcaption>
      <div className="states-cell__frame" ref={frameRef}>
        <QueryClientProvider client={queryClient}>
          <SessionContext.Provider value={session}>
            <CellScreen screen={state.screen} token={token} />
          </SessionContext.Provider>
        </QueryClientProvider>
      </div>
    </figure>
  );
}
