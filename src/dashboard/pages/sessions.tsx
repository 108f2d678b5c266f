import { useEffect, useId, useState, type FormEvent } from 'react';
import { SESSION_OUTCOMES } from '../../flow/dashboard-api';
import type { SessionOutcome, SessionSummary } from '../../flow/dashboard-api';
import { SessionIdSchema, api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { FilterBar } from '../components/filter-bar';
import { Link } from '../components/link';
import { carrierName, errorName, providerName } from '../components/names';
import { Failure, Loading, Scroll } from '../components/status';
import { readFilters, rangeValid, toApi, writeFilters } from '../filters';
import { dateTime } from '../format';
import { fill, useMessages } from '../i18n/i18n';
import { ROOT, navigate } from '../router';

const isOutcome = (value: string | null): value is SessionOutcome => SESSION_OUTCOMES.some((outcome) => outcome === value);

export function SessionsPage({ search }: { search: string }) {
  const m = useMessages();
  const id = useId();
  const filters = readFilters(search);
  const outcomeParam = new URLSearchParams(search).get('outcome');
  const outcome = isOutcome(outcomeParam) ? outcomeParam : undefined;
  const valid = rangeValid(filters);
  const key = writeFilters(filters, { outcome: outcome ?? '' });
  const [more, setMore] = useState<{ key: string; sessions: SessionSummary[]; cursor: string | null }>();
  const first = useResource(`sessions${key}`, (signal) =>
    valid ? api.sessions({ ...toApi(filters), ...(outcome && { outcome }) }, signal) : Promise.reject(new Error('range')),
  );
  useEffect(() => setMore(undefined), [key]);
  const sessions = [...(first.data?.sessions ?? []), ...(more?.key === key ? more.sessions : [])];
  const cursor = more?.key === key ? more.cursor : (first.data?.nextCursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.sessions({ ...toApi(filters), ...(outcome && { outcome }), cursor });
      setMore({ key, sessions: [...(more?.key === key ? more.sessions : []), ...page.sessions], cursor: page.nextCursor });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const [openError, setOpenError] = useState(false);
  const open = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('sessionId');
    const parsed = SessionIdSchema.safeParse(typeof value === 'string' ? value.trim() : '');
    setOpenError(!parsed.success);
    if (parsed.success) navigate(`${ROOT}/sessions/${parsed.data}`);
  };

  return (
    <>
      <h1>{m.sessions.title}</h1>
      <form className="dash-open" onSubmit={open} noValidate>
        <label htmlFor={`${id}-open`}>{m.sessions.openLabel}</label>
        <div className="dash-inline">
          <input
            id={`${id}-open`}
            name="sessionId"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-open-hint`}
            aria-invalid={openError || undefined}
          />
          <button type="submit" className="dash-button">
            {m.sessions.open}
          </button>
        </div>
        <p id={`${id}-open-hint`} className={openError ? 'dash-error' : 'dash-hint'}>
          {m.sessions.openHint}
        </p>
      </form>
      <FilterBar
        value={filters}
        onChange={(next) => navigate(`${ROOT}/sessions${writeFilters(next, { outcome: outcome ?? '' })}`, true)}
        provinces={[]}
      >
        <div className="dash-field">
          <label htmlFor={`${id}-outcome`}>{m.sessions.outcome}</label>
          <select
            id={`${id}-outcome`}
            value={outcome ?? ''}
            onChange={(event) => navigate(`${ROOT}/sessions${writeFilters(filters, { outcome: event.target.value })}`, true)}
          >
            <option value="">{m.common.all}</option>
            {SESSION_OUTCOMES.map((value) => (
              <option key={value} value={value}>
                {m.outcomes[value]}
              </option>
            ))}
          </select>
        </div>
      </FilterBar>
      {first.error && valid ? <Failure error={first.error} onRetry={first.reload} /> : null}
      {!first.data ? (
        first.loading ? (
          <Loading />
        ) : null
      ) : (
        <section className="dash-card" aria-busy={first.loading} aria-labelledby="sessions-count">
          <p id="sessions-count" className="dash-muted" role="status">
            {fill(m.sessions.count, { count: sessions.length })}
          </p>
          <Scroll label={m.sessions.title}>
            <table className="dash-table dash-table--cards">
              <caption className="dash-visually-hidden">{m.sessions.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.sessions.session}</th>
                  <th scope="col">{m.sessions.outcome}</th>
                  <th scope="col">{m.sessions.stage}</th>
                  <th scope="col">{m.sessions.provider}</th>
                  <th scope="col">{m.sessions.carrier}</th>
                  <th scope="col">{m.sessions.province}</th>
                  <th scope="col">{m.sessions.lastError}</th>
                  <th scope="col">{m.sessions.user}</th>
                  <th scope="col">{m.sessions.created}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.length === 0 ? (
                  <tr>
                    <td colSpan={9} className="dash-muted">
                      {m.common.empty}
                    </td>
                  </tr>
                ) : (
                  sessions.map((session) => (
                    <tr key={session.sessionId}>
                      <th scope="row">
                        <Link href={`${ROOT}/sessions/${session.sessionId}`}>
                          <code>{session.sessionId}</code>
                        </Link>
                      </th>
                      <td data-label={m.sessions.outcome}>
                        <span className={`dash-badge dash-badge--${session.outcome}`}>{m.outcomes[session.outcome]}</span>
                      </td>
                      <td data-label={m.sessions.stage}>{session.stage ? m.stages[session.stage] : '–'}</td>
                      <td data-label={m.sessions.provider}>{providerName(m, session.provider)}</td>
                      <td data-label={m.sessions.carrier}>{carrierName(m, session.carrier)}</td>
                      <td data-label={m.sessions.province}>{session.province ?? m.common.unknown}</td>
                      <td data-label={m.sessions.lastError}>{errorName(m, session.lastError)}</td>
                      <td data-label={m.sessions.user}>{session.lenderUserId ?? '–'}</td>
                      <td data-label={m.sessions.created}>{dateTime(session.createdAt, m.locale)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </Scroll>
          {moreError ? <Failure error={moreError} /> : null}
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
