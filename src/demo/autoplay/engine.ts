import { domSelectors } from '../../widget/dom-hooks';
import { COMMAND_FIELD } from '../scenario-types';
import type { Scenario, ScriptAction, ScriptCommand } from '../scenario-types';
import { checkboxIn, chooseOption, isUsable, selectIn, textInputs, typeInto } from './dom-input';
import { checkEnd, checkErrors } from './expectation';
import type { ErrorTexts } from './expectation';
import { alertsKey, isBusy, readScreen, signatureOf } from './screen';
import type { ScreenState } from './screen';
import { scriptSteps } from './steps';
import { AutoplayAborted, DEFAULT_TIMING, sleep, waitFor } from './timing';
import type { Timing } from './timing';

/** How a run ended. `stopped`: a jump reached its step and left it on screen. */
export type AutoplayResult =
  { status: 'passed' } | { status: 'failed'; step: number; problem: string } | { status: 'stopped'; step: number } | { status: 'aborted' };

export interface AutoplayOptions {
  /** The widget's document, read anew on every look (the frame's document changes on reload). */
  document: () => Document | null | undefined;
  scenario: Pick<Scenario, 'phone' | 'script' | 'expect' | 'update' | 'outage'>;
  /** Steps before this index play with no delay (the jump target). Default 0. */
  fastUntil?: number;
  /** Stop when this step is on screen instead of playing to the end. */
  stopAt?: number;
  /** Pace multiplier, read before every wait so a change applies at once. Default 1. */
  speed?: () => number;
  timing?: Partial<Timing>;
  errorTexts?: ErrorTexts;
  signal?: AbortSignal;
  /** Called when step `step` is on screen and about to be played. */
  onStep?: (step: number) => void;
}

/** A failure of the script against the screen; ends the run as `failed`. */
class Mismatch extends Error {}

/**
 * Plays a scenario in the widget's DOM as a person would: the phone step, then each script action
 * on the step on screen, finding fields by `data-field-kind`, waiting after every button press for
 * the next screen (a new `data-screen`, step id or revision) or a new alert. Framework-free: it
 * only reads and drives the DOM, so it runs against a jsdom document in tests.
 */
export async function runAutoplay(options: AutoplayOptions): Promise<AutoplayResult> {
  const timing: Timing = { ...DEFAULT_TIMING, ...options.timing };
  const { scenario, signal } = options;
  const steps = scriptSteps(scenario.script);
  const fastUntil = options.fastUntil ?? 0;
  const lastIndex = scenario.script.length - 1;
  let stepIndex = 0;
  let actionIndex = -1;

  const pace = (ms: number) => {
    const speed = options.speed?.() ?? 1;
    return stepIndex < fastUntil ? 0 : ms / (speed > 0 ? speed : 1);
  };
  const pause = (ms: number) => (ms > 0 ? sleep(ms, signal) : Promise.resolve());
  const wait = <T>(read: () => T | undefined) => waitFor(read, { timeoutMs: timing.timeoutMs, pollMs: timing.pollMs, signal });
  const current = () => readScreen(options.document());

  /** Presses `button` and waits until the widget has answered: another screen, or a new alert. */
  const pressAndSettle = async (button: HTMLElement, before: ScreenState): Promise<ScreenState> => {
    const signature = signatureOf(before);
    const alerts = alertsKey(before);
    button.click();
    const after = await wait(() => {
      const now = current();
      if (!now || now.screen === 'loading' || isBusy(now)) return undefined;
      return signatureOf(now) !== signature || alertsKey(now) !== alerts ? now : undefined;
    });
    if (!after) throw new Mismatch(`no answer within ${timing.timeoutMs / 1000} s`);
    return after;
  };

  const fill = async (state: ScreenState, action: Extract<ScriptAction, { type: 'fill' }>) => {
    const wrapper = state.root.querySelector(domSelectors.field(action.field));
    if (!wrapper) throw new Mismatch(`no ${action.field} field on this step`);
    const values = typeof action.value === 'string' ? [action.value] : [...action.value];
    if (action.field === 'select') {
      const select = selectIn(wrapper);
      if (!select || !chooseOption(select, values[0] ?? '')) throw new Mismatch(`no option ${values[0] ?? ''} to choose`);
      return;
    }
    const inputs = textInputs(wrapper);
    // Contacts: one number per phone input; a new password goes in both the input and its confirmation.
    const targets =
      action.field === 'contacts'
        ? inputs.filter((input) => input.type === 'tel').slice(0, values.length)
        : action.field === 'newPassword'
          ? inputs
          : inputs.slice(0, 1);
    if (targets.length === 0 || (action.field === 'contacts' && targets.length < values.length)) {
      throw new Mismatch(`not enough inputs in the ${action.field} field`);
    }
    for (const [i, input] of targets.entries()) {
      const value = action.field === 'contacts' ? (values[i] ?? '') : (values[0] ?? '');
      await typeInto(input, value, pace(timing.charMs), signal);
    }
  };

  const buttonFor = (state: ScreenState, command: ScriptCommand): Element | null => {
    if (command === 'submit') return state.root.querySelector(domSelectors.submit);
    if (command === 'cancel') return state.root.querySelector(domSelectors.stepAction('cancel'));
    const field = state.root.querySelector(domSelectors.field(COMMAND_FIELD[command]));
    return (field ?? state.root).querySelector(domSelectors.fieldAction(command));
  };

  const press = async (state: ScreenState, command: ScriptCommand): Promise<ScreenState> => {
    // A resend may be counting down: wait until the button is usable, as a person would.
    const button = await wait(() => {
      const found = buttonFor(current() ?? state, command);
      return found && isUsable(found) ? found : undefined;
    });
    const HTMLElementClass = state.root.ownerDocument.defaultView?.HTMLElement ?? HTMLElement;
    if (!(button instanceof HTMLElementClass)) throw new Mismatch(`no usable ${command} button on this step`);
    return pressAndSettle(button, current() ?? state);
  };

  /** The phone input of the document on screen now (the frame's first document may still be giving way). */
  const phoneInput = () => {
    const wrapper = current()?.root.querySelector(domSelectors.field('phone'));
    return wrapper ? textInputs(wrapper)[0] : undefined;
  };

  const playPhone = async (state: ScreenState): Promise<ScreenState> => {
    const input = await wait(phoneInput);
    if (!input) throw new Mismatch('no phone input');
    const screen = current() ?? state;
    // An update scenario's number is locked (shown masked): nothing to type, as for the applicant.
    if (input.readOnly !== (scenario.update === true))
      throw new Mismatch(scenario.update ? 'the number is not locked' : 'the phone input is locked');
    if (!input.readOnly) {
      await pause(pace(timing.actionMs));
      await typeInto(input, scenario.phone, pace(timing.charMs), signal);
    }
    // An outage scenario is about the notice under the number: it must show before going on.
    if (scenario.outage && !(await wait(() => current()?.root.querySelector(domSelectors.outageNotice) ?? undefined))) {
      throw new Mismatch('no outage notice on the phone step');
    }
    const consent = screen.root.querySelector(domSelectors.consent);
    const box = consent ? checkboxIn(consent) : undefined;
    if (!box) throw new Mismatch('no consent checkbox');
    await pause(pace(timing.actionMs));
    if (!box.checked) box.click();
    await pause(pace(timing.actionMs));
    const next = await press(screen, 'submit');
    const problem = checkErrors(next, undefined, options.errorTexts);
    // With an empty script the phone step's answer is the end, judged by the expectation instead.
    if (problem && scenario.script.length > 0) throw new Mismatch(problem);
    return next;
  };

  try {
    let state = await wait(() => {
      const now = current();
      return now?.screen === 'phone' ? now : undefined;
    });
    if (!state) throw new Mismatch('the widget did not show the phone step');
    for (const step of steps) {
      stepIndex = step.index;
      if (options.stopAt !== undefined && step.index >= options.stopAt) return { status: 'stopped', step: step.index };
      options.onStep?.(step.index);
      if (step.index === 0) {
        state = await playPhone(state);
        continue;
      }
      for (const action of step.actions) {
        actionIndex += 1;
        if (state.screen !== 'form') throw new Mismatch(`the flow already ended (${state.screen})`);
        await pause(pace(timing.actionMs));
        if (action.type === 'fill') {
          await fill(current() ?? state, action);
          continue;
        }
        state = await press(state, action.type);
        if (actionIndex < lastIndex) {
          const problem = checkErrors(state, action.error, options.errorTexts);
          if (problem) throw new Mismatch(problem);
        }
      }
    }
    stepIndex = steps.length;
    if (options.stopAt !== undefined) return { status: 'stopped', step: steps.length };
    options.onStep?.(steps.length);
    const problem = checkEnd(current() ?? state, scenario.expect, options.errorTexts);
    return problem ? { status: 'failed', step: stepIndex, problem } : { status: 'passed' };
  } catch (error) {
    if (error instanceof AutoplayAborted) return { status: 'aborted' };
    if (error instanceof Mismatch) return { status: 'failed', step: stepIndex, problem: error.message };
    throw error;
  }
}
