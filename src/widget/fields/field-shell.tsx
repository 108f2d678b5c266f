import type { ReactNode } from 'react';
import type { Field } from '../../flow';
import { fieldHook } from '../dom-hooks';
import { useErrorText } from '../i18n/error-text';
import { ErrorGuidance } from '../steps/error-guidance';
import type { FieldIds } from './use-field-input';

interface FieldShellProps {
  ids: FieldIds;
  label: string;
  detailHint: string | undefined;
  error: string | undefined;
  /** The input and whatever sits on its row (toggle, captcha image, resend button). */
  children: ReactNode;
  /** Content under the help text (SMS instruction, live region). */
  after?: ReactNode;
  /** Content under the error, last in the field (e.g. the password-recovery link). */
  footer?: ReactNode;
  /** The field this shell is (its automation hook, its server error's guidance); left out where a wrapper carries it (newPassword). */
  field?: Field;
}

/** Label, input row, help text and error, wired by id so assistive tech reads them together. */
export function FieldShell({ ids, label, detailHint, error, children, after, footer, field }: FieldShellProps) {
  const describeError = useErrorText();
  // The server's verdict shown is this revision's field error: its wait and instruction go with it.
  const guidance = field?.error && error === describeError(field.error) ? field.error : undefined;
  return (
    <div className={error ? 'cl-field cl-field--invalid' : 'cl-field'} {...(field ? fieldHook(field) : {})}>
      <label htmlFor={ids.input} className="cl-label">
        {label}
      </label>
      <div className="cl-input-row">{children}</div>
      {detailHint ? (
        <p id={ids.hint} className="cl-help">
          {detailHint}
        </p>
      ) : null}
      {after}
      {error ? (
        <p id={ids.error} role="alert" className="cl-field-error">
          {error}
          <ErrorGuidance guidance={guidance} />
        </p>
      ) : null}
      {footer}
    </div>
  );
}
