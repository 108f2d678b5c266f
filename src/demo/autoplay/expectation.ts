import type { ExpectedEnd, ExpectedError } from '../scenario-types';
import { shownErrors } from './screen';
import type { ScreenState, ShownError } from './screen';

/**
 * The catalogue lines an error code may show as (both locales). Empty when the text cannot be
 * known in advance (zh-CN `upstream_error` shows the carrier's own words): any alert there counts.
 */
export type ErrorTexts = (code: string) => readonly string[];

/** Whether the alert shows `code`: by a `data-error-code` hook when the widget writes one, else by its text. */
export function showsCode(element: Element, code: string, errorTexts: ErrorTexts | undefined): boolean {
  const tagged = element.closest('[data-error-code]') ?? element.querySelector('[data-error-code]');
  if (tagged) return tagged.getAttribute('data-error-code') === code;
  const texts = errorTexts?.(code) ?? [];
  if (texts.length === 0) return true;
  const text = element.textContent ?? '';
  return texts.some((line) => line !== '' && text.includes(line));
}

const describe = (shown: readonly ShownError[]) => (shown.length === 0 ? 'none' : shown.map((s) => s.at).join(', '));

/** Undefined when the screen shows exactly `expected` (or no error when none is expected); else what differs. */
export function checkErrors(state: ScreenState, expected: ExpectedError | undefined, errorTexts?: ErrorTexts): string | undefined {
  const shown = shownErrors(state);
  if (!expected) return shown.length === 0 ? undefined : `unexpected error at ${describe(shown)}`;
  const match = shown.find((s) => s.at === expected.at);
  if (!match) return `expected ${expected.code} at ${expected.at}, shown: ${describe(shown)} (screen ${state.screen})`;
  if (!showsCode(match.element, expected.code, errorTexts)) return `expected ${expected.code} at ${expected.at}, another error is shown`;
  return undefined;
}

/** Undefined when the screen is the scenario's expected end; else what is shown instead. */
export function checkEnd(state: ScreenState, expected: ExpectedEnd, errorTexts?: ErrorTexts): string | undefined {
  if (expected.ending === 'authorized') {
    return state.screen === 'authorized'
      ? undefined
      : `expected the authorized screen, shown: ${state.screen} (errors: ${describe(shownErrors(state))})`;
  }
  const { code, at } = expected;
  return checkErrors(state, { code, at }, errorTexts);
}
