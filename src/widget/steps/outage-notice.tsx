import { useEffect, useState } from 'react';
import type { Outage } from '../../flow/outage';
import type { Carrier } from '../../flow/phone';
import { fetchOutages } from '../api/outages';
import { useMessages } from '../i18n/i18n-context';

// The flow's outageMatches, restated here: importing flow/outage by value would pull zod into the entry chunk.
const matches = (outages: readonly Outage[], carrier: Carrier | undefined) =>
  carrier !== undefined && outages.some((outage) => outage.carrier === carrier);

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
    <p id={id} className="cl-help cl-outage" role="status" data-cl-outage={matches(outages, carrier) ? 'on' : 'off'}>
      {matches(outages, carrier) ? m.phone.outage : null}
    </p>
  );
}
