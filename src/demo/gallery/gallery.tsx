import { useCallback, useEffect, useState } from 'react';
import type { DemoConfigResponse } from '../../flow/demo';
import { GALLERY_MESSAGES } from '../i18n/messages';
import { findScenario } from '../scenarios';
import '../styles/gallery.css';
import '../styles/device.css';
import { loadDemoConfig, useDemoConfig } from './demo-config';
import { ScenarioList } from './scenario-list';
import { Stage } from './stage';
import type { RunState } from './use-autoplay';
import { gallerySearch, parseGalleryState } from './url-state';
import type { GalleryState } from './url-state';

interface GalleryProps {
  /** GET /api/demo/config; tests pass their own. */
  loadConfig?: () => Promise<DemoConfigResponse | null>;
}

/**
 * /demo: every scenario of both simulators, searchable, each playable in the real widget. The
 * whole state lives in the URL (replaceState), so a copied link reopens exactly this view.
 */
export function Gallery({ loadConfig = loadDemoConfig }: GalleryProps) {
  const [state, setState] = useState<GalleryState>(() => parseGalleryState(window.location.search));
  const [restarts, setRestarts] = useState(0);
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const config = useDemoConfig(loadConfig);
  const m = GALLERY_MESSAGES[state.locale];
  const scenario = state.scenario === undefined ? undefined : findScenario(state.scenario);

  useEffect(() => {
    const { pathname, hash } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${gallerySearch(state)}${hash}`);
  }, [state]);

  useEffect(() => {
    document.documentElement.lang = state.locale;
    document.title = m.title;
  }, [state.locale, m.title]);

  const change = useCallback((patch: Partial<GalleryState>) => setState((old) => ({ ...old, ...patch })), []);
  const open = useCallback((id: string) => setState((old) => ({ ...old, scenario: id, step: 0 })), []);
  const restart = useCallback(() => setRestarts((n) => n + 1), []);
  const shown = scenario ? run : { kind: 'idle' as const };

  return (
    <div
      className="demo"
      data-autoplay={shown.kind === 'idle' ? undefined : shown.kind}
      data-autoplay-step={'step' in shown ? shown.step : undefined}
    >
      <header className="demo-header">
        <div>
          <h1 className="demo-header__title">{m.title}</h1>
          <p className="demo-header__subtitle">{m.subtitle}</p>
        </div>
        <div className="demo-header__locale" role="group" aria-label={m.languageLabel}>
          {(['zh-CN', 'en'] as const).map((locale) => (
            <button
              key={locale}
              type="button"
              lang={locale}
              className="demo-button demo-button--small"
              aria-pressed={state.locale === locale}
              onClick={() => change({ locale })}
            >
              {locale === 'en' ? 'English' : '中文'}
            </button>
          ))}
        </div>
      </header>
      <div className="demo-layout">
        <ScenarioList state={state} m={m} onChange={change} onOpen={open} />
        <main className="demo-main">
          {scenario ? (
            <Stage
              scenario={scenario}
              state={state}
              m={m}
              config={config}
              restarts={restarts}
              onChange={change}
              onRestart={restart}
              onRun={setRun}
            />
          ) : (
            <p className="demo-main__empty">{m.pickScenario}</p>
          )}
        </main>
      </div>
    </div>
  );
}
