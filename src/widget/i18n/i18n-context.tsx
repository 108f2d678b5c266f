import { createContext, useContext, type ReactNode } from 'react';
import type { Locale, Messages } from './messages';
import { zhCN } from './zh-cn';

interface I18nValue {
  locale: Locale;
  messages: Messages;
}

const I18nContext = createContext<I18nValue>({ locale: 'zh-CN', messages: zhCN });

export function I18nProvider(props: { locale: Locale; messages: Messages; children: ReactNode }) {
  return <I18nContext.Provider value={{ locale: props.locale, messages: props.messages }}>{props.children}</I18nContext.Provider>;
}

export function useMessages(): Messages {
  return useContext(I18nContext).messages;
}

export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}
