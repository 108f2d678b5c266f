import type { MouseEvent } from 'react';
import { LANGUAGE_NAMES } from '../i18n/language-names';
import { searchWithLocale } from '../i18n/locale-root';
import { useLocale, useLocaleControl } from '../i18n/i18n-context';
import type { Locale } from '../i18n/messages';

/**
 * The other language, as a link: before the script runs it reloads the page in that language; once
 * it runs, the widget switches in place and keeps whatever was typed.
 */
export function LanguageSwitch() {
  const locale = useLocale();
  const control = useLocaleControl();
  if (!control) return null;
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  const onClick = (event: MouseEvent) => {
    event.preventDefault();
    if (control.pending === undefined) control.switchTo(other, 'chosen');
  };
  return (
    <a
      className="cl-lang"
      href={searchWithLocale(control.search, other)}
      lang={other}
      hrefLang={other}
      aria-busy={control.pending !== undefined}
      onClick={onClick}
    >
      {LANGUAGE_NAMES[other]}
    </a>
  );
}
