import { useEffect, useState } from 'react';
import { outageMatches } from '../../flow/outage';
import type { Outage } from '../../flow/outage';
import type { Carrier } from '../../flow/phone';
import { fetchOutages } from '../api/outages';
import { useMessages } from '../i18n/i18n-context';

/**
 * Under the number: a polite notice when the typed number's carrier has many failures across recent
 * sessions. Asked when a carrier is first recognized; any failure simply shows nothing.
 */
export function OutageNotice({ carrier, demo, id }: { carrier: Carrier | undefined; demo: boolean; id: string }) {
  const m = useMessages();
  const [outages, setOutages] = useState<readonly Outage[]>([]);
  // Asked once a number's carrier is known: typing costs nothing before that.
  const asked = carrier !== undefined;
  useEffect(() => {
    if (!asked) return;
    let live = true;
    fetchOutages(demo).then(
      (answer) => {
        if (live) setOutages(answer.outages);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [demo, asked]);
  return (
    <p id={id} className="cl-help cl-outage" role="status" data-cl-outage={outageMatches(outages, carrier) ? 'on' : 'off'}>
      {outageMatches(outages, carrier) ? m.phone.outage : null}
    </p>
  );
}
