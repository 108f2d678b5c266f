import { useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { DemoSettings } from '../../flow';
import { detectCarrier, normalizePhoneInput } from '../../flow/phone';
import { toRequestError } from '../api/http';
import { useStartSession, type StartedSession } from '../api/start-session';
import { CONSENT_HOOK, fieldHook, screenHook, STEP_ERROR_HOOK } from '../dom-hooks';
import { useErrorText } from '../i18n/error-text';
import { useLocale, useMessages } from '../i18n/i18n-context';
import { AGREEMENT_VERSION, AgreementPanel } from './agreement-panel';
import { agreementText, sha256Hex } from './agreement-text';
import { useHeadingFocus } from './focus';
import { preloadStepScreens } from './lazy-screens';
import { RateLimitNotice, useRateLimitOf } from './rate-limit-notice';
import type { RateLimit } from './rate-limit-notice';
import { lazyMiniResolver, SCHEMA_UNAVAILABLE } from './mini-resolver';
import type { PhoneFormIssue, PhoneFormValues } from './phone-schema';

/** The link the page was opened with (link mode). */
export interface PhoneStepLink {
  token: string;
  /** The number the lender fixed: shown, not editable. */
  phone?: string;
}

interface PhoneStepProps {
  /** The session is open; `phone` is the normalized number the user entered. */
  onStarted: (started: StartedSession, phone: string) => void;
  link?: PhoneStepLink;
  /** Demo mode: sent with the start, so the session runs on a simulator. */
  demo?: DemoSettings;
}

/** The phone step's own number field, hooked like a step's `phone` field (dom-hooks.ts). */
const PHONE_FIELD = { kind: 'phone', id: 'phone' } as const;

const loadSchema = () => import('./phone-schema').then((module) => module.PhoneFormSchema);
const resolver = lazyMiniResolver(loadSchema);

/** Fetches what the next moments need (validation, the next screens) once the user engages. */
function preload(): void {
  loadSchema().catch(() => undefined);
  preloadStepScreens();
}

/** The first screen, rendered locally: phone number, carrier hint and consent. */
export function PhoneStep({ onStarted, link, demo }: PhoneStepProps) {
  const m = useMessages();
  const locale = useLocale();
  const describeError = useErrorText();
  const start = useStartSession();
  const headingRef = useHeadingFocus<HTMLHeadingElement>();
  const inFlight = useRef(false);
  const consentRef = useRef<HTMLInputElement | null>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const [agreementOpen, setAgreementOpen] = useState(false);
  const [requestError, setRequestError] = useState<string>();
  const [rateLimit, setRateLimit] = useState<RateLimit>();
  const rateLimitOf = useRateLimitOf();
  const ids = {
    heading: useId(),
    phone: useId(),
    carrier: useId(),
    phoneError: useId(),
    consent: useId(),
    consentError: useId(),
    agreement: useId(),
    locked: useId(),
  };
  const lockedPhone = link?.phone;

  const { register, handleSubmit, watch, setValue, formState } = useForm<PhoneFormValues>({
    resolver,
    defaultValues: { phone: lockedPhone ?? '', consent: false },
    reValidateMode: 'onChange',
  });
  const carrier = detectCarrier(normalizePhoneInput(watch('phone')));
  const issueText: Record<PhoneFormIssue, string> = {
    phoneRequired: m.phone.required,
    phoneInvalid: m.phone.invalid,
    consentRequired: m.consent.required,
  };
  const textOf = (issue: string | undefined) => (issue ? (issueText[issue as PhoneFormIssue] ?? issue) : undefined);
  const phoneError = textOf(formState.errors.phone?.message);
  const consentError = textOf(formState.errors.consent?.message);
  const formError = formState.errors.root?.message === SCHEMA_UNAVAILABLE ? m.errors.network_error : undefined;
  const busy = start.isPending;

  const onValid = async (values: PhoneFormValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setRequestError(undefined);
    setRateLimit(undefined);
    const phone = normalizePhoneInput(values.phone);
    try {
      const acceptedAt = new Date().toISOString();
      // The text as shown in this locale, so the record says which wording was accepted.
      const textHash = await sha256Hex(agreementText(m));
      const started = await start.mutateAsync({
        phone,
        consent: textHash
          ? { agreementVersion: AGREEMENT_VERSION, acceptedAt, textHash }
          : { agreementVersion: AGREEMENT_VERSION, acceptedAt },
        locale,
        ...(link ? { linkToken: link.token } : {}),
        ...(demo ? { demo } : {}),
      });
      onStarted(started, phone);
    } catch (error) {
      const limit = rateLimitOf(error);
      if (limit) {
        setRateLimit(limit);
      } else {
        const failure = toRequestError(error);
        setRequestError(describeError({ code: failure.code, message: failure.serverMessage }));
      }
    } finally {
      inFlight.current = false;
    }
  };

  const consentField = register('consent');
  const acceptAgreement = () => {
    setValue('consent', true, { shouldValidate: formState.isSubmitted });
    setAgreementOpen(false);
    consentRef.current?.focus();
  };
  const closeAgreement = () => {
    setAgreementOpen(false);
    toggleRef.current?.focus();
  };

  return (
    <section className="cl-screen" aria-labelledby={ids.heading} {...screenHook('phone')}>
      <h2 id={ids.heading} ref={headingRef} tabIndex={-1} className="cl-heading">
        {m.phone.heading}
      </h2>
      <p className="cl-intro">{lockedPhone ? m.phone.introLocked : m.phone.intro}</p>
      <form noValidate onSubmit={handleSubmit(onValid)} onFocus={preload} aria-busy={busy}>
        <div className="cl-field" {...fieldHook(PHONE_FIELD)}>
          <label htmlFor={ids.phone} className="cl-label">
            {m.phone.label}
          </label>
          <div className="cl-input-row">
            <input
              id={ids.phone}
              className="cl-input"
              type="tel"
              inputMode="numeric"
              autoComplete="tel-national"
              placeholder={m.phone.placeholder}
              maxLength={20}
              // A number the lender fixed is shown, still labelled and focusable, but not editable.
              readOnly={lockedPhone !== undefined}
              aria-readonly={lockedPhone !== undefined ? true : undefined}
              aria-invalid={phoneError ? true : undefined}
              aria-describedby={[ids.carrier, lockedPhone !== undefined ? ids.locked : '', phoneError ? ids.phoneError : '']
                .filter(Boolean)
                .join(' ')}
              {...register('phone')}
            />
            <p id={ids.carrier} className="cl-carrier" aria-live="polite">
              {carrier ? <span className={`cl-carrier__badge cl-carrier__badge--${carrier}`}>{m.carrier[carrier]}</span> : null}
            </p>
          </div>
          {lockedPhone !== undefined ? (
            <p id={ids.locked} className="cl-help">
              {m.phone.locked}
            </p>
          ) : null}
          {phoneError ? (
            <p id={ids.phoneError} role="alert" className="cl-field-error">
              {phoneError}
            </p>
          ) : null}
        </div>

        <div className="cl-consent">
          <input
            id={ids.consent}
            type="checkbox"
            className="cl-checkbox"
            {...CONSENT_HOOK}
            // One exact name; composing it from the label and the button would insert a space.
            aria-label={`${m.consent.prefix}${m.consent.link}`}
            aria-invalid={consentError ? true : undefined}
            aria-describedby={consentError ? ids.consentError : undefined}
            {...consentField}
            ref={(element) => {
              consentField.ref(element);
              consentRef.current = element;
            }}
          />
          <span className="cl-consent__text">
            <label htmlFor={ids.consent}>{m.consent.prefix}</label>
            <button
              ref={toggleRef}
              type="button"
              className="cl-link-button"
              aria-expanded={agreementOpen}
              aria-controls={ids.agreement}
              onClick={() => setAgreementOpen((open) => !open)}
            >
              {m.consent.link}
            </button>
          </span>
        </div>
        {consentError ? (
          <p id={ids.consentError} role="alert" className="cl-field-error cl-field-error--consent">
            {consentError}
          </p>
        ) : null}
        <AgreementPanel id={ids.agreement} hidden={!agreementOpen} onAccept={acceptAgreement} onClose={closeAgreement} />

        {rateLimit ? (
          <RateLimitNotice limit={rateLimit} />
        ) : requestError || formError ? (
          <p role="alert" className="cl-alert cl-alert--error" {...STEP_ERROR_HOOK}>
            {requestError ?? formError}
          </p>
        ) : null}
        <button type="submit" className="cl-button cl-button--primary" aria-disabled={busy} aria-busy={busy}>
          {busy ? m.form.submitting : m.phone.submit}
        </button>
      </form>
    </section>
  );
}
