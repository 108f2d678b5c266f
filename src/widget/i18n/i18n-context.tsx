import { createContext, useContext, type ReactNode } from 'react';
import type { Locale, Messages } from './messages';
import { zhCN } from './zh-cn';

/** Changing the widget's language while it runs (locale-root.tsx provides it). */
export interface LocaleControl {
  /**
   * Loads the catalogue and shows the widget in `locale`. `chosen`: the applicant's own choice,
   * kept for the browser session and written on the page URL; `lender`: the link's locale.
   */
  switchTo(locale: Locale, how: 'chosen' | 'lender'): void;
  /** The applicant's own choice this session, if any. */
  chosen?: Locale;
  /** A catalogue being loaded. */
  pending?: Locale;
  /** A catalogue that could not be loaded (the current one stays). */
  failed?: Locale;
  /** The page URL's query, for links that switch the language without the script. */
  search: string;
}

interface I18nValue {
  locale: Locale;
  messages: Messages;
  control?: LocaleControl;
}

const I18nContext = createContext<I18nValue>({ locale: 'zh-CN', messages: zhCN });

export function I18nProvider(props: { locale: Locale; messages: Messages; control?: LocaleControl; children: ReactNode }) {
  const { locale, messages, control } = props;
  return <I18nContext.Provider value={{ locale, messages, control }}>{props.children}</I18nContext.Provider>;
}

export function useMessages(): Messages {
  return useContext(I18nContext).messages;
}

export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}

/** Undefined where the language is fixed (tests of one screen, the demo states sheet). */
export function useLocaleControl(): LocaleControl | undefined {
  return useContext(I18nContext).control;
}
