import type { ChangeEvent } from 'react';
import { FieldShell } from './field-shell';
import type { FieldRendererProps } from './types';
import { useFieldInput } from './use-field-input';

export function IdCardField({ field, name, label }: FieldRendererProps<'idCard'>) {
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    // The check character is an upper-case X on the card; show it as printed.
    event.target.value = event.target.value.toUpperCase();
    return inputProps.onChange(event);
  };
  return (
    <FieldShell field={field} ids={ids} label={label} detailHint={help} error={error}>
      <input
        {...inputProps}
        onChange={onChange}
        className="cl-input cl-input--mono"
        type="text"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={18}
      />
    </FieldShell>
  );
}
