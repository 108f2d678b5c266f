import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { MAX_VALUE_LENGTH, type Field } from '../../flow';
import { useMessages } from '../i18n/i18n-context';
import { useSession } from '../session/session-context';
import { helpText, placeHint, placeSelectHint } from './placeholder';
import type { FormValues } from './types';
import { validateFieldValue } from './validation';

export interface FieldIds {
  input: string;
  hint: string;
  error: string;
}

/** Registration, ids and ARIA wiring shared by every renderer. */
export function useFieldInput(field: Field, name: string, label: string, options: { deps?: string[] } = {}) {
  const m = useMessages();
  const { phone } = useSession();
  const { register, formState, clearErrors } = useFormContext<FormValues>();
  const ids: FieldIds = { input: useId(), hint: useId(), error: useId() };
  const fieldError = formState.errors[name];
  const error = fieldError?.message;
  const { placeholder, helpLine } = field.kind === 'select' ? placeSelectHint(field.hint, label) : placeHint(field.hint);
  /** The help line under the field: a hint too long for the placeholder (or a select's prompt), and the detail hint. */
  const help = helpText(helpLine, field.detailHint);
  const describedBy = [help ? ids.hint : '', error ? ids.error : ''].filter(Boolean).join(' ');
  const registration = register(name, {
    validate: (value) => validateFieldValue(field, label, value, m, { phone }),
    deps: options.deps,
    // A server verdict is about the old value: editing the field retires it.
    onChange: () => {
      if (fieldError?.type === 'server') clearErrors(name);
    },
  });
  return {
    ids,
    error,
    help,
    inputProps: {
      ...registration,
      id: ids.input,
      placeholder,
      maxLength: MAX_VALUE_LENGTH,
      'aria-invalid': error ? true : undefined,
      'aria-required': field.required || undefined,
      'aria-describedby': describedBy || undefined,
    },
  };
}
