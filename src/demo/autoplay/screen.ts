import { DOM_HOOKS, DOM_SCREENS, domSelectors } from '../../widget/dom-hooks';
import type { DomScreen } from '../../widget/dom-hooks';
import { FILL_KINDS } from '../scenario-types';
import type { FillKind } from '../scenario-types';

/** What the widget shows, read from its DOM hooks (src/widget/dom-hooks.ts). */
export interface ScreenState {
  screen: DomScreen;
  root: Element;
  /** Form screens only. */
  stepId?: string;
  revision?: string;
}

/** An error alert on screen and where it is: a field kind (or the phone), the step, the failed screen. */
export interface ShownError {
  at: FillKind | 'phone' | 'step' | 'failed';
  element: Element;
}

function isPlace(kind: string | null): kind is FillKind | 'phone' {
  return kind === 'phone' || FILL_KINDS.some((fill) => fill === kind);
}

function isDomScreen(value: string | null): value is DomScreen {
  return DOM_SCREENS.some((screen) => screen === value);
}

/** The screen on display, or undefined while the document has none (loading, reloading). */
export function readScreen(doc: Document | null | undefined): ScreenState | undefined {
  const root = doc?.querySelector(domSelectors.screen());
  const screen = root?.getAttribute(DOM_HOOKS.screen) ?? null;
  if (!root || !isDomScreen(screen)) return undefined;
  const stepId = root.getAttribute(DOM_HOOKS.stepId) ?? undefined;
  const revision = root.getAttribute(DOM_HOOKS.stepRevision) ?? undefined;
  return { screen, root, ...(stepId === undefined ? {} : { stepId }), ...(revision === undefined ? {} : { revision }) };
}

/** Which screen, step and revision: any answer of the server changes at least one of them. */
export function signatureOf(state: ScreenState): string {
  return `${state.screen}|${state.stepId ?? ''}|${state.revision ?? ''}`;
}

/** Whether a request of the screen is still out (the widget marks its form `aria-busy`). */
export function isBusy(state: ScreenState): boolean {
  return state.root.matches('[aria-busy="true"]') || state.root.querySelector('[aria-busy="true"]') !== null;
}

/** Every error shown: field alerts by the field's kind, the step alert, or the failed screen itself. */
export function shownErrors(state: ScreenState): ShownError[] {
  if (state.screen === 'failed') return [{ at: 'failed', element: state.root }];
  const shown: ShownError[] = [];
  for (const wrapper of state.root.querySelectorAll(`[${DOM_HOOKS.fieldKind}]`)) {
    const alert = wrapper.querySelector('[role="alert"]');
    const kind = wrapper.getAttribute(DOM_HOOKS.fieldKind);
    if (alert && isPlace(kind)) shown.push({ at: kind, element: alert });
  }
  for (const alert of state.root.querySelectorAll(domSelectors.stepError)) shown.push({ at: 'step', element: alert });
  return shown;
}

/** The text of every alert on screen, to tell a new alert on an unchanged step. */
export function alertsKey(state: ScreenState): string {
  return [...state.root.querySelectorAll('[role="alert"]')].map((alert) => alert.textContent ?? '').join('\n');
}
