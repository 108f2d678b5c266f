import { useEffect, useId, useRef, useState } from 'react';
import type { SmsResend } from '../../flow';
import { fieldActionHook } from '../dom-hooks';
import { format } from '../i18n/format';
import { useMessages } from '../i18n/i18n-context';
import { FieldShell } from './field-shell';
import type { FieldRendererProps } from './types';
import { useCountdown } from './use-countdown';
import { useFieldActionRunner, useRestartRunner } from './use-field-action-runner';
import { useFieldInput } from './use-field-input';

/** While a resend wait runs, the live region also speaks every this many seconds (never each tick). */
export const RESEND_ANNOUNCE_EVERY_S = 15;

/**
 * What the resend countdown's live region says: the start of a wait, the time left at every
 * RESEND_ANNOUNCE_EVERY_S boundary it crosses (45, 30, 15 of a 60 s wait), and that resending is
 * available. A boundary skipped while the tab slept is spoken once, with the time then left.
 */
function useResendAnnouncement(resend: SmsResend | undefined, secondsLeft: number): string {
  const m = useMessages();
  const [announcement, setAnnouncement] = useState('');
  const counting = secondsLeft > 0;
  const wasCounting = useRef(false);
  const allowedAt = resend?.allowedAt;
  const sent = resend?.sent === true;
  const period = Math.ceil(secondsLeft / RESEND_ANNOUNCE_EVERY_S);
  const lastPeriod = useRef(period);

  useEffect(() => {
    lastPeriod.current = Math.ceil(secondsLeft / RESEND_ANNOUNCE_EVERY_S);
    if (sent && secondsLeft > 0) setAnnouncement(format(m.sms.sentAnnouncement, { n: secondsLeft }));
    // Only a new instant from the server starts a new wait (not every tick).
  }, [allowedAt, sent]);

  useEffect(() => {
    if (period >= lastPeriod.current) return;
    lastPeriod.current = period;
    if (counting) setAnnouncement(format(m.sms.waitAnnouncement, { n: secondsLeft }));
    // Spoken when the wait enters a new period, so the time is read once per period.
  }, [period]);

  useEffect(() => {
    if (counting) wasCounting.current = true;
    else if (wasCounting.current) {
      wasCounting.current = false;
      setAnnouncement(m.sms.readyAnnouncement);
    }
  }, [counting, m.sms.readyAnnouncement]);

  return announcement;
}

export function SmsCodeField({ field, name, label, stepId, skewMs }: FieldRendererProps<'smsCode'>) {
  const m = useMessages();
  const { ids, error, help, inputProps } = useFieldInput(field, name, label);
  const resendAction = useFieldActionRunner(stepId, field.id, name, 'resend');
  // Where the upstream has no safe resend, a new code means starting the authorization again.
  const restart = useRestartRunner(name);
  const viaRestart = field.resend?.via === 'restart';
  const resend = viaRestart ? restart : resendAction;
  const secondsLeft = useCountdown(field.resend?.allowedAt, skewMs);
  const announcement = useResendAnnouncement(field.resend, secondsLeft);
  const noteId = useId();
  const { instruction } = field;
  const waiting = secondsLeft > 0;
  const showRestartNote = viaRestart && !instruction && !waiting;

  let button = null;
  // With an instruction the user texts the carrier themselves: there is nothing to resend.
  if (field.resend && !instruction) {
    const text = waiting
      ? format(m.sms.wait, { n: secondsLeft })
      : resend.pending
        ? viaRestart
          ? m.sms.restarting
          : m.sms.sending
        : field.resend.sent || viaRestart
          ? m.sms.resend
          : m.sms.send;
    button = (
      <button
        type="button"
        className="cl-button cl-button--ghost cl-button--inline cl-button--countdown"
        // `resend` also where a new code means restarting (via: 'restart'): the user asks the same thing.
        {...fieldActionHook('resend')}
        disabled={waiting || resend.pending}
        aria-busy={resend.pending}
        aria-describedby={showRestartNote ? noteId : undefined}
        onClick={() => void resend.run()}
      >
        {text}
      </button>
    );
  }

  const after = (
    <>
      {showRestartNote ? (
        <p id={noteId} className="cl-help">
          {m.sms.restartNote}
        </p>
      ) : null}
      {instruction ? (
        <div className="cl-sms-instruction">
          <p>{format(m.sms.instruction, { body: instruction.body, to: instruction.to })}</p>
          <a className="cl-button cl-button--secondary" href={`sms:${instruction.to}?&body=${encodeURIComponent(instruction.body)}`}>
            {m.sms.instructionLink}
          </a>
        </div>
      ) : null}
      <p className="cl-visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </>
  );

  return (
    <FieldShell field={field} ids={ids} label={label} detailHint={help} error={error} after={after}>
      <input
        {...inputProps}
        className="cl-input cl-input--code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={8}
      />
      {button}
    </FieldShell>
  );
}
