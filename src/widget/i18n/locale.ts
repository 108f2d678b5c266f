import type { Locale, Messages } from './messages';
import { zhCN } from './zh-cn';

/** `?locale=en` selects English; anything else is the default zh-CN. */
export function localeFromSearch(search: string): Locale {
  return new URLSearchParams(search).get('locale') === 'en' ? 'en' : 'zh-CN';
}

/** zh-CN ships in the entry chunk; other catalogues are fetched only when asked for. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  if (locale === 'en') return (await import('./en')).en;
  return zhCN;
}
