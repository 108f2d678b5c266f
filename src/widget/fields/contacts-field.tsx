import { useEffect, useId, useRef, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import type { FieldValue } from '../../flow';
import { fieldHook } from '../dom-hooks';
import { format } from '../i18n/format';
import { useMessages } from '../i18n/i18n-context';
import { useSession } from '../session/session-context';
import { helpText, placeHint } from './placeholder';
import '../styles/step-extras.css';
import { rowKey } from './field-key';
import type { FieldRendererProps, FormValues } from './types';
import { validateContactRow } from './validation';

function rowsOf(value: FieldValue | undefined): string[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Several mobile numbers: `min` rows to start with, more added up to `max`, sent as an array.
 * Rows are plain registered inputs (`key.0`, `key.1`, ...) rather than useFieldArray, which would
 * land in the first-load chunk with the rest of react-hook-form; rows are keyed by position, so a
 * removal shifts the values up and drops the last input.
 */
export function ContactsField({ field, name, label }: FieldRendererProps<'contacts'>) {
  const m = useMessages();
  const { phone } = useSession();
  const { register, formState, getFieldState, getValues, setValue, unregister, clearErrors, trigger, setFocus } =
    useFormContext<FormValues>();
  const [count, setCount] = useState(field.min);
  const focusRow = useRef<number | undefined>(undefined);
  const baseId = useId();
  const hintId = `${baseId}-hint`;
  const { placeholder, helpLine } = placeHint(field.hint);
  const help = helpText(helpLine, field.detailHint);
  const errorId = `${baseId}-error`;
  const max = Math.max(field.min, field.max);
  // A server verdict on the whole list (e.g. not numbers called recently) sits on the key itself.
  const groupError = getFieldState(name, formState).error?.message;
  const keys = Array.from({ length: count }, (_, index) => rowKey(name, index));

  useEffect(() => {
    // A row just added (or the one above a removed row) takes focus once it is rendered.
    if (focusRow.current === undefined) return;
    setFocus(rowKey(name, focusRow.current));
    focusRow.current = undefined;
  }, [count, name, setFocus]);

  const addRow = () => {
    focusRow.current = count;
    setCount(count + 1);
  };

  const removeRow = (index: number) => {
    const rows = rowsOf(getValues(name)).slice(0, count);
    setValue(
      name,
      rows.filter((_, row) => row !== index),
    );
    unregister(rowKey(name, count - 1));
    // Row errors were about positions that just moved.
    clearErrors(keys);
    if (formState.isSubmitted) void trigger(keys.slice(0, -1));
    focusRow.current = index - 1;
    setCount(count - 1);
  };

  return (
    <fieldset className={groupError ? 'cl-field cl-fieldset cl-field--invalid' : 'cl-field cl-fieldset'} {...fieldHook(field)}>
      <legend className="cl-label">{label}</legend>
      {help ? (
        <p id={hintId} className="cl-help">
          {help}
        </p>
      ) : null}
      {keys.map((key, index) => {
        const inputId = `${baseId}-${index}`;
        const rowErrorId = `${inputId}-error`;
        const rowError = getFieldState(key, formState).error?.message;
        const describedBy = [help ? hintId : '', rowError ? rowErrorId : '', groupError ? errorId : ''].filter(Boolean).join(' ');
        const registration = register(key, {
          validate: (_value, values) => validateContactRow(field, index, rowsOf(values[name]), m, { phone }),
          // A repeat is flagged on the later row, so editing one row re-checks the others.
          deps: keys.filter((other) => other !== key),
          onChange: () => {
            if (getFieldState(name).error?.type === 'server') clearErrors(name);
          },
        });
        return (
          <div key={key} className="cl-contact">
            <label htmlFor={inputId} className="cl-contact__label">
              {format(m.contacts.row, { n: index + 1 })}
            </label>
            <div className="cl-input-row">
              <input
                {...registration}
                id={inputId}
                className="cl-input"
                type="tel"
                inputMode="numeric"
                // Other people's numbers: the browser must not offer the user's own.
                autoComplete="off"
                maxLength={20}
                placeholder={placeholder}
                aria-invalid={rowError || groupError ? true : undefined}
                aria-required={field.required || undefined}
                aria-describedby={describedBy || undefined}
              />
              {index >= field.min ? (
                <button
                  type="button"
                  className="cl-button cl-button--ghost cl-button--inline"
                  aria-label={format(m.contacts.removeLabel, { n: index + 1 })}
                  onClick={() => removeRow(index)}
                >
                  {m.contacts.remove}
                </button>
              ) : null}
            </div>
            {rowError ? (
              <p id={rowErrorId} role="alert" className="cl-field-error">
                {rowError}
              </p>
            ) : null}
          </div>
        );
      })}
      {count < max ? (
        <button type="button" className="cl-button cl-button--secondary cl-contacts__add" onClick={addRow}>
          {m.contacts.add}
        </button>
      ) : null}
      {groupError ? (
        <p id={errorId} role="alert" className="cl-field-error">
          {groupError}
        </p>
      ) : null}
    </fieldset>
  );
}
