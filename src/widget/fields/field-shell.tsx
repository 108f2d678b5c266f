import type { ReactNode } from 'react';
import type { FieldKind } from '../../flow';
import { fieldHook } from '../dom-hooks';
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
  /** The field this shell is (its automation hook); left out where a wrapper carries it (newPassword). */
  field?: { kind: FieldKind; id: string };
}

/** Label, input row, help text and error, wired by id so assistive tech reads them together. */
export function FieldShell({ ids, label, detailHint, error, children, after, footer, field }: FieldShellProps) {
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
        </p>
      ) : null}
      {footer}
    </div>
  );
}
