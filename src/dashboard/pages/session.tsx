import { lazy, Suspense } from 'react';
import type { SessionDetailResponse } from '../../flow/dashboard-api';
import { DashboardApiError } from '../api/client';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Deliveries } from '../components/deliveries';
import { Link } from '../components/link';
import { carrierName, errorName, providerName } from '../components/names';
import { Failure, Loading, Scroll } from '../components/status';
import { dateTime, duration } from '../format';
import { fill, useMessages } from '../i18n/i18n';
import type { Messages } from '../i18n/zh-cn';
import { ROOT } from '../router';

const Report = lazy(() => import('./report').then((module) => ({ default: module.Report })));

export function SessionPage({ id }: { id: string }) {
  const m = useMessages();
  const detail = useResource(`session:${id}`, (signal) => api.session(id, signal));
  const notFound = detail.error instanceof DashboardApiError && (detail.error.status === 404 || detail.error.status === 400);
  return (
    <>
      <p>
        <Link href={`${ROOT}/sessions`}>{m.common.back}</Link>
      </p>
      <h1>{fill(m.session.title, { id })}</h1>
      {notFound ? (
        <p className="dash-notice">{m.session.notFound}</p>
      ) : detail.error ? (
        <Failure error={detail.error} onRetry={detail.reload} />
      ) : null}
      {!detail.data ? (
        detail.loading ? (
          <Loading />
        ) : null
      ) : (
        <div className="dash-stack">
          <Summary data={detail.data} m={m} />
          <section className="dash-card" aria-labelledby="report-title">
            <h2 id="report-title">{m.report.title}</h2>
            {detail.data.reportAvailable ? (
              <Suspense fallback={<Loading />}>
                <Report id={id} />
              </Suspense>
            ) : (
              <p className="dash-muted">{m.session.noReport}</p>
            )}
          </section>
          <Timeline data={detail.data} m={m} />
          <section className="dash-card" aria-labelledby="session-webhooks">
            <h2 id="session-webhooks">{m.session.webhooks}</h2>
            <Deliveries events={detail.data.webhooks} caption={m.session.webhooks} withSession={false} />
          </section>
        </div>
      )}
    </>
  );
}

function Summary({ data, m }: { data: SessionDetailResponse; m: Messages }) {
  const s = data.summary;
  const facts: Array<[string, string]> = [
    [m.sessions.outcome, m.outcomes[s.outcome]],
    [m.sessions.stage, s.stage ? m.stages[s.stage] : '–'],
    [m.sessions.provider, providerName(m, s.provider)],
    [m.sessions.carrier, carrierName(m, s.carrier)],
    [m.sessions.province, s.province ?? m.common.unknown],
    [m.session.user, s.lenderUserId ?? '–'],
    [m.session.created, dateTime(s.createdAt, m.locale)],
    [m.session.started, dateTime(s.startedAt, m.locale)],
    [m.session.authorized, dateTime(s.authorizedAt, m.locale)],
    [m.session.dataReady, dateTime(s.dataReadyAt, m.locale)],
    [m.session.failed, dateTime(s.failedAt, m.locale)],
    [m.sessions.lastError, errorName(m, s.lastError)],
    [m.session.exit, s.exitReason ? m.exitReasons[s.exitReason] : '–'],
  ];
  return (
    <section className="dash-card" aria-labelledby="summary-title">
      <h2 id="summary-title">{m.session.summary}</h2>
      <dl className="dash-facts dash-facts--grid">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>{m.session.visits}</h3>
      <Scroll label={m.session.visits}>
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">{m.funnel.stage}</th>
              <th scope="col">{m.session.time}</th>
              <th scope="col">{m.session.elapsed}</th>
              <th scope="col">{m.funnel.passed}</th>
            </tr>
          </thead>
          <tbody>
            {data.visits.map((visit) => (
              <tr key={visit.stage}>
                <th scope="row">{m.stages[visit.stage]}</th>
                <td>{dateTime(visit.enteredAt, m.locale)}</td>
                <td>{duration(visit.durationMs, m)}</td>
                <td>{visit.passed ? '✓' : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}

function Timeline({ data, m }: { data: SessionDetailResponse; m: Messages }) {
  const detail = (event: SessionDetailResponse['timeline'][number]) => {
    const parts: string[] = [];
    if (event.stage) parts.push(m.stages[event.stage]);
    if (event.kind === 'exit' && event.code) parts.push(m.exitReasons[event.code as keyof Messages['exitReasons']] ?? event.code);
    else if (event.code) parts.push(`${errorName(m, event.code)} (${event.code}${event.upstreamCode ? ` / ${event.upstreamCode}` : ''})`);
    if (event.field) parts.push(event.field);
    return parts.join(' · ');
  };
  return (
    <section className="dash-card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{m.session.timeline}</h2>
      <Scroll label={m.session.timeline}>
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">{m.session.elapsed}</th>
              <th scope="col">{m.session.event}</th>
              <th scope="col">{m.session.detail}</th>
              <th scope="col">{m.session.source}</th>
              <th scope="col">{m.session.time}</th>
            </tr>
          </thead>
          <tbody>
            {data.timeline.map((event, index) => (
              <tr key={index} className={event.kind === 'error' || event.kind === 'failed' ? 'dash-row--error' : undefined}>
                <th scope="row">{duration(event.sinceStartMs, m)}</th>
                <td>{m.events[event.kind]}</td>
                <td className="dash-wrap">{detail(event)}</td>
                <td>{event.source === 'browser' ? m.session.browser : m.session.server}</td>
                <td>{dateTime(event.at, m.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}
