import { createContext, useContext, useEffect, useState } from 'react';
import { rateLimitOf } from '../api/http';
import { STEP_ERROR_HOOK, errorCodeHook } from '../dom-hooks';
import { useErrorText } from '../i18n/error-text';
import { format } from '../i18n/format';
import { useMessages } from '../i18n/i18n-context';

/** A refusal by a server-side abuse limit, as shown: its words and when it ends (device clock). */
export interface RateLimit {
  message: string;
  retryAtMs: number;
}

/** Lets a field's action (refresh, resend) show its refusal at the step, with the countdown. */
export const RateLimitReporter = createContext<((limit: RateLimit) => void) | undefined>(undefined);

/** The refusal to show when `error` is a rate_limited answer; undefined otherwise. */
export function useRateLimitOf(): (error: unknown) => RateLimit | undefined {
  const describeError = useErrorText();
  return (error) => {
    const limit = rateLimitOf(error);
    return limit && { message: describeError({ code: limit.code, message: limit.serverMessage }), retryAtMs: limit.retryAtMs };
  };
}

/** The reporter a field action runner hands a rate_limited failure to (none outside a form step). */
export const useRateLimitReporter = () => useContext(RateLimitReporter);

/** `m:ss`, or `h:mm:ss` from an hour. */
export function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const secondsLeft = (retryAtMs: number) => Math.max(0, Math.ceil((retryAtMs - Date.now()) / 1000));

/**
 * The refusal and a countdown to its end. Screen readers hear the refusal once with the wait in
 * words, and politely that the wait is over; the ticking time itself is not announced.
 */
export function RateLimitNotice({ limit }: { limit: RateLimit }) {
  const m = useMessages();
  const [left, setLeft] = useState(() => secondsLeft(limit.retryAtMs));
  useEffect(() => {
    setLeft(secondsLeft(limit.retryAtMs));
    const timer = setInterval(() => {
      const next = secondsLeft(limit.retryAtMs);
      setLeft(next);
      if (next === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [limit.retryAtMs]);
  // Worded once, from the wait at the refusal: re-rendering must not change what was announced.
  const [wait] = useState(() => {
    const seconds = secondsLeft(limit.retryAtMs);
    return seconds >= 60
      ? format(m.limits.waitMinutes, { minutes: Math.ceil(seconds / 60) })
      : format(m.limits.waitSeconds, { seconds: Math.max(1, seconds) });
  });
  return (
    <div className="cl-alert cl-alert--error cl-rate-limit" {...STEP_ERROR_HOOK} {...errorCodeHook('rate_limited')}>
      <p role="alert">
        {limit.message}
        {left > 0 ? <span className="cl-visually-hidden"> {wait}</span> : null}
      </p>
      {left > 0 ? (
        <p className="cl-rate-limit__countdown" aria-hidden="true">
          {format(m.limits.countdown, { time: clock(left) })}
        </p>
      ) : null}
      <p role="status" className="cl-visually-hidden">
        {left === 0 ? m.limits.over : ''}
      </p>
    </div>
  );
}
