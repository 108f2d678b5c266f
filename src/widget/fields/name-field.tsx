import { FieldShell } from './field-shell';
import type { FieldRendererProps } from './types';
import { useFieldInput } from './use-field-input';

export function NameField({ field, name, label }: FieldRendererProps<'name'>) {
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  return (
    <FieldShell field={field} ids={ids} label={label} detailHint={help} error={error}>
      <input {...inputProps} className="cl-input" type="text" autoComplete="name" maxLength={30} spellCheck={false} />
    </FieldShell>
  );
}
