import { useId, type MouseEvent } from 'react';
import { PHONE_FORM, type AgreementAction } from '../../flow/page';
import { format } from '../i18n/format';
import { useMessages } from '../i18n/i18n-context';

/** Version of the agreement text below; sent with the consent so the server records what was accepted. */
export const AGREEMENT_VERSION = '2026-11';

interface AgreementPanelProps {
  id: string;
  /** Kept in the DOM while collapsed so the toggle's aria-controls always points somewhere. */
  hidden: boolean;
  onAccept: () => void;
  onClose: () => void;
}

/**
 * The agreement, disclosed in place under the consent checkbox (no navigation away, no popup). Its
 * buttons are submit buttons of the phone form: before the widget's script runs they post it and
 * the server answers the page with the agreement closed or accepted; once it runs, they act here.
 */
export function AgreementPanel({ id, hidden, onAccept, onClose }: AgreementPanelProps) {
  const m = useMessages();
  const titleId = useId();
  const act = (run: () => void) => (event: MouseEvent) => {
    event.preventDefault();
    run();
  };
  return (
    <section id={id} hidden={hidden} className="cl-agreement" role="region" aria-labelledby={titleId}>
      <h3 id={titleId} className="cl-agreement__title">
        {m.agreement.title}
      </h3>
      <p className="cl-agreement__version">{format(m.agreement.version, { version: AGREEMENT_VERSION })}</p>
      <div className="cl-agreement__body" tabIndex={0} role="group" aria-labelledby={titleId}>
        {m.agreement.sections.map((section) => (
          <div key={section.title}>
            <h4>{section.title}</h4>
            {section.paragraphs.map((paragraph) => (
              <p key={paragraph}>{paragraph}</p>
            ))}
          </div>
        ))}
      </div>
      <div className="cl-agreement__actions">
        <button
          type="submit"
          name={PHONE_FORM.agreement}
          value={'close' satisfies AgreementAction}
          formNoValidate
          className="cl-button cl-button--secondary"
          onClick={act(onClose)}
        >
          {m.agreement.close}
        </button>
        <button
          type="submit"
          name={PHONE_FORM.agreement}
          value={'accept' satisfies AgreementAction}
          formNoValidate
          className="cl-button"
          onClick={act(onAccept)}
        >
          {m.agreement.accept}
        </button>
      </div>
    </section>
  );
}
