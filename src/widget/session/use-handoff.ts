import { useEffect, useRef, useState } from 'react';
import { HANDOFF_PARAM } from '../../flow/page';
import { isSessionGone } from '../api/http';
import { redeemHandoff } from '../api/redeem-handoff';
import type { StartedSession } from '../api/start-session';
import { useStartReporting } from '../steps/start-reporting';

/** The page URL without the hand-off code: a reload must not present a used code. */
function dropCodeFromUrl(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(HANDOFF_PARAM)) return;
  url.searchParams.delete(HANDOFF_PARAM);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

interface HandoffCallbacks {
  onStarted: (started: StartedSession, phone: string) => void;
  /** The code is unknown, used or too old. */
  onGone: () => void;
}

/**
 * The phone form reached the server before the script ran: the page came back with a one-time
 * code, exchanged here for the session (its token never in a URL). True while that is under way.
 * A dropped connection is tried again a few times; the embed page hears `consent` as it would have.
 */
export function useHandoff(code: string | undefined, callbacks: HandoffCallbacks): boolean {
  const [pending, setPending] = useState(code !== undefined);
  const latest = useRef(callbacks);
  latest.current = callbacks;
  const report = useStartReporting();
  const reportRef = useRef(report);
  reportRef.current = report;

  useEffect(() => {
    if (code === undefined) return;
    let active = true;
    const attempt = async (tries: number): Promise<void> => {
      try {
        const started = await redeemHandoff(code);
        if (!active) return;
        dropCodeFromUrl();
        reportRef.current.started(started.consent);
        latest.current.onStarted(started, started.phone);
        setPending(false);
      } catch (error) {
        if (!active) return;
        if (!isSessionGone(error) && tries > 1) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return attempt(tries - 1);
        }
        dropCodeFromUrl();
        latest.current.onGone();
        setPending(false);
      }
    };
    void attempt(3);
    return () => {
      active = false;
    };
  }, [code]);

  return pending && code !== undefined;
}
