import type { FieldKind, StepPurpose } from '../flow';

/**
 * Stable DOM hooks for automation (the demo gallery's autoplay, Playwright specs). They are a
 * contract: the widget's markup may change, these attributes and values may not without notice.
 * src/widget/__tests__/dom-hooks.test.tsx renders every screen and field kind against them.
 *
 * - `data-screen` on the screen's root element inside <main>: one of DOM_SCREENS. Form screens
 *   also carry `data-step-id`, `data-step-revision` and `data-step-purpose` (authorize | recoverPassword).
 * - `data-field-kind` (the FieldKind) and `data-field-id` on each field's wrapper (`.cl-field`, or
 *   the contacts <fieldset>). The wrapper holds the field's input(s) in DOM order and, when shown,
 *   its error(s) `[role=alert]`. contacts: one tel input per contact row (`min` rows shown; more
 *   are added with the field's "add" button), each row's error under its input; newPassword: a
 *   plain <div> holding the new-password input then the confirmation input; select: one native
 *   <select> (no radio inputs); every other kind: one <input>. The phone step's number is hooked
 *   the same way: a wrapper `[data-field-kind="phone"][data-field-id="phone"]` around its input.
 * - `data-field-action` on field action buttons: refresh (captcha image) | resend (SMS code; also
 *   where a new code means restarting the session) | recover (inline password recovery; the
 *   hotline variant makes no request and has no hook).
 * - The form's submit is its `button[type=submit]` without a `name` (the phone step's agreement
 *   buttons are named submit buttons, so the page works before the script runs); `data-step-action` = cancel on the cancel
 *   button of a form step, restart on the failed screen's start-again button.
 * - `data-consent` on the phone step's consent checkbox.
 * - `[data-step-error]` on an error alert not tied to one field (step or request errors).
 * - `data-cl-outage` = on | off on the phone step's outage notice (its `role=status` region, empty when off).
 */
export const DOM_HOOKS = {
  screen: 'data-screen',
  stepId: 'data-step-id',
  stepRevision: 'data-step-revision',
  stepPurpose: 'data-step-purpose',
  fieldKind: 'data-field-kind',
  fieldId: 'data-field-id',
  fieldAction: 'data-field-action',
  stepAction: 'data-step-action',
  consent: 'data-consent',
  stepError: 'data-step-error',
  /** On the step alert and the failed screen: the neutral error code shown. */
  errorCode: 'data-error-code',
  /** On the phone step's outage notice: on while it shows. */
  outage: 'data-cl-outage',
} as const;

/** Values of `data-screen`. */
export const DOM_SCREENS = [
  'phone',
  'form',
  'authorized',
  'failed',
  'expired',
  'cancelled',
  'link_error',
  'loading',
  'load_error',
] as const;
export type DomScreen = (typeof DOM_SCREENS)[number];

/** Values of `data-field-action`. */
export const DOM_FIELD_ACTIONS = ['refresh', 'resend', 'recover'] as const;
export type DomFieldAction = (typeof DOM_FIELD_ACTIONS)[number];

/** Values of `data-step-action`. */
export const DOM_STEP_ACTIONS = ['cancel', 'restart'] as const;
export type DomStepAction = (typeof DOM_STEP_ACTIONS)[number];

// Attribute objects to spread onto the real elements (no wrapper elements, no layout change).

export function screenHook(screen: DomScreen): { 'data-screen': DomScreen } {
  return { [DOM_HOOKS.screen]: screen };
}

/** A form step's screen: which step, which revision of it, and why it is asked (absent = authorize). */
export function formScreenHook(step: { id: string; revision: number; purpose?: StepPurpose }) {
  return {
    [DOM_HOOKS.screen]: 'form',
    [DOM_HOOKS.stepId]: step.id,
    [DOM_HOOKS.stepRevision]: String(step.revision),
    [DOM_HOOKS.stepPurpose]: step.purpose ?? 'authorize',
  } as const;
}

export function fieldHook(field: { kind: FieldKind; id: string }) {
  return { [DOM_HOOKS.fieldKind]: field.kind, [DOM_HOOKS.fieldId]: field.id } as const;
}

export function fieldActionHook(action: DomFieldAction): { 'data-field-action': DomFieldAction } {
  return { [DOM_HOOKS.fieldAction]: action };
}

export function stepActionHook(action: DomStepAction): { 'data-step-action': DomStepAction } {
  return { [DOM_HOOKS.stepAction]: action };
}

/** Boolean attributes are written empty: `[data-consent]`, `[data-step-error]` select them. */
export const CONSENT_HOOK = { [DOM_HOOKS.consent]: '' } as const;
export const STEP_ERROR_HOOK = { [DOM_HOOKS.stepError]: '' } as const;

/** The phone step's outage notice, showing (`on`) or empty (`off`). */
export const outageHook = (on: boolean) => ({ [DOM_HOOKS.outage]: on ? 'on' : 'off' }) as const;

/** The error code an alert (or the failed screen) shows, for automation that checks which error it is. */
export const errorCodeHook = (code: string | undefined) => (code === undefined ? {} : { [DOM_HOOKS.errorCode]: code });

// CSS selectors for the same hooks, for automation that finds elements (autoplay, specs).

export const domSelectors = {
  screen: (screen?: DomScreen) => (screen ? `[${DOM_HOOKS.screen}="${screen}"]` : `[${DOM_HOOKS.screen}]`),
  field: (kind: FieldKind, id?: string) =>
    `[${DOM_HOOKS.fieldKind}="${kind}"]` + (id === undefined ? '' : `[${DOM_HOOKS.fieldId}="${quoteAttr(id)}"]`),
  fieldAction: (action: DomFieldAction) => `[${DOM_HOOKS.fieldAction}="${action}"]`,
  stepAction: (action: DomStepAction) => `[${DOM_HOOKS.stepAction}="${action}"]`,
  submit: 'form button[type="submit"]:not([name])',
  consent: `[${DOM_HOOKS.consent}]`,
  stepError: `[${DOM_HOOKS.stepError}]`,
  /** The outage notice while it shows. */
  outageNotice: `[${DOM_HOOKS.outage}="on"]`,
} as const;

/** Field ids come from upstream: quote marks and backslashes must not break the selector. */
function quoteAttr(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
