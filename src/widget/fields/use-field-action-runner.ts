import { useFormContext } from 'react-hook-form';
import type { FieldAction } from '../../flow';
import { useFieldAction } from '../api/field-action';
import { isSessionGone, isStepOutdated, toRequestError } from '../api/http';
import { useRestartSession } from '../api/restart-session';
import { useErrorText } from '../i18n/error-text';
import { useRateLimitOf, useRateLimitReporter } from '../steps/rate-limit-notice';
import type { FormValues } from './types';

interface RunnerOptions {
  /**
   * Focus the field's input once the call succeeds (the user types next). Off when the answer
   * is a new step, which takes focus itself.
   */
  focusOnSuccess?: boolean;
}

/** One guarded call at a time; a failure is shown at the field `name`. */
function useRunner(name: string, call: () => Promise<unknown>, pending: boolean, options: RunnerOptions) {
  const { setFocus, setError } = useFormContext<FormValues>();
  const describeError = useErrorText();
  const rateLimitOf = useRateLimitOf();
  const reportRateLimit = useRateLimitReporter();
  const run = async () => {
    // The buttons are disabled while pending; this also stops a double tap racing the re-render.
    if (pending) return;
    try {
      await call();
      if (options.focusOnSuccess !== false) setFocus(name);
    } catch (error) {
      if (isSessionGone(error) || isStepOutdated(error)) return;
      const limit = rateLimitOf(error);
      // A server-side limit is shown at the step, counting down (a field error cannot tick).
      if (limit && reportRateLimit) return reportRateLimit(limit);
      const failure = toRequestError(error);
      setError(
        name,
        { type: 'server', message: describeError({ code: failure.code, message: failure.serverMessage }) },
        { shouldFocus: true },
      );
    }
  };
  return { run, pending };
}

/** Runs a field's refresh/resend/recover; a failure is shown at that field, success focuses its input. */
export function useFieldActionRunner(stepId: string, fieldId: string, name: string, action: FieldAction, options: RunnerOptions = {}) {
  const mutation = useFieldAction();
  return useRunner(name, () => mutation.mutateAsync({ stepId, fieldId, action }), mutation.isPending, options);
}

/** Starts the authorization again from a field (an SMS code obtained through a restart). */
export function useRestartRunner(name: string) {
  const mutation = useRestartSession();
  return useRunner(name, () => mutation.mutateAsync(), mutation.isPending, { focusOnSuccess: false });
}
