import type { ErrorCode } from '../../flow';
import { useLocale, useMessages } from './i18n-context';
import type { ClientErrorCode, Locale, Messages } from './messages';

// The catalogue is keyed by exactly the known codes, so it doubles as the list of them.
function isKnown(messages: Messages, code: string): code is ErrorCode | ClientErrorCode {
  return Object.prototype.hasOwnProperty.call(messages.errors, code);
}

/** What the widget needs to word an error. */
export interface ErrorLike {
  code: string;
  message: string;
}

/** Codes whose server message (zh-CN) says more than the catalogue line: the carrier's words, which limit refused. */
const SERVER_WORDED = new Set(['upstream_error', 'rate_limited']);

/**
 * The catalogue message for a known code, else the server's own message. Exception: in zh-CN an
 * `upstream_error` carries the carrier's own words (no neutral code matched) and a `rate_limited`
 * names the limit (passwords, SMS, starts), which say more than a generic line; other locales keep
 * the catalogue line since those words are Chinese.
 */
export function errorText(messages: Messages, locale: Locale, error: ErrorLike): string {
  if (SERVER_WORDED.has(error.code) && locale === 'zh-CN' && error.message.trim() !== '') {
    return error.message;
  }
  return isKnown(messages, error.code) ? messages.errors[error.code] : error.message;
}

export function useErrorText(): (error: ErrorLike) => string {
  const messages = useMessages();
  const locale = useLocale();
  return (error) => errorText(messages, locale, error);
}
