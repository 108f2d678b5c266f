import type { Locale } from './messages';

/** Each language named in itself, so whoever cannot read the current one still finds theirs. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { 'zh-CN': '中文', en: 'English' };
