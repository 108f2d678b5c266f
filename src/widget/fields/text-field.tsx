import { FieldShell } from './field-shell';
import type { FieldRendererProps } from './types';
import { useFieldInput } from './use-field-input';

/** Fallback for a field the widget has no dedicated renderer for, labelled from the upstream. */
export function TextField({ field, name, label }: FieldRendererProps<'text'>) {
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  return (
    <FieldShell field={field} ids={ids} label={label} detailHint={help} error={error}>
      <input
        {...inputProps}
        className="cl-input"
        type={field.secret ? 'password' : 'text'}
        inputMode={field.inputMode}
        autoComplete="off"
        spellCheck={false}
      />
    </FieldShell>
  );
}
