import { useEffect, useId, useState } from 'react';
import { WEBHOOK_DELIVERY_STATES } from '../../flow/dashboard-api';
import type { WebhookDeliveryState, WebhookEventSummary } from '../../flow/dashboard-api';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Deliveries } from '../components/deliveries';
import { Failure, Loading } from '../components/status';
import { useMessages } from '../i18n/i18n';
import { ROOT, navigate } from '../router';

const isState = (value: string | null): value is WebhookDeliveryState => WEBHOOK_DELIVERY_STATES.some((state) => state === value);

export function WebhooksPage({ search }: { search: string }) {
  const m = useMessages();
  const id = useId();
  const param = new URLSearchParams(search).get('state');
  const state = isState(param) ? param : undefined;
  const list = useResource(`webhooks:${state ?? ''}`, (signal) => api.webhookEvents(state ? { state } : {}, signal));
  const [more, setMore] = useState<{ state: string; events: WebhookEventSummary[]; cursor: string | null }>();
  useEffect(() => setMore(undefined), [state]);
  const current = more?.state === (state ?? '') ? more : undefined;
  const events = [...(list.data?.events ?? []), ...(current?.events ?? [])];
  const cursor = current ? current.cursor : (list.data?.nextCursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.webhookEvents({ ...(state && { state }), cursor });
      setMore({ state: state ?? '', events: [...(current?.events ?? []), ...page.events], cursor: page.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <>
      <h1>{m.webhooks.title}</h1>
      {list.data ? (
        <dl className="dash-facts">
          <div>
            <dt>{m.webhooks.endpoint}</dt>
            <dd>
              {list.data.endpointHost ? (
                <code>{list.data.endpointHost}</code>
              ) : (
                <span className="dash-notice">{m.webhooks.noEndpoint}</span>
              )}
            </dd>
          </div>
        </dl>
      ) : null}
      <form className="dash-filters" onSubmit={(event) => event.preventDefault()} aria-label={m.filters.label}>
        <div className="dash-field">
          <label htmlFor={`${id}-state`}>{m.webhooks.state}</label>
          <select
            id={`${id}-state`}
            value={state ?? ''}
            onChange={(event) => navigate(`${ROOT}/webhooks${event.target.value ? `?state=${event.target.value}` : ''}`, true)}
          >
            <option value="">{m.common.all}</option>
            {WEBHOOK_DELIVERY_STATES.map((value) => (
              <option key={value} value={value}>
                {m.webhooks.states[value]}
              </option>
            ))}
          </select>
        </div>
      </form>
      {list.error ? <Failure error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? (
        list.loading ? (
          <Loading />
        ) : null
      ) : (
        <section className="dash-card" aria-label={m.webhooks.title}>
          <Deliveries events={events} caption={m.webhooks.title} />
          {cursor ? (
            <button type="button" className="dash-button dash-button--secondary" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? m.common.loading : m.common.loadMore}
            </button>
          ) : null}
        </section>
      )}
    </>
  );
}
