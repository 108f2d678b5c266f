import type { FormStep } from '../../flow';
import { useCancelStep } from '../api/cancel-step';
import { isSessionGone, isStepOutdated, toRequestError } from '../api/http';
import { stepActionHook } from '../dom-hooks';
import { useErrorText } from '../i18n/error-text';
import { useMessages } from '../i18n/i18n-context';

interface CancelStepButtonProps {
  step: FormStep;
  /** Disabled while the step's own submission is in flight. */
  busy: boolean;
  /** A failed cancel is shown with the step's other request errors. */
  onError: (message: string | undefined) => void;
}

/** Leaves a cancellable step: "返回登录" from password recovery, "返回" elsewhere. */
export function CancelStepButton({ step, busy, onError }: CancelStepButtonProps) {
  const m = useMessages();
  const describeError = useErrorText();
  const cancel = useCancelStep();
  const pending = cancel.isPending;

  const onClick = async () => {
    if (pending || busy) return;
    onError(undefined);
    try {
      await cancel.mutateAsync(step.id);
    } catch (error) {
      if (isSessionGone(error) || isStepOutdated(error)) return;
      const failure = toRequestError(error);
      onError(describeError({ code: failure.code, message: failure.serverMessage }));
    }
  };

  return (
    <button
      type="button"
      className="cl-button cl-button--link"
      {...stepActionHook('cancel')}
      aria-disabled={pending || busy}
      aria-busy={pending}
      onClick={() => void onClick()}
    >
      {step.purpose === 'recoverPassword' ? m.form.backToLogin : m.form.back}
    </button>
  );
}
