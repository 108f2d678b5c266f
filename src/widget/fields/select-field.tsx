import { useMessages } from '../i18n/i18n-context';
import { FieldShell } from './field-shell';
import type { FieldRendererProps } from './types';
import { useFieldInput } from './use-field-input';

export function SelectField({ field, name, label }: FieldRendererProps<'select'>) {
  const m = useMessages();
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  // The empty option is the prompt: the upstream hint when it fits, else the widget's short one.
  const { placeholder: prompt, maxLength: _none, ...selectProps } = inputProps;
  return (
    <FieldShell field={field} ids={ids} label={label} detailHint={help} error={error}>
      <select {...selectProps} className="cl-input cl-select">
        <option value="" disabled>
          {prompt ?? m.field.selectPlaceholder}
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
