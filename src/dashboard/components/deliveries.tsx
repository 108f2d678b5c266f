import { useState } from 'react';
import type { WebhookEventSummary } from '../../flow/dashboard-api';
import { DashboardApiError } from '../api/client';
import { api } from '../api/endpoints';
import { dateTime, number } from '../format';
import { fill, useMessages } from '../i18n/i18n';
import { ROOT } from '../router';
import { Link } from './link';
import { Scroll } from './status';

interface DeliveriesProps {
  events: WebhookEventSummary[];
  caption: string;
  /** Hide the session column (the session's own page). */
  withSession?: boolean;
  /** Told after a replay, with the event as it now stands. */
  onReplayed?(event: WebhookEventSummary): void;
}

/** Webhook events and their delivery, each with a replay button. */
export function Deliveries({ events, caption, withSession = true, onReplayed }: DeliveriesProps) {
  const m = useMessages();
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [replaced, setReplaced] = useState<Record<string, WebhookEventSummary>>({});

  const replay = async (event: WebhookEventSummary) => {
    setBusy(event.id);
    setMessage(undefined);
    try {
      const updated = await api.replay(event.id);
      setReplaced((current) => ({ ...current, [updated.id]: updated }));
      setMessage({ text: m.webhooks.replayed, error: false });
      onReplayed?.(updated);
    } catch (error) {
      const code = error instanceof DashboardApiError ? error.code : 'network_error';
      const reason =
        code === 'rate_limited'
          ? m.webhooks.rateLimited
          : code === 'not_found' && error instanceof DashboardApiError && /endpoint/i.test(error.message)
            ? m.webhooks.noEndpointShort
            : code === 'network_error'
              ? m.common.network
              : (m.errors[code] ?? code);
      setMessage({ text: fill(m.webhooks.replayFailed, { reason }), error: true });
    } finally {
      setBusy(undefined);
    }
  };

  const rows = events.map((event) => replaced[event.id] ?? event);
  return (
    <>
      <p className={message?.error ? 'dash-error' : 'dash-success'} role="status">
        {message?.text ?? ''}
      </p>
      <Scroll label={caption}>
        <table className="dash-table dash-table--cards">
          <caption className="dash-visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.webhooks.type}</th>
              {withSession ? <th scope="col">{m.webhooks.session}</th> : null}
              <th scope="col">{m.webhooks.state}</th>
              <th scope="col">{m.webhooks.created}</th>
              <th scope="col">{m.webhooks.attempts}</th>
              <th scope="col">{m.webhooks.last}</th>
              <th scope="col">{m.webhooks.next}</th>
              <th scope="col">{m.webhooks.replays}</th>
              <th scope="col">{m.webhooks.action}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={withSession ? 9 : 8} className="dash-muted">
                  {m.common.empty}
                </td>
              </tr>
            ) : (
              rows.map((event) => (
                <tr key={event.id}>
                  <th scope="row">
                    <code>{event.type}</code>
                    <span className="dash-id">{event.id}</span>
                  </th>
                  {withSession ? (
                    <td data-label={m.webhooks.session}>
                      <Link href={`${ROOT}/sessions/${event.sessionId}`}>
                        <code>{event.sessionId}</code>
                      </Link>
                    </td>
                  ) : null}
                  <td data-label={m.webhooks.state}>
                    <span className={`dash-badge dash-badge--${event.state}`}>{m.webhooks.states[event.state]}</span>
                  </td>
                  <td data-label={m.webhooks.created}>{dateTime(event.createdAt, m.locale)}</td>
                  <td data-label={m.webhooks.attempts}>{number(event.attempts, m.locale)}</td>
                  <td data-label={m.webhooks.last}>
                    {event.state === 'delivered' ? dateTime(event.deliveredAt, m.locale) : (event.lastError ?? '–')}
                  </td>
                  <td data-label={m.webhooks.next}>{dateTime(event.nextAttemptAt, m.locale)}</td>
                  <td data-label={m.webhooks.replays}>{number(event.replays, m.locale)}</td>
                  <td data-label={m.webhooks.action}>
                    <button
                      type="button"
                      className="dash-button dash-button--secondary dash-button--small"
                      onClick={() => void replay(event)}
                      disabled={busy === event.id}
                      aria-label={`${m.webhooks.replay} ${event.type} ${event.id}`}
                    >
                      {busy === event.id ? m.webhooks.replaying : m.webhooks.replay}
                    </button>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </Scroll>
    </>
  );
}
