import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { fill, useMessages } from '../i18n/i18n';
import { carrierName } from './names';

/** A banner over every page listing the carriers and provinces in an outage now; nothing otherwise (or when it cannot load). */
export function OutageBanner() {
  const m = useMessages();
  const outages = useResource('outages', (signal) => api.outages(signal));
  const list = outages.data?.outages ?? [];
  if (list.length === 0) return null;
  return (
    <section className="dash-outage" role="status" aria-label={m.outage.title}>
      <p>
        <strong>{m.outage.title}</strong> {fill(m.outage.body, { minutes: String(outages.data?.windowMinutes ?? '') })}
      </p>
      <ul>
        {list.map((outage) => (
          <li key={`${outage.carrier}:${outage.province ?? ''}`}>
            {carrierName(m, outage.carrier)} · {outage.province ?? m.outage.anyProvince}
          </li>
        ))}
      </ul>
    </section>
  );
}
