import { useEffect, useRef } from 'react';
import { useFormContext } from 'react-hook-form';
import { fieldActionHook } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';
import { FieldShell } from './field-shell';
import type { FieldRendererProps, FormValues } from './types';
import { useFieldActionRunner } from './use-field-action-runner';
import { useFieldInput } from './use-field-input';

export function ImageCaptchaField({ field, name, label, stepId }: FieldRendererProps<'imageCaptcha'>) {
  const m = useMessages();
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  const { setValue } = useFormContext<FormValues>();
  const refresh = useFieldActionRunner(stepId, field.id, name, 'refresh');
  const shownImage = useRef(field.image);

  useEffect(() => {
    // An answer typed for the previous picture is wrong for the new one.
    if (shownImage.current !== field.image) {
      shownImage.current = field.image;
      setValue(name, '');
    }
  }, [field.image, name, setValue]);

  return (
    <FieldShell field={field} ids={ids} label={label} detailHint={help} error={error}>
      <input
        {...inputProps}
        className="cl-input cl-input--captcha"
        type="text"
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
      />
      <img className="cl-captcha__image" src={field.image} alt={m.captcha.alt} />
      {field.refreshable ? (
        <button
          type="button"
          className="cl-button cl-button--ghost cl-button--inline"
          {...fieldActionHook('refresh')}
          aria-label={m.captcha.refreshLabel}
          aria-busy={refresh.pending}
          disabled={refresh.pending}
          onClick={() => void refresh.run()}
        >
          {refresh.pending ? <span className="cl-spinner" aria-hidden="true" /> : null}
          {m.captcha.refresh}
        </button>
      ) : null}
    </FieldShell>
  );
}
