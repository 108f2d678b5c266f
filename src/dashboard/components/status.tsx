import type { ReactNode } from 'react';
import { DashboardApiError } from '../api/client';
import { fill, useMessages } from '../i18n/i18n';

/** A wide table or chart that scrolls sideways on a phone; focusable so keyboards can scroll it too. */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="dash-scroll" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function Loading() {
  const m = useMessages();
  return (
    <p className="dash-muted" role="status">
      {m.common.loading}
    </p>
  );
}

/** Why a call failed, in the viewer's words, with a retry. */
export function Failure({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const m = useMessages();
  const reason =
    error instanceof DashboardApiError
      ? error.code === 'network_error'
        ? m.common.network
        : (m.errors[error.code] ?? error.message)
      : String(error);
  return (
    <div className="dash-alert" role="alert">
      <p>{fill(m.common.failed, { reason })}</p>
      {onRetry ? (
        <button type="button" className="dash-button dash-button--secondary" onClick={onRetry}>
          {m.common.retry}
        </button>
      ) : null}
    </div>
  );
}

/** A `<details>` holding the figures a chart draws, as a table. */
export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: Array<Array<ReactNode>> }) {
  const m = useMessages();
  return (
    <details className="dash-details">
      <summary>{m.common.showTable}</summary>
      <Scroll label={caption}>
        <table className="dash-table">
          <caption className="dash-visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {head.map((cell, index) => (
                <th key={index} scope="col">
                  {cell}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) =>
                  column === 0 ? (
                    <th key={column} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={column}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </details>
  );
}
