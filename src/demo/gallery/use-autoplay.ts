import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { runAutoplay } from '../autoplay/engine';
import type { Scenario } from '../scenario-types';
import { widgetErrorTexts } from './error-texts';

/** What the gallery shows of a run; `data-autoplay` on its root mirrors `kind` (idle: no attribute). */
export type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; step: number; jumping: boolean }
  | { kind: 'passed' }
  | { kind: 'failed'; step: number; problem: string }
  | { kind: 'stopped'; step: number };

export interface RunRequest {
  /** Changes whenever the frame is (re)loaded: every change starts a fresh run. */
  frameKey: string;
  scenario: Scenario | undefined;
  autoplay: boolean;
  /** Jump target: steps before it play with no delay. */
  step: number;
  speed: number;
}

/**
 * Drives the widget in `frame` for the request: nothing (step 0, autoplay off), a jump (stop at
 * `step`), or autoplay to the end (fast up to `step`). A new frame key aborts the previous run.
 */
export function useAutoplay(frame: RefObject<HTMLIFrameElement | null>, request: RunRequest): RunState {
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const speed = useRef(request.speed);
  speed.current = request.speed;
  const { frameKey, scenario, autoplay, step } = request;

  useEffect(() => {
    if (!scenario || (!autoplay && step === 0)) {
      setState({ kind: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ kind: 'running', step: 0, jumping: step > 0 });
    void runAutoplay({
      document: () => frame.current?.contentDocument,
      scenario,
      fastUntil: step,
      ...(autoplay ? {} : { stopAt: step }),
      speed: () => speed.current,
      errorTexts: widgetErrorTexts,
      signal: controller.signal,
      onStep: (n) => setState({ kind: 'running', step: n, jumping: n < step }),
    }).then((result) => {
      if (result.status === 'aborted' || controller.signal.aborted) return;
      if (result.status === 'passed') setState({ kind: 'passed' });
      else if (result.status === 'failed') setState({ kind: 'failed', step: result.step, problem: result.problem });
      else setState({ kind: 'stopped', step: result.step });
    });
    return () => controller.abort();
    // frameKey is not read here: a new key (a new frame) must start a new run all the same.
  }, [frame, frameKey, scenario, autoplay, step]);

  return state;
}
