import { useId } from 'react';
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

/** The agreement, disclosed in place under the consent checkbox (no navigation away, no popup). */
export function AgreementPanel({ id, hidden, onAccept, onClose }: AgreementPanelProps) {
  const m = useMessages();
  const titleId = useId();
  return (
    <section id={id} hidden={hidden} className="cl-agreement" role="region" aria-labelledby={titleId}>
      <h3 id={titleId} className="cl-agreement__title">
        {m.agreement.title}
      </h3>
      <p className="cl-agreement__version">{format(m.agreement.version, { version: AGREEMENT_VERSION })}</p>
      <div className="cl-agreement__body" tabIndex={0}>
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
        <button type="button" className="cl-button cl-button--secondary" onClick={onClose}>
          {m.agreement.close}
        </button>
        <button type="button" className="cl-button" onClick={onAccept}>
          {m.agreement.accept}
        </button>
      </div>
    </section>
  );
}
