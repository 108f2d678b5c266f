import { useId, useState } from 'react';
import type { FailedStep } from '../../flow';
import { isSessionGone, isStepOutdated, toRequestError } from '../api/http';
import { useRestartSession } from '../api/restart-session';
import { useExit } from '../embed/embed-context';
import { embedError } from '../embed/embed-error';
import { useErrorText } from '../i18n/error-text';
import { errorCodeHook, screenHook, STEP_ERROR_HOOK, stepActionHook } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';
import { ChangeNumberButton } from '../layout/change-number-button';
import { useSession } from '../session/session-context';
import { ErrorGuidance } from './error-guidance';
import { useHeadingFocus } from './focus';

export function FailedScreen({ step }: { step: FailedStep }) {
  const m = useMessages();
  const describeError = useErrorText();
  const session = useSession();
  const exit = useExit();
  const restart = useRestartSession();
  const headingId = useId();
  const headingRef = useHeadingFocus<HTMLHeadingElement>();
  const [requestError, setRequestError] = useState<string>();
  const message = describeError(step.error);

  const onRestart = async () => {
    if (restart.isPending) return;
    setRequestError(undefined);
    try {
      await restart.mutateAsync();
    } catch (error) {
      if (isSessionGone(error) || isStepOutdated(error)) return;
      const failure = toRequestError(error);
      setRequestError(describeError({ code: failure.code, message: failure.serverMessage }));
    }
  };

  return (
    <section
      className="cl-screen cl-screen--result"
      aria-labelledby={headingId}
      {...screenHook('failed')}
      {...errorCodeHook(step.error.code)}
    >
      <svg className="cl-result-icon cl-result-icon--failure" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="24" cy="24" r="22" />
        <path d="M24 13v14M24 33v2" />
      </svg>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="cl-heading">
        {m.failed.heading}
      </h2>
      <p className="cl-intro">
        {message}
        <ErrorGuidance guidance={step.error} />
      </p>
      {requestError ? (
        <p role="alert" className="cl-alert cl-alert--error" {...STEP_ERROR_HOOK}>
          {requestError}
        </p>
      ) : null}
      <div className="cl-actions">
        {step.canRestart ? (
          <button
            type="button"
            className="cl-button cl-button--primary"
            {...stepActionHook('restart')}
            aria-disabled={restart.isPending}
            aria-busy={restart.isPending}
            onClick={() => void onRestart()}
          >
            {restart.isPending ? m.failed.restarting : m.failed.restart}
          </button>
        ) : null}
        {session.leave ? <ChangeNumberButton onChange={session.leave} className="cl-button cl-button--link" /> : null}
        {!step.canRestart && exit ? (
          <button
            type="button"
            className="cl-button cl-button--primary"
            onClick={() => exit('failed', embedError(step.error.code, step.error.retryable, message))}
          >
            {m.failed.back}
          </button>
        ) : null}
      </div>
    </section>
  );
}
