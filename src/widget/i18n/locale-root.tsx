import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { I18nProvider, type LocaleControl } from './i18n-context';
import { loadMessages } from './locale';
import { writeChosenLocale } from './locale-choice';
import type { Locale, Messages } from './messages';

interface LocaleRootProps {
  locale: Locale;
  messages: Messages;
  /** The applicant's choice read at start (sessionStorage). */
  chosen?: Locale;
  /** The page URL's query at start. */
  search: string;
  children: ReactNode;
}

/** The page URL with `locale` set, for a reload (and the server's render) to keep the language. */
export function searchWithLocale(search: string, locale: Locale): string {
  const query = new URLSearchParams(search);
  query.set('locale', locale);
  return `?${query.toString()}`;
}

/**
 * The widget's language for the whole page: the one the page started in, then whatever the
 * applicant picks with the switch (or a link's locale). The document's lang and title follow it.
 */
export function LocaleRoot({
  locale: initialLocale,
  messages: initialMessages,
  chosen: initialChosen,
  search: initialSearch,
  children,
}: LocaleRootProps) {
  const [catalogue, setCatalogue] = useState({ locale: initialLocale, messages: initialMessages });
  const [status, setStatus] = useState<{ chosen?: Locale; pending?: Locale; failed?: Locale }>({ chosen: initialChosen });
  const [search, setSearch] = useState(initialSearch);
  const latest = useRef(0);

  const switchTo = useCallback((locale: Locale, how: 'chosen' | 'lender') => {
    const ticket = ++latest.current;
    setStatus((now) => ({ ...now, pending: locale, failed: undefined }));
    if (how === 'chosen') {
      writeChosenLocale(locale);
      const next = searchWithLocale(window.location.search, locale);
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${next}${window.location.hash}`);
      setSearch(next);
    }
    loadMessages(locale).then(
      (messages) => {
        if (ticket !== latest.current) return;
        setCatalogue({ locale, messages });
        setStatus((now) => ({ chosen: how === 'chosen' ? locale : now.chosen }));
      },
      () => {
        if (ticket !== latest.current) return;
        setStatus((now) => ({ chosen: now.chosen, failed: locale }));
      },
    );
  }, []);

  useEffect(() => {
    document.documentElement.lang = catalogue.locale;
    document.title = `${catalogue.messages.app.title} · CarrierLink`;
  }, [catalogue]);

  const control = useMemo<LocaleControl>(() => ({ switchTo, search, ...status }), [switchTo, search, status]);
  return (
    <I18nProvider locale={catalogue.locale} messages={catalogue.messages} control={control}>
      {children}
    </I18nProvider>
  );
}
