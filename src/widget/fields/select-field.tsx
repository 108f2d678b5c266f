import { useMessages } from '../i18n/i18n-context';
import { FieldShell } from './field-shell';
import type { FieldRendererProps } from './types';
import { useFieldInput } from './use-field-input';

export function SelectField({ field, name, label }: FieldRendererProps<'select'>) {
  const m = useMessages();
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  const { placeholder: _unused, maxLength: _none, ...selectProps } = inputProps;
  return (
    <FieldShell field={field} ids={ids} label={label} detailHint={help} error={error}>
      <select {...selectProps} className="cl-input cl-select">
        <option value="" disabled>
          {field.hint ?? m.field.selectPlaceholder}
        </option>
        {field.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
