import { useEffect } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { SECRET_FIELD_KINDS, type FormStep } from '../../flow';
import { useErrorText } from '../i18n/error-text';
import { fieldKey } from '../fields/field-key';
import type { FormValues } from '../fields/types';

/**
 * Places the errors of each revision of a step at their fields: a rejected secret is cleared (it
 * was wrong and must not linger), the first rejected field takes focus, other values stay.
 */
export function useServerErrors(step: FormStep, form: UseFormReturn<FormValues>): void {
  const describeError = useErrorText();
  const { setError, setFocus, setValue, clearErrors, getFieldState } = form;
  useEffect(() => {
    let focused = false;
    for (const field of step.fields) {
      const name = fieldKey(field.id);
      if (!field.error) {
        // A later revision without an error (a successful refresh or resend) lifts the old verdict.
        if (getFieldState(name).error?.type === 'server') clearErrors(name);
        continue;
      }
      if (SECRET_FIELD_KINDS.has(field.kind)) setValue(name, '');
      setError(name, { type: 'server', message: describeError(field.error) });
      if (!focused) {
        setFocus(name);
        focused = true;
      }
    }
    // Each revision is a new verdict; re-rendering the same one must not move focus again.
  }, [step.id, step.revision]);
}
