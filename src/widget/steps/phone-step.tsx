import { useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { DemoSettings } from '../../flow';
import { PHONE_FORM, type AgreementAction, type PhoneFormIssue, type PhoneFormState } from '../../flow/page';
import { detectCarrier, normalizePhoneInput } from '../../flow/phone';
import { startSession, type StartedSession } from '../api/start-session';
import { toRequestError } from '../api/http';
import { CONSENT_HOOK, fieldHook, screenHook, STEP_ERROR_HOOK } from '../dom-hooks';
import { useErrorText } from '../i18n/error-text';
import { useLocale, useMessages } from '../i18n/i18n-context';
import { AGREEMENT_VERSION, AgreementPanel } from './agreement-panel';
import { agreementText, sha256Hex } from './agreement-text';
import { useFirstFieldFocus } from './focus';
import { preloadStepScreens } from './lazy-screens';
import { RateLimitNotice, useRateLimitOf } from './rate-limit-notice';
import type { RateLimit } from './rate-limit-notice';
import { ResumeActions } from './resume-actions';
import { consentIssue, issueText, phoneIssue } from './phone-form';
import { useStartReporting } from './start-reporting';
import { OutageNotice } from './outage-notice';

/** The session waiting behind the phone step when the applicant came back to it (Back, 更换手机号). */
export interface PhoneResume {
  maskedPhone: string;
  /** The full number, when this page started the session. */
  phone?: string;
  /** Back to the session's step. */
  onContinue: () => void;
  /** Cancels the session on the server (another number is about to start one). */
  giveUp(): Promise<void>;
  /** Link mode: cancels the session and hands the applicant back to the lender. */
  onCancel(): Promise<void>;
}

/** The link the page was opened with (link mode). */
export interface PhoneStepLink {
  token: string;
  /** The number the lender fixed: shown, not editable. */
  phone?: string;
  /**
   * An update link (a refresh of an earlier authorization): the earlier number, masked, is all the
   * page knows; the server starts the session with the full one. No control changes it.
   */
  update?: { maskedPhone?: string };
}

interface PhoneStepProps {
  /** The session is open; `phone` is the normalized number the user entered. */
  onStarted: (started: StartedSession, phone: string) => void;
  link?: PhoneStepLink;
  /** Demo mode: sent with the start, so the session runs on a simulator. */
  demo?: DemoSettings;
  /** A demo update session: shown as an update link's (the server starts it on its demo number). */
  demoUpdate?: PhoneStepLink['update'];
  /** The form as the server rendered it (the page's boot block), so hydration finds the same markup. */
  initial?: PhoneFormState;
  /** Shown again over a live session: the same number continues it, another replaces it. */
  resume?: PhoneResume;
}

/** The phone step's own number field, hooked like a step's `phone` field (dom-hooks.ts). */
const PHONE_FIELD = { kind: 'phone', id: 'phone' } as const;

/**
 * The first screen: phone number, carrier hint and consent. A plain form of uncontrolled inputs:
 * the server renders it (src/widget/ssr), it posts to the page's own URL when submitted before the
 * script runs, and once hydrated what was typed meanwhile stays as it is. The script then takes
 * over: validation here, the session started with a JSON call, the agreement toggled in place.
 */
export function PhoneStep({ onStarted, link, demo, demoUpdate, initial: given, resume }: PhoneStepProps) {
  const m = useMessages();
  const locale = useLocale();
  const describeError = useErrorText();
  const report = useStartReporting();
  const { screenRef, headingRef } = useFirstFieldFocus<HTMLElement, HTMLHeadingElement>();
  const phoneRef = useRef<HTMLInputElement>(null);
  const consentRef = useRef<HTMLInputElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const inFlight = useRef(false);
  const update = link?.update ?? demoUpdate;
  // A link's session keeps its number: shown locked (masked when this page did not start it, and
  // always for an update link, whose full number the page never has).
  const lockedPhone = resume && link ? (resume.phone ?? resume.maskedPhone) : update ? update.maskedPhone : link?.phone;
  const initial: PhoneFormState = given ?? (resume ? { phone: resume.phone, consent: true } : {});
  const [phoneText, setPhoneText] = useState(initial.phone ?? lockedPhone ?? '');
  const [issues, setIssues] = useState<{ phone?: PhoneFormIssue; consent?: PhoneFormIssue }>({
    phone: initial.phoneIssue,
    consent: initial.consentIssue,
  });
  const [validated, setValidated] = useState(initial.phoneIssue !== undefined || initial.consentIssue !== undefined);
  const [agreementOpen, setAgreementOpen] = useState(initial.agreementOpen === true);
  const [requestError, setRequestError] = useState<string | undefined>(() =>
    initial.requestError ? describeError(initial.requestError) : undefined,
  );
  const [busy, setBusy] = useState(false);
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
    outage: useId(),
  };

  // Typed (or autofilled) before the script ran: the DOM holds it, the carrier hint follows it.
  useLayoutEffect(() => {
    const typed = phoneRef.current?.value;
    if (typed !== undefined) setPhoneText(typed);
  }, []);

  const carrier = detectCarrier(normalizePhoneInput(phoneText));
  const phoneError = issueText(m, issues.phone);
  const consentError = issueText(m, issues.consent);

  const validate = () => {
    const next = {
      phone: update ? undefined : phoneIssue(phoneRef.current?.value ?? ''),
      consent: consentIssue(consentRef.current?.checked === true),
    };
    setIssues(next);
    return next;
  };

  const start = async () => {
    if (inFlight.current) return;
    const found = validate();
    setValidated(true);
    if (found.phone) return phoneRef.current?.focus();
    if (found.consent) return consentRef.current?.focus();
    // An update link's number is the server's: the start names none, the page keeps the masked one.
    const phone = update ? (lockedPhone ?? '') : normalizePhoneInput(phoneRef.current?.value ?? '');
    // The number of the waiting session (a link's is fixed): nothing to start, carry on with it.
    if (resume && (link || phone === resume.phone)) return resume.onContinue();
    inFlight.current = true;
    setBusy(true);
    setRequestError(undefined);
    setRateLimit(undefined);
    const acceptedAt = new Date().toISOString();
    // The text as shown in this locale, so the record says which wording was accepted.
    const textHash = await sha256Hex(agreementText(m));
    const consent = textHash
      ? { agreementVersion: AGREEMENT_VERSION, acceptedAt, textHash }
      : { agreementVersion: AGREEMENT_VERSION, acceptedAt };
    report.submitted();
    try {
      // Another number: the waiting session is given up on the server first.
      if (resume) await resume.giveUp();
      const started = await startSession({
        ...(update ? {} : { phone }),
        consent,
        locale,
        ...(link ? { linkToken: link.token } : {}),
        ...(demo ? { demo } : {}),
      });
      report.started(consent);
      onStarted(started, phone);
    } catch (error) {
      const failure = toRequestError(error);
      const message = describeError({ code: failure.code, message: failure.serverMessage });
      report.failed(failure, message);
      // A server-side abuse limit counts down to when trying again helps.
      const limit = rateLimitOf(error);
      if (limit) setRateLimit(limit);
      else setRequestError(message);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void start();
  };

  // Enter in a field submits the step, never the form's first submit button (the agreement toggle).
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing || !(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    event.currentTarget.requestSubmit(submitRef.current);
  };

  const revalidate = () => {
    if (validated) validate();
  };

  const toggleAgreement = (event: MouseEvent) => {
    event.preventDefault();
    setAgreementOpen((open) => !open);
  };
  const acceptAgreement = () => {
    if (consentRef.current) consentRef.current.checked = true;
    revalidate();
    setAgreementOpen(false);
    consentRef.current?.focus();
  };
  const closeAgreement = () => {
    setAgreementOpen(false);
    toggleRef.current?.focus();
  };

  const alert = requestError;
  return (
    <section ref={screenRef} className="cl-screen" aria-labelledby={ids.heading} {...screenHook('phone')}>
      <h2 id={ids.heading} ref={headingRef} tabIndex={-1} className="cl-heading">
        {m.phone.heading}
      </h2>
      <p className="cl-intro">{update ? m.phone.introUpdate : lockedPhone ? m.phone.introLocked : m.phone.intro}</p>
      <form method="post" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown} onFocus={preloadStepScreens} aria-busy={busy}>
        <input type="hidden" name={PHONE_FORM.locale} value={locale} />
        <input type="hidden" name={PHONE_FORM.agreementVersion} value={AGREEMENT_VERSION} />
        {update ? <input type="hidden" name={PHONE_FORM.update} value="1" /> : null}
        <div className="cl-field" {...fieldHook(PHONE_FIELD)}>
          <label htmlFor={ids.phone} className="cl-label">
            {m.phone.label}
          </label>
          <div className="cl-input-row">
            <input
              ref={phoneRef}
              id={ids.phone}
              // An update link's masked number is shown, never posted: the server has the full one.
              name={update ? undefined : PHONE_FORM.phone}
              className="cl-input"
              type="tel"
              inputMode="numeric"
              autoComplete="tel-national"
              placeholder={m.phone.placeholder}
              maxLength={20}
              defaultValue={initial.phone ?? lockedPhone ?? ''}
              // A number the lender fixed is shown, still labelled and focusable, but not editable.
              readOnly={lockedPhone !== undefined}
              aria-readonly={lockedPhone !== undefined ? true : undefined}
              aria-invalid={phoneError ? true : undefined}
              aria-describedby={[ids.carrier, ids.outage, lockedPhone !== undefined ? ids.locked : '', phoneError ? ids.phoneError : '']
                .filter(Boolean)
                .join(' ')}
              onInput={(event) => {
                setPhoneText(event.currentTarget.value);
                revalidate();
              }}
            />
            <p id={ids.carrier} className="cl-carrier" aria-live="polite">
              {carrier ? <span className={`cl-carrier__badge cl-carrier__badge--${carrier}`}>{m.carrier[carrier]}</span> : null}
            </p>
          </div>
          <OutageNotice carrier={carrier} demo={demo !== undefined} simulate={demo?.outage === true} id={ids.outage} />
          {lockedPhone !== undefined ? (
            <p id={ids.locked} className="cl-help">
              {update ? m.phone.lockedUpdate : m.phone.locked}
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
            ref={consentRef}
            id={ids.consent}
            name={PHONE_FORM.consent}
            type="checkbox"
            className="cl-checkbox"
            defaultChecked={initial.consent === true}
            {...CONSENT_HOOK}
            // One exact name; composing it from the label and the button would insert a space.
            aria-label={`${update ? m.consent.prefixUpdate : m.consent.prefix}${m.consent.link}`}
            aria-invalid={consentError ? true : undefined}
            aria-describedby={consentError ? ids.consentError : undefined}
            onChange={revalidate}
          />
          <span className="cl-consent__text">
            <label htmlFor={ids.consent}>{update ? m.consent.prefixUpdate : m.consent.prefix}</label>
            <button
              ref={toggleRef}
              // A submit button, so that before the script runs the server can open the agreement.
              type="submit"
              name={PHONE_FORM.agreement}
              value={(agreementOpen ? 'close' : 'open') satisfies AgreementAction}
              formNoValidate
              className="cl-link-button"
              aria-expanded={agreementOpen}
              aria-controls={ids.agreement}
              onClick={toggleAgreement}
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
        ) : alert ? (
          <p role="alert" className="cl-alert cl-alert--error" {...STEP_ERROR_HOOK}>
            {alert}
          </p>
        ) : null}
        <button ref={submitRef} type="submit" className="cl-button cl-button--primary" aria-disabled={busy} aria-busy={busy}>
          {busy ? m.form.submitting : m.phone.submit}
        </button>
        {resume ? <ResumeActions resume={resume} locked={link !== undefined} /> : null}
      </form>
    </section>
  );
}
