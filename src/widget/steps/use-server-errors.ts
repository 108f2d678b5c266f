import { useLayoutEffect } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { SECRET_FIELD_KINDS, type Field, type FormStep } from '../../flow';
import { useErrorText } from '../i18n/error-text';
import { format } from '../i18n/format';
import { useLocale, useMessages } from '../i18n/i18n-context';
import type { Messages } from '../i18n/messages';
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
 * The tries the server's guard leaves (attemptsLeft on a password or SMS code error), in words to
 * add after the error; empty for other fields or when the server said nothing.
 */
export function attemptsText(m: Messages, field: Field): string {
  const left = field.error?.attemptsLeft;
  if (left === undefined) return '';
  if (field.kind === 'servicePassword') return left > 0 ? format(m.limits.passwordLeft, { n: left }) : m.limits.passwordNone;
  if (field.kind === 'smsCode') return left > 0 ? format(m.limits.smsLeft, { n: left }) : m.limits.smsNone;
  return '';
}

/**
 * Places the errors of each revision of a step at their fields: the first rejected field takes
 * focus, other values stay.
 */
export function useServerErrors(step: FormStep, form: UseFormReturn<FormValues>): void {
  const describeError = useErrorText();
  const m = useMessages();
  const locale = useLocale();
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
      const text = describeError(field.error);
      const attempts = attemptsText(m, field);
      const worded = !attempts ? text : locale === 'zh-CN' ? `${text}（${attempts}）` : `${text} (${attempts})`;
      placeFieldError(form, field, worded, !focused);
      focused = true;
    }
    // Each revision is a new verdict; re-rendering the same one must not move focus again.
  }, [step.id, step.revision]);
}
