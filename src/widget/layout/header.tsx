import type { Carrier } from '../../flow';
import { useMessages } from '../i18n/i18n-context';
import { ChangeNumberButton } from './change-number-button';
import { LanguageSwitch } from './language-switch';

interface HeaderProps {
  /** Already masked (138****8000). */
  maskedPhone: string | undefined;
  carrier: Carrier | undefined;
  /** Embedded as a modal: the × that hands the user back to the lender page. */
  onClose?: () => void;
  /** Past the phone step: "更换手机号". */
  onChangeNumber?(): Promise<void>;
}

export function Header({ maskedPhone, carrier, onClose, onChangeNumber }: HeaderProps) {
  const m = useMessages();
  return (
    <header className="cl-header">
      <svg className="cl-header__logo" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" />
        <path d="M11 7h10a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H11a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2zm0 3v11h10V10zm3 12.5h4" />
      </svg>
      <h1 className="cl-header__title">{m.app.title}</h1>
      {maskedPhone ? (
        <div className="cl-header__account">
          {carrier ? <span className="cl-header__carrier">{m.carrier[carrier]}</span> : null}
          <span className="cl-header__phone">{maskedPhone}</span>
          {onChangeNumber ? (
            <ChangeNumberButton
              onChange={onChangeNumber}
              className="cl-header__change"
              errorClassName="cl-alert cl-alert--error cl-header__alert"
            />
          ) : null}
        </div>
      ) : null}
      <LanguageSwitch />
      {onClose ? (
        <button type="button" className="cl-header__close" aria-label={m.app.close} onClick={onClose}>
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path d="M5 5l10 10M15 5L5 15" />
          </svg>
        </button>
      ) : null}
    </header>
  );
}
