import { useEffect, useState } from 'react';
import { outageMatches } from '../../flow/outage';
import type { Outage } from '../../flow/outage';
import type { Carrier } from '../../flow/phone';
import { fetchOutages } from '../api/outages';
import { outageHook } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';

/**
 * Under the number: a polite notice when the typed number's carrier has many failures across recent
 * sessions. Asked when a carrier is first recognized; any failure simply shows nothing. `simulate`
 * (demo sessions only): the server answers a simulated outage of every carrier.
 */
export function OutageNotice({
  carrier,
  demo,
  simulate = false,
  id,
}: {
  carrier: Carrier | undefined;
  demo: boolean;
  simulate?: boolean;
  id: string;
}) {
  const m = useMessages();
  const [outages, setOutages] = useState<readonly Outage[]>([]);
  // Asked once a number's carrier is known: typing costs nothing before that.
  const asked = carrier !== undefined;
  useEffect(() => {
    if (!asked) return;
    let live = true;
    fetchOutages(demo, demo && simulate).then(
      (answer) => {
        if (live) setOutages(answer.outages);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [demo, simulate, asked]);
  const on = outageMatches(outages, carrier);
  return (
    <p id={id} className="cl-help cl-outage" role="status" {...outageHook(on)}>
      {on ? m.phone.outage : null}
    </p>
  );
}
