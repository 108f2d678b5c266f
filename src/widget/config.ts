import type { Locale } from './i18n/messages';

export type Theme = 'light' | 'dark';

/** `?theme=dark|light` wins; otherwise follow the device setting. */
export function themeFromSearch(search: string, prefersDark: boolean): Theme {
  const asked = new URLSearchParams(search).get('theme');
  if (asked === 'dark' || asked === 'light') return asked;
  return prefersDark ? 'dark' : 'light';
}

/** `<html lang>` for screen-reader pronunciation and `data-theme` for the CSS tokens. */
export function applyDocumentSettings(root: HTMLElement, locale: Locale, theme: Theme): void {
  root.lang = locale;
  root.dataset.theme = theme;
}
