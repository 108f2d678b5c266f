import { useEffect, useState } from 'react';
import { useLocale, useMessages } from './i18n-context';
import { loadMessages } from './locale';
import type { Locale, Messages } from './messages';

export interface Catalogue {
  locale: Locale;
  messages: Messages;
}

/**
 * The catalogue for `wanted`, loaded on demand; the current one while `wanted` is not known yet,
 * undefined while another is loading. A catalogue that fails to load leaves the current one.
 */
export function useCatalogue(wanted: Locale | undefined): Catalogue | undefined {
  const current: Catalogue = { locale: useLocale(), messages: useMessages() };
  const [loaded, setLoaded] = useState<Catalogue>();
  const [failed, setFailed] = useState<Locale>();
  const needed = wanted !== undefined && wanted !== current.locale ? wanted : undefined;

  useEffect(() => {
    if (needed === undefined) return;
    let active = true;
    loadMessages(needed).then(
      (messages) => active && setLoaded({ locale: needed, messages }),
      () => active && setFailed(needed),
    );
    return () => {
      active = false;
    };
  }, [needed]);

  if (needed === undefined || failed === needed) return current;
  return loaded?.locale === needed ? loaded : undefined;
}
