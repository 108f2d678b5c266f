import { useId } from 'react';
import type { GalleryMessages } from '../i18n/messages';
import type { DemoConfigState } from './demo-config';
import { MAX_RADIUS, SPEEDS, VIEWPORTS } from './url-state';
import type { GalleryState } from './url-state';

interface ControlsProps {
  state: GalleryState;
  m: GalleryMessages;
  config: DemoConfigState;
  /** `kind@at` faults the server injects for the open scenario's vendor. */
  faults: readonly string[];
  onChange: (patch: Partial<GalleryState>) => void;
}

const DEFAULT_BRAND = '#1f6feb';

/** Look, viewport and demo settings; every one is kept in the URL by the gallery. */
export function Controls({ state, m, config, faults, onChange }: ControlsProps) {
  const id = useId();
  const maxLatency = config?.maxLatencyMs ?? 0;
  return (
    <fieldset className="demo-controls">
      <legend className="demo-controls__legend">{m.controls}</legend>
      <div className="demo-control">
        <label htmlFor={`${id}-locale`}>{m.locale}</label>
        <select
          id={`${id}-locale`}
          className="demo-input"
          value={state.locale}
          onChange={(e) => onChange({ locale: e.target.value === 'en' ? 'en' : 'zh-CN' })}
        >
          <option value="zh-CN">简体中文</option>
          <option value="en">English</option>
        </select>
      </div>
      <div className="demo-control">
        <label htmlFor={`${id}-theme`}>{m.theme}</label>
        <select
          id={`${id}-theme`}
          className="demo-input"
          value={state.theme}
          onChange={(e) => onChange({ theme: e.target.value === 'dark' ? 'dark' : 'light' })}
        >
          <option value="light">{m.themes.light}</option>
          <option value="dark">{m.themes.dark}</option>
        </select>
      </div>
      <div className="demo-control">
        <label htmlFor={`${id}-brand`}>{m.brand}</label>
        <span className="demo-control__row">
          <input
            id={`${id}-brand`}
            type="color"
            className="demo-color"
            value={state.brand ?? DEFAULT_BRAND}
            onChange={(e) => onChange({ brand: e.target.value.toLowerCase() })}
          />
          <button
            type="button"
            className="demo-button demo-button--small"
            disabled={!state.brand}
            onClick={() => onChange({ brand: undefined })}
          >
            {m.brandDefault}
          </button>
        </span>
      </div>
      <div className="demo-control">
        <label htmlFor={`${id}-radius`}>{m.radius}</label>
        <span className="demo-control__row">
          <input
            id={`${id}-radius`}
            type="range"
            min={0}
            max={MAX_RADIUS}
            step={1}
            value={state.radius ?? 14}
            onChange={(e) => onChange({ radius: Number(e.target.value) })}
          />
          <output htmlFor={`${id}-radius`}>{state.radius ?? 14}</output>
        </span>
      </div>
      <div className="demo-control">
        <label htmlFor={`${id}-viewport`}>{m.viewport}</label>
        <select
          id={`${id}-viewport`}
          className="demo-input"
          value={state.viewport}
          onChange={(e) => onChange({ viewport: VIEWPORTS.find((v) => v === e.target.value) ?? 'phone' })}
        >
          {VIEWPORTS.map((v) => (
            <option key={v} value={v}>
              {m.viewports[v]}
            </option>
          ))}
        </select>
      </div>
      <div className="demo-control">
        <label htmlFor={`${id}-latency`}>{m.latency}</label>
        <span className="demo-control__row">
          <input
            id={`${id}-latency`}
            type="range"
            min={0}
            max={maxLatency}
            step={100}
            disabled={maxLatency === 0}
            value={Math.min(state.latency, maxLatency)}
            onChange={(e) => onChange({ latency: Number(e.target.value) })}
          />
          <output htmlFor={`${id}-latency`}>{state.latency}</output>
        </span>
      </div>
      <div className="demo-control">
        <label htmlFor={`${id}-fault`}>{m.fault}</label>
        <select
          id={`${id}-fault`}
          className="demo-input"
          value={state.fault ?? ''}
          disabled={config === null}
          aria-describedby={state.fault ? `${id}-fault-note` : undefined}
          onChange={(e) => onChange({ fault: e.target.value || undefined })}
        >
          <option value="">{m.faultNone}</option>
          {state.fault && !faults.includes(state.fault) ? (
            <option value={state.fault}>
              {state.fault} {m.faultNotOffered}
            </option>
          ) : null}
          {faults.map((fault) => (
            <option key={fault} value={fault}>
              {fault}
            </option>
          ))}
        </select>
        {state.fault ? (
          <p id={`${id}-fault-note`} className="demo-note">
            {m.faultNote}
          </p>
        ) : null}
      </div>
      <div className="demo-control demo-control--inline">
        <input id={`${id}-autoplay`} type="checkbox" checked={state.autoplay} onChange={(e) => onChange({ autoplay: e.target.checked })} />
        <label htmlFor={`${id}-autoplay`}>{m.autoplay}</label>
      </div>
      <div className="demo-control">
        <label htmlFor={`${id}-speed`}>{m.speed}</label>
        <select
          id={`${id}-speed`}
          className="demo-input"
          value={String(state.speed)}
          onChange={(e) => onChange({ speed: Number(e.target.value) })}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s}×
            </option>
          ))}
        </select>
      </div>
      {config === null ? <p className="demo-note">{m.configUnavailable}</p> : null}
    </fieldset>
  );
}
