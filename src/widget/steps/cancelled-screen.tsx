import { useId } from 'react';
import { screenHook } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';
import { useHeadingFocus } from './focus';

/** Link mode, after "取消授权并返回": the session is gone; another number needs a new link from the lender. */
export function CancelledScreen() {
  const m = useMessages();
  const headingId = useId();
  const headingRef = useHeadingFocus<HTMLHeadingElement>();
  return (
    <section className="cl-screen cl-screen--result" aria-labelledby={headingId} {...screenHook('cancelled')}>
      <svg className="cl-result-icon cl-result-icon--muted" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="24" cy="24" r="22" />
        <path d="M17 17l14 14M31 17L17 31" />
      </svg>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="cl-heading">
        {m.cancelled.heading}
      </h2>
      <p className="cl-intro">{m.cancelled.body}</p>
    </section>
  );
}
