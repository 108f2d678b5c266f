import { useState } from 'react';
import type { SessionReportResponse } from '../../flow/dashboard-api';
import { DashboardApiError } from '../api/client';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { ChartView } from '../charts/chart';
import { PALETTE } from '../charts/palette';
import { DataTable, Failure, Loading, Scroll } from '../components/status';
import { dateTime, duration, number, peerShown, percent, yuan } from '../format';
import { fill, useMessages } from '../i18n/i18n';
import type { Messages } from '../i18n/zh-cn';

const CARRIER_NAMES: Record<string, keyof Messages['carriers']> = {
  china_mobile: 'chinaMobile',
  china_unicom: 'chinaUnicom',
  china_telecom: 'chinaTelecom',
};

/** The credit officer's pictures of one session's collected data. */
export function Report({ id }: { id: string }) {
  const m = useMessages();
  const report = useResource(`report:${id}`, (signal) => api.report(id, signal));
  if (report.error instanceof DashboardApiError && (report.error.status === 409 || report.error.status === 410)) {
    return <p className="dash-notice">{report.error.status === 409 ? m.report.notReady : m.report.purged}</p>;
  }
  if (report.error) return <Failure error={report.error} onRetry={report.reload} />;
  if (!report.data) return <Loading />;
  return <ReportView data={report.data} m={m} />;
}

function ReportView({ data, m }: { data: SessionReportResponse; m: Messages }) {
  const [reveal, setReveal] = useState(false);
  const months = data.months.map((month) => month.month);
  const carrier = data.subscriber.carrier ? CARRIER_NAMES[data.subscriber.carrier] : undefined;
  const facts: Array<[string, string]> = [
    [m.report.name, data.subscriber.name ?? '–'],
    [m.report.idCard, data.subscriber.idCardMasked ?? '–'],
    [m.report.carrier, carrier ? m.carriers[carrier] : (data.subscriber.carrier ?? '–')],
    [m.report.region, data.subscriber.region ?? '–'],
    [m.report.openDate, data.subscriber.openDate ?? '–'],
    [m.report.tenure, data.subscriber.tenureMonths === null ? '–' : fill(m.report.tenureValue, { months: data.subscriber.tenureMonths })],
    [m.report.balance, yuan(data.subscriber.balanceFen, m, m.locale)],
  ];
  const totals: Array<[string, string]> = [
    [m.report.calls, number(data.totals.calls, m.locale)],
    [m.report.callMinutes, duration(data.totals.callSeconds * 1000, m)],
    [m.report.sms, number(data.totals.sms, m.locale)],
    [m.report.bills, number(data.totals.bills, m.locale)],
    [m.report.contacts, number(data.totals.contacts, m.locale)],
    [m.report.nightShare, data.nightShare === null ? '–' : percent(data.totals.nightCalls, data.totals.calls, m.locale)],
  ];
  const missing: Array<[string, string[]]> = [
    [m.report.missingCalls, data.missingMonths.calls],
    [m.report.missingPossibly, data.missingMonths.callsPossibly],
    [m.report.missingSms, data.missingMonths.sms],
    [m.report.missingBills, data.missingMonths.bills],
  ];
  const skipped = data.skipped.calls + data.skipped.sms + data.skipped.bills > 0;
  return (
    <div className="dash-stack">
      <p className="dash-muted">{fill(m.report.collectedAt, { time: dateTime(data.collectedAt, m.locale) })}</p>
      <div className="dash-grid">
        <div>
          <h3>{m.report.subscriber}</h3>
          <dl className="dash-facts">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div>
          <h3>{m.report.totals}</h3>
          <dl className="dash-kpis dash-kpis--compact">
            {totals.map(([label, value]) => (
              <div key={label} className="dash-kpi">
                <dt>{label}</dt>
                <dd>
                  <span className="dash-kpi__value">{value}</span>
                  {label === m.report.nightShare ? <span className="dash-kpi__hint">{m.report.nightHint}</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      </div>

      <div className="dash-grid">
        <figure className="dash-figure">
          <figcaption>{m.report.callsChart}</figcaption>
          <ChartView
            label={m.report.callsChart}
            config={{
              type: 'bar',
              data: {
                labels: months,
                datasets: [
                  { label: m.report.outgoing, data: data.months.map((x) => x.callsOutgoing), backgroundColor: PALETTE.brand },
                  { label: m.report.incoming, data: data.months.map((x) => x.callsIncoming), backgroundColor: PALETTE.green },
                ],
              },
              options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
            }}
          />
          <DataTable
            caption={m.report.callsChart}
            head={[m.report.month, m.report.calls, m.report.outgoing, m.report.incoming, m.report.callMinutes, m.report.night]}
            rows={data.months.map((x) => [
              x.month,
              number(x.calls, m.locale),
              number(x.callsOutgoing, m.locale),
              number(x.callsIncoming, m.locale),
              duration(x.callSeconds * 1000, m),
              number(x.nightCalls, m.locale),
            ])}
          />
        </figure>
        <figure className="dash-figure">
          <figcaption>{m.report.smsChart}</figcaption>
          <ChartView
            label={m.report.smsChart}
            config={{
              type: 'bar',
              data: {
                labels: months,
                datasets: [
                  { label: m.report.sent, data: data.months.map((x) => x.smsSent), backgroundColor: PALETTE.purple },
                  { label: m.report.received, data: data.months.map((x) => x.smsReceived), backgroundColor: PALETTE.grey },
                ],
              },
              options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
            }}
          />
          <DataTable
            caption={m.report.smsChart}
            head={[m.report.month, m.report.sms, m.report.sent, m.report.received]}
            rows={data.months.map((x) => [x.month, number(x.sms, m.locale), number(x.smsSent, m.locale), number(x.smsReceived, m.locale)])}
          />
        </figure>
        <figure className="dash-figure">
          <figcaption>{m.report.billsChart}</figcaption>
          <ChartView
            label={m.report.billsChart}
            config={{
              type: 'bar',
              data: {
                labels: months,
                datasets: [
                  {
                    label: m.report.bill,
                    data: data.months.map((x) => (x.billFen === null ? null : x.billFen / 100)),
                    backgroundColor: PALETTE.orange,
                  },
                ],
              },
              options: { scales: { y: { beginAtZero: true } } },
            }}
          />
          <DataTable
            caption={m.report.billsChart}
            head={[m.report.month, m.report.bill]}
            rows={data.months.map((x) => [x.month, yuan(x.billFen, m, m.locale)])}
          />
        </figure>
        <figure className="dash-figure">
          <figcaption>
            {m.report.nightChart} <span className="dash-hint">{m.report.nightHint}</span>
          </figcaption>
          <ChartView
            label={`${m.report.nightShare} ${data.nightShare === null ? '–' : percent(data.totals.nightCalls, data.totals.calls, m.locale)}`}
            size="short"
            config={{
              type: 'doughnut',
              data: {
                labels: [m.report.night, m.report.day],
                datasets: [
                  {
                    data: [data.totals.nightCalls, data.totals.calls - data.totals.nightCalls],
                    backgroundColor: [PALETTE.night, PALETTE.day],
                  },
                ],
              },
            }}
          />
        </figure>
      </div>

      <div>
        <h3>{m.report.topContacts}</h3>
        <button type="button" className="dash-button dash-button--ghost" aria-pressed={reveal} onClick={() => setReveal((value) => !value)}>
          {reveal ? m.report.hideNumbers : m.report.showNumbers}
        </button>
        <ChartView
          label={fill(m.report.topContactsChart, { count: data.topContacts.length })}
          config={{
            type: 'bar',
            data: {
              labels: data.topContacts.map((contact) => peerShown(contact.peer, reveal)),
              datasets: [
                { label: m.report.outgoing, data: data.topContacts.map((c) => c.outgoing), backgroundColor: PALETTE.brand },
                { label: m.report.incoming, data: data.topContacts.map((c) => c.incoming), backgroundColor: PALETTE.green },
              ],
            },
            options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
          }}
        />
        <Scroll label={m.report.topContacts}>
          <table className="dash-table">
            <thead>
              <tr>
                <th scope="col">{m.report.peer}</th>
                <th scope="col">{m.report.callsCount}</th>
                <th scope="col">{m.report.outgoing}</th>
                <th scope="col">{m.report.incoming}</th>
                <th scope="col">{m.report.duration}</th>
                <th scope="col">{m.report.night}</th>
                <th scope="col">{m.report.sms}</th>
                <th scope="col">{m.report.lastContact}</th>
              </tr>
            </thead>
            <tbody>
              {data.topContacts.map((contact) => (
                <tr key={contact.peer}>
                  <th scope="row">
                    <code>{peerShown(contact.peer, reveal)}</code>
                  </th>
                  <td>{number(contact.calls, m.locale)}</td>
                  <td>{number(contact.outgoing, m.locale)}</td>
                  <td>{number(contact.incoming, m.locale)}</td>
                  <td>{duration(contact.seconds * 1000, m)}</td>
                  <td>{number(contact.nightCalls, m.locale)}</td>
                  <td>{number(contact.sms, m.locale)}</td>
                  <td>{dateTime(contact.lastAt, m.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </div>

      <div>
        <h3>{m.report.missing}</h3>
        <Scroll label={m.report.missing}>
          <table className="dash-table dash-months">
            <thead>
              <tr>
                <th scope="col">{m.report.month}</th>
                {missing.map(([label]) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {months.map((month) => (
                <tr key={month}>
                  <th scope="row">{month}</th>
                  {missing.map(([label, list]) => (
                    <td key={label} className={list.includes(month) ? 'dash-month--absent' : 'dash-month--present'}>
                      {list.includes(month) ? m.report.absent : m.report.present}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        {missing.every(([, list]) => list.length === 0) ? <p className="dash-hint">{m.report.noneMissing}</p> : null}
        {skipped ? <p className="dash-notice">{fill(m.report.skipped, { ...data.skipped })}</p> : null}
      </div>
    </div>
  );
}
