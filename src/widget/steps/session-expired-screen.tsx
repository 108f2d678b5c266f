import { useId } from 'react';
import { screenHook } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';
import { useHeadingFocus } from './focus';

interface SessionExpiredScreenProps {
  /** Back to the phone step; absent in link mode, where the link opened its one session. */
  onRestart?: () => void;
  /** Back to the lender page (embedded link mode). */
  onBack?: () => void;
}

/** The server no longer knows the session (401): the only way on is a fresh start. */
export function SessionExpiredScreen({ onRestart, onBack }: SessionExpiredScreenProps) {
  const m = useMessages();
  const headingId = useId();
  const headingRef = useHeadingFocus<HTMLHeadingElement>();
  const action = onRestart ? { label: m.expired.restart, run: onRestart } : onBack ? { label: m.expired.back, run: onBack } : undefined;
  return (
    <section className="cl-screen cl-screen--result" aria-labelledby={headingId} {...screenHook('expired')}>
      <svg className="cl-result-icon cl-result-icon--muted" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="24" cy="24" r="22" />
        <path d="M24 13v11l7 5" />
      </svg>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="cl-heading">
        {m.expired.heading}
      </h2>
      <p className="cl-intro">{onRestart ? m.expired.body : m.expired.bodyLink}</p>
      {action ? (
        <div className="cl-actions">
          <button type="button" className="cl-button cl-button--primary" onClick={action.run}>
            {action.label}
          </button>
        </div>
      ) : null}
    </section>
  );
}
