import { useLayoutEffect } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { SECRET_FIELD_KINDS, type Field, type FormStep } from '../../flow';
import { useErrorText } from '../i18n/error-text';
import { confirmKey, fieldKey, focusKey } from '../fields/field-key';
import type { FormValues } from '../fields/types';

/**
 * Shows a server verdict at one field: a rejected secret is cleared (it was wrong and must not
 * linger; a new password with its confirmation), the error is set, and the input is focused.
 */
export function placeFieldError(form: UseFormReturn<FormValues>, field: Field, message: string, focus: boolean): void {
  const name = fieldKey(field.id);
  if (SECRET_FIELD_KINDS.has(field.kind)) {
    form.setValue(name, '');
    if (field.kind === 'newPassword') form.setValue(confirmKey(name), '');
  }
  form.setError(name, { type: 'server', message });
  if (focus) form.setFocus(focusKey(field));
}

/**
 * Places the errors of each revision of a step at their fields: the first rejected field takes
 * focus, other values stay.
 */
export function useServerErrors(step: FormStep, form: UseFormReturn<FormValues>): void {
  const describeError = useErrorText();
  const { clearErrors, getFieldState } = form;
  // Before paint: the revision and its verdict reach the screen (and assistive tech, and the demo
  // autoplay reading the DOM) together, never a frame of the new revision without its error.
  useLayoutEffect(() => {
    let focused = false;
    for (const field of step.fields) {
      const name = fieldKey(field.id);
      if (!field.error) {
        // A later revision without an error (a successful refresh or resend) lifts the old verdict.
        if (getFieldState(name).error?.type === 'server') clearErrors(name);
        continue;
      }
      placeFieldError(form, field, describeError(field.error), !focused);
      focused = true;
    }
    // Each revision is a new verdict; re-rendering the same one must not move focus again.
  }, [step.id, step.revision]);
}
