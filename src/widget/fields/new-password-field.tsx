import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { fieldHook } from '../dom-hooks';
import { format } from '../i18n/format';
import { useMessages } from '../i18n/i18n-context';
import { confirmKey } from './field-key';
import { FieldShell } from './field-shell';
import type { FieldRendererProps, FormValues } from './types';
import { useFieldInput } from './use-field-input';

/**
 * A new service password and its confirmation. The carrier's rules are shown up front and checked
 * before sending; only the first input is submitted (the confirmation's key is never a field key).
 */
export function NewPasswordField({ field, name, label }: FieldRendererProps<'newPassword'>) {
  const m = useMessages();
  const confirmName = confirmKey(name);
  // Changing the password re-checks a confirmation already judged.
  const { ids, error, help, inputProps } = useFieldInput(field, name, label, { deps: [confirmName] });
  const { register, getFieldState, formState } = useFormContext<FormValues>();
  const rulesId = useId();
  const confirmIds = { input: useId(), hint: useId(), error: useId() };
  const confirmError = getFieldState(confirmName, formState).error?.message;
  const confirm = register(confirmName, {
    validate: (value, values) => {
      if (value === '') return m.newPassword.confirmRequired;
      return value === values[name] || m.newPassword.mismatch;
    },
  });
  const common = {
    className: 'cl-input cl-input--mono',
    type: 'password',
    inputMode: 'numeric',
    autoComplete: 'new-password',
    autoCapitalize: 'off',
    autoCorrect: 'off',
    spellCheck: false,
    maxLength: field.length,
  } as const;
  const rules = (
    <p id={rulesId} className="cl-help">
      {format(m.newPassword.rules, { n: field.length })}
    </p>
  );

  // One element holds both inputs, so automation finds the pair by the field's hook; a block inside
  // the form's flex column, it keeps the two shells' spacing.
  return (
    <div {...fieldHook(field)}>
      <FieldShell ids={ids} label={label} detailHint={help} error={error} after={rules}>
        <input {...inputProps} {...common} aria-describedby={[rulesId, inputProps['aria-describedby']].filter(Boolean).join(' ')} />
      </FieldShell>
      <FieldShell ids={confirmIds} label={m.newPassword.confirmLabel} detailHint={undefined} error={confirmError}>
        <input
          {...confirm}
          {...common}
          id={confirmIds.input}
          aria-invalid={confirmError ? true : undefined}
          aria-required={field.required || undefined}
          aria-describedby={confirmError ? confirmIds.error : undefined}
        />
      </FieldShell>
    </div>
  );
}
