import { useId } from 'react';
import { embedError } from '../embed/embed-error';
import { useExit } from '../embed/embed-context';
import type { LinkErrorCode } from '../embed/view';
import { screenHook } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';
import { useHeadingFocus } from './focus';

/** The link token is unknown, used or expired: nothing to do here but go back to the lender. */
export function LinkErrorScreen({ code }: { code: LinkErrorCode }) {
  const m = useMessages();
  const exit = useExit();
  const headingId = useId();
  const headingRef = useHeadingFocus<HTMLHeadingElement>();
  const message = m.errors[code];
  return (
    <section className="cl-screen cl-screen--result" aria-labelledby={headingId} {...screenHook('link_error')}>
      <svg className="cl-result-icon cl-result-icon--muted" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="24" cy="24" r="22" />
        <path d="M24 13v14M24 33v2" />
      </svg>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="cl-heading">
        {m.linkError.heading}
      </h2>
      <p className="cl-intro">{message}</p>
      {exit ? (
        <div className="cl-actions">
          <button
            type="button"
            className="cl-button cl-button--primary"
            onClick={() => exit('link_invalid', embedError(code, false, message))}
          >
            {m.linkError.back}
          </button>
        </div>
      ) : null}
    </section>
  );
}
