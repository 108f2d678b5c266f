import { useEffect, useState } from 'react';
import { FUNNEL_STAGES } from '../../flow/analytics';
import type { BreakdownRow, FunnelResponse } from '../../flow/dashboard-api';
import { bootFunnelFor, dropBootFunnel } from '../api/boot';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { ChartView } from '../charts/chart';
import { PALETTE } from '../charts/palette';
import { FilterBar } from '../components/filter-bar';
import { DataTable, Failure, Loading, Scroll } from '../components/status';
import { readFilters, rangeValid, toApi, writeFilters } from '../filters';
import { duration, number, percent } from '../format';
import { fill, useMessages } from '../i18n/i18n';
import type { Messages } from '../i18n/zh-cn';
import { ROOT, navigate } from '../router';

/** Marks for the benchmark: the figures are on screen; the funnel chart is drawn. */
export const READY_MARK = 'cl-dashboard-ready';
export const CHARTS_MARK = 'cl-dashboard-charts';

export function OverviewPage({ search }: { search: string }) {
  const m = useMessages();
  const filters = readFilters(search);
  const valid = rangeValid(filters);
  const key = writeFilters(filters);
  // The server's figures for this view when the page was opened on it (no API round trip).
  const [initial] = useState(() => bootFunnelFor(key));
  const funnel = useResource(
    `funnel${key}`,
    (signal) => (valid ? api.funnel(toApi(filters), signal) : Promise.reject(new Error('range'))),
    initial,
  );
  const data = funnel.data;
  useEffect(() => dropBootFunnel(), []);
  // The first view is the key figures and the funnel; the breakdowns, the trend and the exits are
  // drawn in the frame after it, so a slow phone shows the first view sooner.
  const [rest, setRest] = useState(false);
  useEffect(() => {
    if (!data || rest) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setRest(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [data, rest]);

  useEffect(() => {
    if (data) performance.mark(READY_MARK);
  }, [data]);

  return (
    <>
      <h1>{m.nav.overview}</h1>
      <FilterBar
        value={filters}
        onChange={(next) => navigate(`${ROOT}${writeFilters(next)}`, true)}
        provinces={(data?.breakdown.province ?? []).flatMap((row) => (row.value ? [row.value] : []))}
      />
      {funnel.error && valid ? <Failure error={funnel.error} onRetry={funnel.reload} /> : null}
      {!data ? (
        funnel.loading ? (
          <Loading />
        ) : null
      ) : (
        <div aria-busy={funnel.loading} className="dash-stack">
          <Kpis data={data} m={m} />
          {data.totals.sessions === 0 ? <p className="dash-notice">{m.common.empty}</p> : null}
          <Funnel data={data} m={m} />
          {rest ? (
            <>
              <Breakdowns data={data} m={m} />
              <Trend data={data} m={m} />
              <Exits data={data} m={m} />
            </>
          ) : (
            <Loading />
          )}
        </div>
      )}
    </>
  );
}

function Kpis({ data, m }: { data: FunnelResponse; m: Messages }) {
  const { totals } = data;
  const tiles: Array<[string, string, string?]> = [
    [m.kpi.links, number(totals.links, m.locale)],
    [m.kpi.opened, number(totals.opened, m.locale)],
    [m.kpi.started, number(totals.started, m.locale)],
    [m.kpi.authorized, number(totals.authorized, m.locale)],
    [m.kpi.dataReady, number(totals.dataReady, m.locale)],
    [m.kpi.failed, number(totals.failed, m.locale)],
    [m.kpi.conversion, percent(totals.authorized, totals.started, m.locale), m.kpi.conversionHint],
    [m.kpi.median, duration(totals.medianToAuthorizeMs, m), m.kpi.medianHint],
  ];
  return (
    <section aria-label={m.kpi.label}>
      <dl className="dash-kpis">
        {tiles.map(([label, value, hint]) => (
          <div key={label} className="dash-kpi">
            <dt>{label}</dt>
            <dd>
              <span className="dash-kpi__value">{value}</span>
              {hint ? <span className="dash-kpi__hint">{hint}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Funnel({ data, m }: { data: FunnelResponse; m: Messages }) {
  const shown = data.stages.filter(
    (stage) => (FUNNEL_STAGES as readonly string[]).includes(stage.stage) && (stage.reached > 0 || stage.stage !== 'other'),
  );
  return (
    <section className="dash-card" aria-labelledby="funnel-title">
      <h2 id="funnel-title">{m.funnel.title}</h2>
      <ChartView
        label={m.funnel.chart}
        size="tall"
        onDrawn={() => performance.mark(CHARTS_MARK)}
        config={{
          type: 'bar',
          data: {
            labels: shown.map((stage) => m.stages[stage.stage]),
            datasets: [
              { label: m.funnel.reached, data: shown.map((stage) => stage.reached), backgroundColor: PALETTE.brandSoft },
              { label: m.funnel.passed, data: shown.map((stage) => stage.passed), backgroundColor: PALETTE.brand },
            ],
          },
          options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
        }}
      />
      <Scroll label={m.funnel.title}>
        <table className="dash-table">
          <caption className="dash-visually-hidden">{m.funnel.title}</caption>
          <thead>
            <tr>
              <th scope="col">{m.funnel.stage}</th>
              <th scope="col">{m.funnel.reached}</th>
              <th scope="col">{m.funnel.passed}</th>
              <th scope="col">{m.funnel.rate}</th>
              <th scope="col">{m.funnel.median}</th>
              <th scope="col">{m.funnel.topErrors}</th>
            </tr>
          </thead>
          <tbody>
            {data.stages.map((stage) => (
              <tr key={stage.stage}>
                <th scope="row">{m.stages[stage.stage]}</th>
                <td>{number(stage.reached, m.locale)}</td>
                <td>{number(stage.passed, m.locale)}</td>
                <td>{stage.stage === 'data_ready' ? '–' : percent(stage.passed, stage.reached, m.locale)}</td>
                <td>{duration(stage.medianMs, m)}</td>
                <td className="dash-wrap">
                  {stage.topErrors.length === 0 ? (
                    <span className="dash-muted">{m.common.none}</span>
                  ) : (
                    <ul className="dash-errors">
                      {stage.topErrors.map((error) => (
                        <li key={error.code}>
                          {fill(m.funnel.errorLine, {
                            code: m.errors[error.code] ?? error.code,
                            count: error.count,
                            sessions: error.sessions,
                          })}{' '}
                          <code>{error.code}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <p className="dash-hint">{m.funnel.recoveryNote}</p>
    </section>
  );
}

function Breakdowns({ data, m }: { data: FunnelResponse; m: Messages }) {
  const name = (dimension: 'provider' | 'carrier' | 'province', value: string | null) => {
    if (value === null) return m.common.unknown;
    if (dimension === 'provider') return m.providers[value] ?? value;
    if (dimension === 'carrier') return (m.carriers as Record<string, string>)[value] ?? value;
    return value;
  };
  const table = (dimension: 'provider' | 'carrier' | 'province', title: string, rows: BreakdownRow[]) => (
    <div key={dimension}>
      <h3>{title}</h3>
      <Scroll label={title}>
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">{m.breakdown.value}</th>
              <th scope="col">{m.breakdown.sessions}</th>
              <th scope="col">{m.breakdown.started}</th>
              <th scope="col">{m.breakdown.authorized}</th>
              <th scope="col">{m.breakdown.rate}</th>
              <th scope="col">{m.breakdown.dataReady}</th>
              <th scope="col">{m.breakdown.median}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={7} className="dash-muted">
                  {m.common.empty}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.value ?? 'unknown'}>
                  <th scope="row">{name(dimension, row.value)}</th>
                  <td>{number(row.sessions, m.locale)}</td>
                  <td>{number(row.started, m.locale)}</td>
                  <td>{number(row.authorized, m.locale)}</td>
                  <td>{percent(row.authorized, row.started, m.locale)}</td>
                  <td>{number(row.dataReady, m.locale)}</td>
                  <td>{duration(row.medianToAuthorizeMs, m)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </Scroll>
    </div>
  );
  return (
    <section className="dash-card" aria-labelledby="breakdown-title">
      <h2 id="breakdown-title">{m.breakdown.title}</h2>
      <div className="dash-grid">
        {table('provider', m.breakdown.provider, data.breakdown.provider)}
        {table('carrier', m.breakdown.carrier, data.breakdown.carrier)}
        {table('province', m.breakdown.province, data.breakdown.province)}
      </div>
      <p className="dash-hint">{m.breakdown.provinceNote}</p>
    </section>
  );
}

function Trend({ data, m }: { data: FunnelResponse; m: Messages }) {
  return (
    <section className="dash-card" aria-labelledby="trend-title">
      <h2 id="trend-title">{m.trend.title}</h2>
      <ChartView
        label={m.trend.chart}
        size="short"
        config={{
          type: 'line',
          data: {
            labels: data.daily.map((day) => day.day),
            datasets: [
              {
                label: m.trend.started,
                data: data.daily.map((day) => day.started),
                borderColor: PALETTE.brand,
                backgroundColor: PALETTE.brand,
              },
              {
                label: m.trend.authorized,
                data: data.daily.map((day) => day.authorized),
                borderColor: PALETTE.green,
                backgroundColor: PALETTE.green,
              },
            ],
          },
          options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        }}
      />
      <DataTable
        caption={m.trend.chart}
        head={[m.trend.day, m.trend.sessions, m.trend.started, m.trend.authorized]}
        rows={data.daily.map((day) => [
          day.day,
          number(day.sessions, m.locale),
          number(day.started, m.locale),
          number(day.authorized, m.locale),
        ])}
      />
    </section>
  );
}

function Exits({ data, m }: { data: FunnelResponse; m: Messages }) {
  return (
    <section className="dash-card" aria-labelledby="exits-title">
      <h2 id="exits-title">{m.exits.title}</h2>
      <Scroll label={m.exits.title}>
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">{m.exits.stage}</th>
              <th scope="col">{m.exits.reason}</th>
              <th scope="col">{m.exits.count}</th>
            </tr>
          </thead>
          <tbody>
            {data.exits.length === 0 ? (
              <tr>
                <td colSpan={3} className="dash-muted">
                  {m.common.empty}
                </td>
              </tr>
            ) : (
              data.exits.map((exit) => (
                <tr key={`${exit.stage}-${exit.reason}`}>
                  <th scope="row">{exit.stage ? m.stages[exit.stage] : m.common.unknown}</th>
                  <td>{m.exitReasons[exit.reason]}</td>
                  <td>{number(exit.count, m.locale)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </Scroll>
      <p className="dash-hint">{m.exits.note}</p>
    </section>
  );
}
