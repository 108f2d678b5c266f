import { useState } from 'react';
import { useMessages } from '../i18n/i18n-context';
import { FieldShell } from './field-shell';
import { PasswordRecovery } from './password-recovery';
import type { FieldRendererProps } from './types';
import { useFieldInput } from './use-field-input';

export function ServicePasswordField({ field, name, label, stepId }: FieldRendererProps<'servicePassword'>) {
  const m = useMessages();
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  const [visible, setVisible] = useState(false);
  return (
    <FieldShell
      field={field}
      ids={ids}
      label={label}
      detailHint={help}
      error={error}
      footer={field.recovery ? <PasswordRecovery field={field} name={name} stepId={stepId} /> : undefined}
    >
      <input
        {...inputProps}
        className="cl-input"
        type={visible ? 'text' : 'password'}
        inputMode="numeric"
        // Not the site's password: the browser must neither offer nor save it.
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
      />
      <button
        type="button"
        className="cl-button cl-button--ghost cl-button--inline"
        aria-controls={ids.input}
        onClick={() => setVisible((shown) => !shown)}
      >
        {visible ? m.password.hide : m.password.show}
      </button>
    </FieldShell>
  );
}
