import { useEffect, useId, useRef, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import type { FieldValue, FormStep } from '../../flow';
import { isSessionGone, isStepOutdated, toRequestError } from '../api/http';
import { useSubmitStep } from '../api/submit-step';
import { errorCodeHook, formScreenHook, STEP_ERROR_HOOK } from '../dom-hooks';
import { FieldSlot } from '../fields/field-slot';
import { confirmKey, fieldKey } from '../fields/field-key';
import type { FormValues } from '../fields/types';
import { toWireValue } from '../fields/validation';
import { useErrorText } from '../i18n/error-text';
import { useMessages } from '../i18n/i18n-context';
import { CancelStepButton } from './cancel-step-button';
import { ErrorGuidance } from './error-guidance';
import { ServerSkewContext } from './server-clock';
import { useFirstFieldFocus } from './focus';
import { formStepHeading } from './form-step-heading';
import { RecoveredPasswordNotice } from './recovered-password';
import { StepNotice } from './step-notice';
import { RateLimitNotice, RateLimitReporter, useRateLimitOf } from './rate-limit-notice';
import type { RateLimit } from './rate-limit-notice';
import { placeFieldError, useServerErrors } from './use-server-errors';

interface FormStepScreenProps {
  step: FormStep;
  skewMs: number;
}

/** A new step id is a new form; a new revision of the same step keeps what the user typed. */
export function FormStepScreen({ step, skewMs }: FormStepScreenProps) {
  return (
    <ServerSkewContext.Provider value={skewMs}>
      <FormStepForm key={step.id} step={step} skewMs={skewMs} />
    </ServerSkewContext.Provider>
  );
}

function initialValues(step: FormStep): FormValues {
  const values: FormValues = {};
  for (const field of step.fields) {
    const name = fieldKey(field.id);
    let value: FieldValue = '';
    if (field.kind === 'phone') value = field.value ?? '';
    if (field.kind === 'contacts') value = Array.from({ length: field.min }, () => '');
    if (field.kind === 'newPassword') values[confirmKey(name)] = '';
    values[name] = value;
  }
  return values;
}

function FormStepForm({ step, skewMs }: FormStepScreenProps) {
  const m = useMessages();
  const describeError = useErrorText();
  const submit = useSubmitStep();
  const headingId = useId();
  const inFlight = useRef(false);
  const [requestError, setRequestErrorState] = useState<{ message: string; code?: string }>();
  const [rateLimit, setRateLimit] = useState<RateLimit>();
  const rateLimitOf = useRateLimitOf();
  const setRequestError = (message: string | undefined, code?: string) => {
    setRequestErrorState(message === undefined ? undefined : { message, code });
    if (message !== undefined) setRateLimit(undefined);
  };
  const form = useForm<FormValues>({ defaultValues: initialValues(step), reValidateMode: 'onChange' });
  const hasFieldError = step.fields.some((field) => field.error !== undefined);
  const { screenRef, headingRef } = useFirstFieldFocus<HTMLElement, HTMLHeadingElement>(!hasFieldError);
  useServerErrors(step, form);

  // A new revision is the server's newer word; an older transport error no longer applies.
  useEffect(() => setRequestError(undefined), [step.revision]);

  const onValid = async (values: FormValues) => {
    // aria-disabled keeps the button focusable, so this guard is what stops a second submit.
    if (inFlight.current) return;
    inFlight.current = true;
    setRequestError(undefined);
    setRateLimit(undefined);
    const wire = Object.fromEntries(step.fields.map((field) => [field.id, toWireValue(field, values[fieldKey(field.id)])]));
    try {
      await submit.mutateAsync({ stepId: step.id, values: wire });
    } catch (error) {
      const limit = rateLimitOf(error);
      if (limit) {
        // A server-side limit: shown at the step with its countdown (whichever field it concerns).
        setRateLimit(limit);
      } else if (!isSessionGone(error) && !isStepOutdated(error)) {
        const failure = toRequestError(error);
        const message = describeError({ code: failure.code, message: failure.serverMessage });
        // A refusal naming one field (422) is shown there, like a field error of the step.
        const target = step.fields.find((field) => field.id === failure.field);
        if (target) placeFieldError(form, target, message, true);
        else setRequestError(message, failure.code);
      }
    } finally {
      inFlight.current = false;
    }
  };

  const busy = submit.isPending;
  const alert = requestError?.message ?? (step.error ? describeError(step.error) : undefined);
  const alertCode = requestError ? requestError.code : step.error?.code;
  const password = step.fields.find((field) => field.kind === 'servicePassword');

  return (
    <section ref={screenRef} className="cl-screen" aria-labelledby={headingId} {...formScreenHook(step)}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="cl-heading">
        {formStepHeading(step, m)}
      </h2>
      {password ? (
        // With a recovery link on the field, the hotlines in the help would say the same thing twice.
        <p className="cl-intro">{password.recovery ? m.form.passwordHelpShort : m.form.passwordHelp}</p>
      ) : null}
      <StepNotice notice={step.notice} />
      <RecoveredPasswordNotice recovered={step.recoveredPassword} />
      <FormProvider {...form}>
        <RateLimitReporter.Provider value={setRateLimit}>
          <form noValidate onSubmit={form.handleSubmit(onValid)} aria-busy={busy}>
            {step.fields.map((field) => (
              <FieldSlot key={field.id} field={field} stepId={step.id} skewMs={skewMs} />
            ))}
            {rateLimit ? (
              <RateLimitNotice limit={rateLimit} />
            ) : alert ? (
              <p role="alert" className="cl-alert cl-alert--error" {...STEP_ERROR_HOOK} {...errorCodeHook(alertCode)}>
                {alert}
                {/* The step's own error carries its vendor guidance; a transport error has none. */}
                {requestError ? null : <ErrorGuidance guidance={step.error} />}
              </p>
            ) : null}
            <button type="submit" className="cl-button cl-button--primary" aria-disabled={busy} aria-busy={busy}>
              {busy ? m.form.submitting : m.form.intent[step.intent]}
            </button>
            {step.cancellable ? <CancelStepButton step={step} busy={busy} onError={setRequestError} /> : null}
          </form>
        </RateLimitReporter.Provider>
      </FormProvider>
    </section>
  );
}
