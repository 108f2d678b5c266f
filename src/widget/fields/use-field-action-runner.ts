import { useFormContext } from 'react-hook-form';
import type { FieldAction } from '../../flow';
import { useFieldAction } from '../api/field-action';
import { isSessionGone, isStepOutdated, toRequestError } from '../api/http';
import { useErrorText } from '../i18n/error-text';
import type { FormValues } from './types';

/** Runs a field's refresh/resend; a failure is shown at that field, success focuses its input. */
export function useFieldActionRunner(stepId: string, fieldId: string, name: string, action: FieldAction) {
  const mutation = useFieldAction();
  const { setFocus, setError } = useFormContext<FormValues>();
  const describeError = useErrorText();
  const run = async () => {
    if (mutation.isPending) return;
    try {
      await mutation.mutateAsync({ stepId, fieldId, action });
      // The button is disabled while loading (focus drops); the user types next, so go there.
      setFocus(name);
    } catch (error) {
      if (isSessionGone(error) || isStepOutdated(error)) return;
      const failure = toRequestError(error);
      setError(
        name,
        { type: 'server', message: describeError({ code: failure.code, message: failure.serverMessage }) },
        { shouldFocus: true },
      );
    }
  };
  return { run, pending: mutation.isPending };
}
