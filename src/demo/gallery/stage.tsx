import { useEffect, useId, useRef } from 'react';
import { maskPhone } from '../../flow/phone';
import { fmt } from '../i18n/messages';
import type { GalleryMessages } from '../i18n/messages';
import type { Scenario } from '../scenario-types';
import { Controls } from './controls';
import type { DemoConfigState } from './demo-config';
import { faultsFor } from './demo-config';
import { DeviceFrame } from './device-frame';
import { expectedText } from './scenario-list';
import { stepLabels } from './step-labels';
import { useAutoplay } from './use-autoplay';
import type { RunState } from './use-autoplay';
import { widgetSrc } from './url-state';
import type { GalleryState } from './url-state';

interface StageProps {
  scenario: Scenario;
  state: GalleryState;
  m: GalleryMessages;
  config: DemoConfigState;
  /** Bumped by the restart button: a new frame, so a fresh demo session. */
  restarts: number;
  onChange: (patch: Partial<GalleryState>) => void;
  onRestart: () => void;
  /** Reports the run to the gallery root (`data-autoplay`); must be stable. */
  onRun: (run: RunState) => void;
}

export function statusText(run: RunState, m: GalleryMessages): string {
  switch (run.kind) {
    case 'idle':
      return m.status.idle;
    case 'running':
      return fmt(run.jumping ? m.status.jumping : m.status.running, { step: run.step });
    case 'passed':
      return m.status.passed;
    case 'failed':
      return fmt(m.status.failed, { step: run.step, problem: run.problem });
    case 'stopped':
      return fmt(m.status.stopped, { step: run.step });
  }
}

/** The open scenario: what it shows, controls, its steps, the run status and the widget in its frame. */
export function Stage({ scenario, state, m, config, restarts, onChange, onRestart, onRun }: StageProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const headingId = useId();
  const en = state.locale === 'en';
  const faults = faultsFor(config, scenario.provider);
  const src = widgetSrc(state, scenario, faults.includes(state.fault ?? ''));
  const frameKey = `${src}#${restarts}#${state.autoplay ? 1 : 0}#${state.step}`;
  // Wait for the server's config before loading the widget: it decides whether the fault applies,
  // and a second load (and run) once it arrives would waste the first.
  const ready = config !== undefined;
  const run = useAutoplay(frame, {
    frameKey,
    scenario: ready ? scenario : undefined,
    autoplay: state.autoplay,
    step: state.step,
    speed: state.speed,
  });
  useEffect(() => onRun(run), [run, onRun]);
  const labels = stepLabels(scenario.script, state.locale, m);

  const iframe = ready ? (
    <iframe
      key={frameKey}
      ref={frame}
      className="device__iframe"
      src={src}
      title={fmt(m.frameTitle, { title: en ? scenario.titleEn : scenario.title })}
    />
  ) : null;

  return (
    <section className="demo-stage" aria-labelledby={headingId}>
      <div className="demo-stage__side">
        <header className="demo-stage__head">
          <h2 id={headingId} className="demo-stage__title">
            {en ? scenario.titleEn : scenario.title}
          </h2>
          <p className="demo-stage__summary">{en ? scenario.summaryEn : scenario.summary}</p>
          <p className="demo-stage__meta">
            {m.phone} <code>{scenario.update ? maskPhone(scenario.phone) : scenario.phone}</code> · {m.expected}:{' '}
            {expectedText(scenario, state.locale, m)}
          </p>
        </header>
        <p role="status" className={`demo-status demo-status--${run.kind}`}>
          {statusText(run, m)}
        </p>
        <div className="demo-stage__actions">
          <button type="button" className="demo-button" onClick={onRestart}>
            {m.restart}
          </button>
        </div>
        <nav aria-label={m.steps}>
          <h3 className="demo-steps__title">{m.steps}</h3>
          <ol className="demo-steps" start={0}>
            {labels.map((label, index) => (
              <li key={index}>
                <button
                  type="button"
                  className="demo-steps__button"
                  aria-current={index === state.step ? 'step' : undefined}
                  data-step={index}
                  // The step already chosen plays its jump again in a fresh session.
                  onClick={() => (index === state.step ? onRestart() : onChange({ step: index }))}
                >
                  <span className="demo-steps__index">{index}</span> {label}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <Controls state={state} m={m} config={config} faults={faults} onChange={onChange} />
      </div>
      <DeviceFrame viewport={state.viewport} m={m}>
        {iframe}
      </DeviceFrame>
    </section>
  );
}
