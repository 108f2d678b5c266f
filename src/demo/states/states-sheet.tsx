import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import '../../widget/styles/tokens.css';
import '../../widget/styles/base.css';
import '../../widget/styles/form.css';
import '../../widget/styles/buttons.css';
import '../../widget/styles/consent.css';
import '../../widget/styles/embed.css';
import type { Step } from '../../flow';
import { applyDocumentSettings, themeFromSearch } from '../../widget/config';
import { readWidgetParams } from '../../widget/embed/params';
import { format } from '../../widget/i18n/format';
import { I18nProvider } from '../../widget/i18n/i18n-context';
import { loadMessages } from '../../widget/i18n/locale';
import type { Locale, Messages } from '../../widget/i18n/messages';
import { applyTheme } from '../../widget/theme/apply-theme';
import { installFixtureNetwork, type FixtureNetwork } from './fixture-network';
import { SERVER_TIME } from './fixtures';
import { freezeClock } from './frozen-clock';
import { SHEET_COPY } from './sheet-copy';
import { SHEET_STATES, sheetToken } from './sheet-states';
import { StateCell, type CellStatus } from './state-cell';
import './states-sheet.css';

export interface StatesSheetProps {
  /** The page's query string (`locale`, `theme`, `brand`, `radius`); the address bar's by default. */
  search?: string;
  /** Receives the fixture network once it is installed (tests read its request log). */
  onNetwork?: (network: FixtureNetwork) => void;
}

/** What the fixture network answers for GET /api/session, by each cell's session token. */
const SESSIONS: ReadonlyMap<string, Step> = new Map(
  SHEET_STATES.flatMap((state) => (state.screen.kind === 'step' ? [[sheetToken(state.id), state.screen.step] as const] : [])),
);

const Cell = memo(StateCell);

/** `?cell=320`: the cells' width in px (160-480; 390 by default), for layout checks at phone widths and zoom. */
function cellWidth(search: string): number | undefined {
  const value = Number(new URLSearchParams(search).get('cell'));
  return Number.isInteger(value) && value >= 160 && value <= 480 ? value : undefined;
}

/** The same page in the other locale, every other parameter kept. */
function otherLocaleHref(search: string, locale: Locale): string {
  const query = new URLSearchParams(search);
  query.set('locale', locale === 'en' ? 'zh-CN' : 'en');
  return `?${query.toString()}`;
}

/**
 * /demo/states: every screen and field state of the widget side by side, each the real screen
 * under the real providers. While mounted, the page's clock is frozen and its fetch is the
 * fixture network (fixture-network.ts); both are given back on unmount.
 */
export function StatesSheet({ search = window.location.search, onNetwork }: StatesSheetProps) {
  const params = useMemo(() => readWidgetParams(search), [search]);
  const locale = params.locale ?? 'zh-CN';
  const width = cellWidth(search);
  const [messages, setMessages] = useState<{ locale: Locale; messages: Messages }>();
  const [installed, setInstalled] = useState(false);
  const [statuses, setStatuses] = useState<Readonly<Record<string, CellStatus>>>({});
  const sheetRef = useRef<HTMLDivElement>(null);
  const networkListener = useRef(onNetwork);
  useLayoutEffect(() => {
    networkListener.current = onNetwork;
  }, [onNetwork]);

  // Before any cell renders: a countdown or a request made against the real clock or network
  // would already have escaped.
  useLayoutEffect(() => {
    const restoreClock = freezeClock();
    const network = installFixtureNetwork(SESSIONS);
    networkListener.current?.(network);
    setInstalled(true);
    return () => {
      network.uninstall();
      restoreClock();
      setInstalled(false);
    };
  }, []);

  // As the widget's main.tsx does, except that the device's dark mode is not followed: the
  // sheet's picture must not depend on the machine that opens it (`?theme=dark` asks for it).
  useLayoutEffect(() => {
    const root = document.documentElement;
    const theme = themeFromSearch(search, false);
    applyDocumentSettings(root, locale, theme);
    applyTheme(root, { theme, brand: params.brand, radius: params.radius });
    return () => applyTheme(root, { theme });
  }, [search, locale, params.brand, params.radius]);

  useEffect(() => {
    let active = true;
    void loadMessages(locale).then((loaded) => {
      if (!active) return;
      setMessages({ locale, messages: loaded });
      document.title = `${SHEET_COPY[locale].title} · CarrierLink`;
    });
    return () => {
      active = false;
    };
  }, [locale]);

  const onStatus = useCallback((id: string, status: CellStatus) => {
    setStatuses((current) => (current[id] === status ? current : { ...current, [id]: status }));
  }, []);

  const values = SHEET_STATES.map((state) => statuses[state.id] ?? 'pending');
  const sheetStatus: CellStatus = values.includes('failed') ? 'failed' : values.every((value) => value === 'ready') ? 'ready' : 'pending';

  useEffect(() => {
    if (sheetStatus === 'pending') return;
    // Fields rejected by the upstream take focus when they mount; a focus ring on whichever cell
    // came last would differ between screenshots.
    const active = document.activeElement;
    if (active instanceof HTMLElement && sheetRef.current?.contains(active)) active.blur();
  }, [sheetStatus]);

  if (!installed || messages?.locale !== locale) return null;
  const copy = SHEET_COPY[locale];
  return (
    <I18nProvider locale={locale} messages={messages.messages}>
      <div
        className="states-sheet"
        ref={sheetRef}
        data-sheet-status={sheetStatus}
        style={width === undefined ? undefined : { ['--states-cell-width' as string]: `${width}px` }}
      >
        <header className="states-sheet__header">
          <h1 className="states-sheet__title">{copy.title}</h1>
          <p className="states-sheet__intro">{copy.intro}</p>
          <p className="states-sheet__intro">{format(copy.network, { time: SERVER_TIME })}</p>
          <a className="states-sheet__locale" href={otherLocaleHref(search, locale)}>
            {copy.otherLocale}
          </a>
        </header>
        <div className="states-sheet__grid">
          {SHEET_STATES.map((state) => (
            <Cell key={state.id} state={state} onStatus={onStatus} notReached={copy.notReached} />
          ))}
        </div>
      </div>
    </I18nProvider>
  );
}
