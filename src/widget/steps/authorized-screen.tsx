import { useId } from 'react';
import { useExit } from '../embed/embed-context';
import { screenHook } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';
import { useHeadingFocus } from './focus';

export function AuthorizedScreen() {
  const m = useMessages();
  const exit = useExit();
  const headingId = useId();
  const headingRef = useHeadingFocus<HTMLHeadingElement>();
  return (
    <section className="cl-screen cl-screen--result" aria-labelledby={headingId} {...screenHook('authorized')}>
      <svg className="cl-result-icon cl-result-icon--success" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="24" cy="24" r="22" />
        <path d="M14 24.5l7 7 13-14" />
      </svg>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="cl-heading">
        {m.authorized.heading}
      </h2>
      <p className="cl-intro">{m.authorized.body}</p>
      {exit ? (
        <div className="cl-actions">
          <button type="button" className="cl-button cl-button--primary" onClick={() => exit('completed')}>
            {m.authorized.done}
          </button>
        </div>
      ) : null}
    </section>
  );
}
