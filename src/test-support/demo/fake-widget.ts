import type { FieldKind } from '../../flow';

/**
 * A stand-in for the widget's DOM in jsdom: the same DOM hooks (src/widget/dom-hooks.ts), no
 * React, answers after a short delay. `answer` decides the next screen from the button pressed
 * and the values typed since the last answer; every `input`/`change` event is logged.
 */

export interface FakeField {
  kind: FieldKind;
  /** An alert shown in the field. */
  error?: string;
  /** Select options; contacts rows; resend countdown (the button is disabled until enabled). */
  options?: string[];
  rows?: number;
  resendDisabled?: boolean;
}

export type FakeScreen =
  /** `outage`: the outage notice turns on once the number is typed (as for a carrier in an outage). */
  | { screen: 'phone'; outage?: boolean }
  | { screen: 'form'; id: string; revision?: number; fields: FakeField[]; stepError?: string }
  | { screen: 'authorized' }
  | { screen: 'failed'; message: string };

/** What was pressed, with the values typed on the screen (by field kind, several for multi-input fields). */
export interface Pressed {
  command: 'submit' | 'cancel' | 'refresh' | 'resend' | 'recover';
  values: Record<string, string[]>;
  consent: boolean;
}

export interface FakeWidget {
  events: { kind: string; value: string; type: string }[];
  pressed: Pressed[];
  show(screen: FakeScreen): void;
  /** Enables the resend buttons on screen (the countdown ended). */
  enableResend(): void;
}

const ACTION_OF: Partial<Record<FieldKind, Pressed['command']>> = {
  imageCaptcha: 'refresh',
  smsCode: 'resend',
  servicePassword: 'recover',
};

export function createFakeWidget(
  doc: Document,
  answer: (pressed: Pressed, count: number) => FakeScreen | undefined,
  delayMs = 5,
): FakeWidget {
  const main = doc.createElement('main');
  doc.body.replaceChildren(main);
  const widget: FakeWidget = { events: [], pressed: [], show, enableResend };

  function respond(command: Pressed['command']) {
    const root = main.firstElementChild;
    const values: Record<string, string[]> = {};
    for (const wrapper of root?.querySelectorAll('[data-field-kind]') ?? []) {
      const kind = wrapper.getAttribute('data-field-kind') ?? '';
      values[kind] = [...wrapper.querySelectorAll('input:not([type=checkbox]), select')].map((el) =>
        el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? el.value : '',
      );
    }
    const box = root?.querySelector('[data-consent]');
    const pressed = { command, values, consent: box instanceof HTMLInputElement && box.checked };
    widget.pressed.push(pressed);
    root?.querySelector('form')?.setAttribute('aria-busy', 'true');
    setTimeout(() => {
      root?.querySelector('form')?.removeAttribute('aria-busy');
      const next = answer(pressed, widget.pressed.length);
      if (next) show(next);
    }, delayMs);
  }

  function field(spec: FakeField): HTMLElement {
    const wrapper = doc.createElement('div');
    wrapper.setAttribute('data-field-kind', spec.kind);
    wrapper.setAttribute('data-field-id', `f-${spec.kind}`);
    const inputs =
      spec.kind === 'select'
        ? [doc.createElement('select')]
        : Array.from({ length: spec.kind === 'newPassword' ? 2 : (spec.rows ?? 1) }, () => doc.createElement('input'));
    for (const input of inputs) {
      if (input instanceof HTMLSelectElement) {
        for (const value of ['', ...(spec.options ?? [])]) input.append(new Option(value || '--', value));
      } else if (spec.kind === 'contacts') input.type = 'tel';
      for (const type of ['input', 'change']) {
        input.addEventListener(type, () => widget.events.push({ kind: spec.kind, value: input.value, type }));
      }
      wrapper.append(input);
    }
    const action = ACTION_OF[spec.kind];
    if (action) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.setAttribute('data-field-action', action);
      button.disabled = spec.kind === 'smsCode' && spec.resendDisabled === true;
      button.addEventListener('click', () => respond(action));
      wrapper.append(button);
    }
    if (spec.error) wrapper.append(alert(spec.error));
    return wrapper;
  }

  function alert(text: string): HTMLElement {
    const p = doc.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = text;
    return p;
  }

  function form(children: HTMLElement[]): HTMLFormElement {
    const el = doc.createElement('form');
    const submit = doc.createElement('button');
    submit.type = 'submit';
    el.append(...children, submit);
    el.addEventListener('submit', (event) => {
      event.preventDefault();
      respond('submit');
    });
    return el;
  }

  function show(screen: FakeScreen) {
    const root = doc.createElement('section');
    root.setAttribute('data-screen', screen.screen);
    if (screen.screen === 'phone') {
      const phone = field({ kind: 'phone' });
      const consent = doc.createElement('input');
      consent.type = 'checkbox';
      consent.setAttribute('data-consent', '');
      // The outage notice, off until a number is typed, then on for a carrier in an outage.
      const notice = doc.createElement('p');
      notice.setAttribute('role', 'status');
      notice.setAttribute('data-cl-outage', 'off');
      phone.querySelector('input')?.addEventListener('input', () => {
        if (screen.outage) notice.setAttribute('data-cl-outage', 'on');
      });
      root.append(form([phone, notice, consent]));
    } else if (screen.screen === 'form') {
      root.setAttribute('data-step-id', screen.id);
      root.setAttribute('data-step-revision', String(screen.revision ?? 0));
      const cancel = doc.createElement('button');
      cancel.type = 'button';
      cancel.setAttribute('data-step-action', 'cancel');
      cancel.addEventListener('click', () => respond('cancel'));
      const children = [...screen.fields.map(field), cancel];
      if (screen.stepError) {
        const stepAlert = alert(screen.stepError);
        stepAlert.setAttribute('data-step-error', '');
        children.unshift(stepAlert);
      }
      root.append(form(children));
    } else if (screen.screen === 'failed') {
      root.textContent = screen.message;
    }
    main.replaceChildren(root);
  }

  function enableResend() {
    for (const button of main.querySelectorAll('[data-field-action="resend"]')) {
      if (button instanceof HTMLButtonElement) button.disabled = false;
    }
  }

  return widget;
}
