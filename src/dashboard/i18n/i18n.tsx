import { createContext, useContext } from 'react';
import { zhCN, type Messages } from './zh-cn';

export type Locale = 'zh-CN' | 'en';
export const LOCALE_KEY = 'carrierlink.dashboard.locale';

/** `{name}` placeholders filled from `values`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** zh-CN is in the entry; English is its own chunk, fetched only when chosen. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  return locale === 'en' ? (await import('./en')).en : zhCN;
}

/** The saved choice, else the browser's language (Chinese unless it asks for English first). */
export function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(LOCALE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage blocked: fall through.
  }
  return 'zh-CN';
}

export function saveLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
}

export const MessagesContext = createContext<Messages>(zhCN);
export const useMessages = (): Messages => useContext(MessagesContext);
