import { useId, useRef, useState, type FormEvent } from 'react';
import type { DashboardMe } from '../../flow/dashboard-api';
import { DashboardApiError } from '../api/client';
import { api } from '../api/endpoints';
import { fill, useMessages } from '../i18n/i18n';

interface LoginPageProps {
  /** The previous sign-in ran out. */
  expired: boolean;
  onSignedIn(me: DashboardMe): void;
  onSwitchLocale(): void;
}

/** The API key in, a session cookie out; the key itself is never kept by the page. */
export function LoginPage({ expired, onSignedIn, onSwitchLocale }: LoginPageProps) {
  const m = useMessages();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const apiKey = input.current?.value.trim() ?? '';
    if (!apiKey) {
      setError(m.login.required);
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const me = await api.login(apiKey);
      if (input.current) input.current.value = '';
      onSignedIn(me);
    } catch (failure) {
      const code = failure instanceof DashboardApiError ? failure.code : 'network_error';
      setError(
        code === 'unauthorized'
          ? m.login.unauthorized
          : code === 'rate_limited'
            ? fill(m.login.rateLimited, { seconds: failure instanceof DashboardApiError ? (failure.retryAfter ?? 600) : 600 })
            : code === 'network_error'
              ? m.common.network
              : fill(m.common.failed, { reason: m.errors[code] ?? code }),
      );
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dash-login">
      <main className="dash-login__card">
        <p className="dash-brand">
          <span className="dash-brand__product">{m.app.product}</span> {m.app.title}
        </p>
        <h1>{m.login.title}</h1>
        <p className="dash-muted">{m.login.lead}</p>
        {expired ? (
          <p className="dash-notice" role="status">
            {m.common.expired}
          </p>
        ) : null}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <label htmlFor={`${id}-key`}>{m.login.keyLabel}</label>
          <input
            ref={input}
            id={`${id}-key`}
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            aria-invalid={error ? true : undefined}
          />
          <p id={`${id}-hint`} className="dash-hint">
            {m.login.keyHint}
          </p>
          {error ? (
            <p id={`${id}-error`} className="dash-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="dash-button" disabled={busy}>
            {busy ? m.login.submitting : m.login.submit}
          </button>
        </form>
        <button
          type="button"
          className="dash-button dash-button--ghost dash-login__lang"
          onClick={onSwitchLocale}
          lang={m.locale === 'en' ? 'zh-CN' : 'en'}
        >
          {m.common.otherLanguage}
        </button>
      </main>
    </div>
  );
}
