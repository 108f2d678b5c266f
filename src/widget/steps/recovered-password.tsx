import { useEffect, useId, useState } from 'react';
import type { RecoveredPassword } from '../../flow';
import { format } from '../i18n/format';
import { useMessages } from '../i18n/i18n-context';

/**
 * The new service password a carrier answered after a recovery (上海电信), on the login step that
 * follows: the applicant's own, for them to log in with. Announced like a notice: the live region
 * mounts empty and is filled after mount.
 */
export function RecoveredPasswordNotice({ recovered }: { recovered: RecoveredPassword | undefined }) {
  const m = useMessages();
  const headingId = useId();
  const [shown, setShown] = useState<RecoveredPassword>();
  useEffect(() => setShown(recovered), [recovered]);
  if (!recovered) return null;
  return (
    <div role="status" aria-live="polite">
      {shown ? (
        <section className="cl-alert cl-alert--info cl-recovered" aria-labelledby={headingId}>
          <h3 id={headingId} className="cl-recovered__heading">
            {m.recoveredPassword.heading}
          </h3>
          {shown.password ? (
            <p className="cl-recovered__password" translate="no">
              {shown.password}
            </p>
          ) : null}
          <p className="cl-recovered__text">{format(m.recoveredPassword.says, { text: shown.message })}</p>
          <p className="cl-recovered__text">{m.recoveredPassword.note}</p>
        </section>
      ) : null}
    </div>
  );
}
