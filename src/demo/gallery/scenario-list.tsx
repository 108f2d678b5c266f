import { useId } from 'react';
import type { DemoProvider } from '../../flow/demo';
import { fmt } from '../i18n/messages';
import type { GalleryMessages } from '../i18n/messages';
import { SCENARIO_GROUPS, searchScenarios } from '../scenarios';
import type { Scenario } from '../scenario-types';
import { FIELD_LABELS } from '../script';
import { gallerySearch } from './url-state';
import type { GalleryLocale, GalleryState } from './url-state';

/** The expected end in words: authorized, or the code and where it shows. */
export function expectedText(scenario: Scenario, locale: GalleryLocale, m: GalleryMessages): string {
  const end = scenario.expect;
  if (end.ending === 'authorized') return m.endAuthorized;
  const place =
    end.at === 'step' || end.at === 'failed' ? m.places[end.at] : locale === 'en' ? FIELD_LABELS[end.at].en : FIELD_LABELS[end.at].zh;
  return fmt(m.endError, { code: end.code, place });
}

interface ScenarioListProps {
  state: GalleryState;
  m: GalleryMessages;
  onChange: (patch: Partial<GalleryState>) => void;
  /** Opens a scenario (a fresh run from the phone step). */
  onOpen: (id: string) => void;
}

/** Search, provider filter and the grouped scenario cards. */
export function ScenarioList({ state, m, onChange, onOpen }: ScenarioListProps) {
  const ids = { search: useId(), provider: useId(), count: useId() };
  const en = state.locale === 'en';
  const matches = searchScenarios(state.q, state.locale).filter((s) => !state.provider || s.provider === state.provider);
  const groups = SCENARIO_GROUPS.map((group) => ({ group, scenarios: matches.filter((s) => s.group === group.id) })).filter(
    (g) => g.scenarios.length > 0,
  );

  return (
    <nav className="demo-list" aria-label={m.scenarios}>
      <div className="demo-list__filters">
        <label htmlFor={ids.search} className="demo-label">
          {m.search}
        </label>
        <input
          id={ids.search}
          type="search"
          className="demo-input"
          value={state.q}
          placeholder={m.searchPlaceholder}
          aria-describedby={ids.count}
          onChange={(event) => onChange({ q: event.target.value })}
        />
        <label htmlFor={ids.provider} className="demo-label">
          {m.providerFilter}
        </label>
        <select
          id={ids.provider}
          className="demo-input"
          value={state.provider ?? ''}
          onChange={(event) => {
            const value = event.target.value;
            onChange({ provider: value === 'rong360' || value === 'dianhua' ? value : undefined });
          }}
        >
          <option value="">{m.allProviders}</option>
          {(['rong360', 'dianhua'] as const satisfies readonly DemoProvider[]).map((p) => (
            <option key={p} value={p}>
              {m.providers[p]}
            </option>
          ))}
        </select>
        <p id={ids.count} className="demo-list__count" aria-live="polite">
          {fmt(m.count, { n: matches.length })}
        </p>
      </div>
      {groups.length === 0 ? <p className="demo-list__empty">{m.noMatch}</p> : null}
      {groups.map(({ group, scenarios }) => (
        <section key={group.id} className="demo-group" aria-labelledby={`group-${group.id}`}>
          <h2 id={`group-${group.id}`} className="demo-group__title">
            {en ? group.labelEn : group.label}
          </h2>
          <ul className="demo-group__list">
            {scenarios.map((s) => (
              <li key={s.id}>
                <a
                  className="demo-card"
                  href={`/demo${gallerySearch({ ...state, scenario: s.id, step: 0 })}`}
                  aria-current={s.id === state.scenario ? 'true' : undefined}
                  data-scenario={s.id}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    onOpen(s.id);
                  }}
                >
                  <span className="demo-card__head">
                    <span className="demo-card__title">{en ? s.titleEn : s.title}</span>
                    <span className={`demo-badge demo-badge--${s.provider}`}>{m.providers[s.provider]}</span>
                  </span>
                  <span className="demo-card__summary">{en ? s.summaryEn : s.summary}</span>
                  <span className="demo-card__meta">
                    {m.phone} <code>{s.phone}</code>
                    {s.inputs.map((input) => (
                      <span key={`${input.label}=${input.value}`} className="demo-card__input">
                        {en ? input.labelEn : input.label} <code>{input.value}</code>
                      </span>
                    ))}
                  </span>
                  <span className="demo-card__expect">
                    {m.expected}: {expectedText(s, state.locale, m)}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
