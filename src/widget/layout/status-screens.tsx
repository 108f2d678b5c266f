import { Component, type ReactNode } from 'react';
import { screenHook, STEP_ERROR_HOOK } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';

export function LoadingScreen() {
  const m = useMessages();
  return (
    <div className="cl-loading" role="status" {...screenHook('loading')}>
      <span className="cl-spinner" aria-hidden="true" />
      <span>{m.app.loading}</span>
    </div>
  );
}

/** The session could not be loaded (network, server): say so and offer to try again. */
export function LoadErrorScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  const m = useMessages();
  return (
    <section className="cl-screen cl-screen--result" {...screenHook('load_error')}>
      <h2 className="cl-heading">{m.app.loadFailed}</h2>
      <p role="alert" className="cl-alert cl-alert--error" {...STEP_ERROR_HOOK}>
        {message}
      </p>
      <div className="cl-actions">
        <button type="button" className="cl-button cl-button--primary" onClick={onRetry}>
          {m.app.retry}
        </button>
      </div>
    </section>
  );
}

/** A chunk of the widget could not be downloaded: reloading is the way to try again. */
export function ChunkFailedScreen() {
  const m = useMessages();
  return <LoadErrorScreen message={m.errors.network_error} onRetry={() => window.location.reload()} />;
}

/**
 * A lazy screen whose chunk failed to download (flaky mobile network). React.lazy caches the
 * failure, so retrying means reloading; the session token survives in sessionStorage.
 */
export class ScreenErrorBoundary extends Component<{ children: ReactNode; fallback?: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return this.props.fallback ?? <ChunkFailedScreen />;
  }
}
