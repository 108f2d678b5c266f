import { FieldShell } from './field-shell';
import type { FieldRendererProps } from './types';
import { useFieldInput } from './use-field-input';

/** A phone number asked again by the upstream; prefilled, and read-only when locked. */
export function PhoneField({ field, name, label }: FieldRendererProps<'phone'>) {
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  return (
    <FieldShell field={field} ids={ids} label={label} detailHint={help} error={error}>
      <input
        {...inputProps}
        className="cl-input"
        type="tel"
        inputMode="numeric"
        autoComplete="tel-national"
        maxLength={20}
        // readOnly, not disabled: a disabled input would be left out of the submitted values.
        readOnly={field.locked === true}
      />
    </FieldShell>
  );
}
