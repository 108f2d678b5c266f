import { useMessages } from '../i18n/i18n-context';

export function Footer() {
  const m = useMessages();
  return (
    <footer className="cl-footer">
      <svg className="cl-footer__lock" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2M3.5 7h9v7h-9z" />
      </svg>
      <span>{m.app.footer}</span>
    </footer>
  );
}
