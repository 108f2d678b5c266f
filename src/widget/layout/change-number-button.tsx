import { useState } from 'react';
import { toRequestError } from '../api/http';
import { useErrorText } from '../i18n/error-text';
import { useMessages } from '../i18n/i18n-context';

interface ChangeNumberButtonProps {
  /** SessionHandle.leave: cancels on the server (or shows the phone step in link mode). */
  onChange(): Promise<void>;
  className: string;
  /** Where a failure is shown, under the button. */
  errorClassName?: string;
  /** The button's words; "更换手机号" by default. */
  label?: string;
  describedBy?: string;
}

/**
 * "更换手机号" (or link mode's "取消授权并返回"), with its own progress and failure: the session
 * stays when the server cannot be reached.
 */
export function ChangeNumberButton({
  onChange,
  className,
  errorClassName = 'cl-alert cl-alert--error',
  label,
  describedBy,
}: ChangeNumberButtonProps) {
  const m = useMessages();
  const describeError = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onChange();
    } catch (failure) {
      const { code, serverMessage } = toRequestError(failure);
      setError(describeError({ code, message: serverMessage }));
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={className}
        aria-describedby={describedBy}
        aria-busy={busy}
        aria-disabled={busy}
        onClick={() => void run()}
      >
        {busy ? m.changeNumber.cancelling : (label ?? m.changeNumber.control)}
      </button>
      {error ? (
        <p role="alert" className={errorClassName}>
          {error}
        </p>
      ) : null}
    </>
  );
}
