import { sleep } from './timing';

/**
 * Input the way a person's typing reaches React: React tracks an input's value through the
 * prototype's setter, so a plain `el.value = x` assignment is swallowed as "no change". Setting it
 * through the native setter, then dispatching `input`, is seen as typing. Elements come from the
 * widget's frame (another realm), so the setter is looked up on the element's own prototype.
 */
export function setNativeValue(element: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), 'value')?.set;
  if (setter) setter.call(element, value);
  else element.value = value;
}

function fire(element: Element, type: 'input' | 'change'): void {
  const view = element.ownerDocument.defaultView;
  const EventClass = view?.Event ?? Event;
  element.dispatchEvent(new EventClass(type, { bubbles: true }));
}

/** Clears the input, then types `text` one character at a time, `charMs` apart (0: at once). */
export async function typeInto(
  input: HTMLInputElement | HTMLTextAreaElement,
  text: string,
  charMs: number,
  signal?: AbortSignal,
): Promise<void> {
  input.focus();
  if (input.value !== '') {
    setNativeValue(input, '');
    fire(input, 'input');
  }
  if (charMs <= 0) {
    setNativeValue(input, text);
    fire(input, 'input');
    return;
  }
  let typed = '';
  for (const char of text) {
    typed += char;
    setNativeValue(input, typed);
    fire(input, 'input');
    await sleep(charMs, signal);
  }
}

/** Picks the option of `value`, or the first real option when the script gives no value. */
export function chooseOption(select: HTMLSelectElement, value: string): boolean {
  const options = [...select.options].filter((option) => !option.disabled && option.value !== '');
  const option = value === '' ? options[0] : options.find((o) => o.value === value || o.text === value);
  if (!option) return false;
  select.focus();
  setNativeValue(select, option.value);
  fire(select, 'change');
  return true;
}

/** A button the user could press now: not disabled, not aria-disabled, not busy. */
export function isUsable(button: Element): boolean {
  if (button instanceof (button.ownerDocument.defaultView?.HTMLButtonElement ?? HTMLButtonElement) && button.disabled) return false;
  return button.getAttribute('aria-disabled') !== 'true' && button.getAttribute('aria-busy') !== 'true';
}

/** Text-like inputs of a field wrapper, in document order (not checkboxes, radios or buttons). */
export function textInputs(wrapper: Element): (HTMLInputElement | HTMLTextAreaElement)[] {
  const view = wrapper.ownerDocument.defaultView;
  const InputClass = view?.HTMLInputElement ?? HTMLInputElement;
  const AreaClass = view?.HTMLTextAreaElement ?? HTMLTextAreaElement;
  return [...wrapper.querySelectorAll('input, textarea')].filter(
    (el): el is HTMLInputElement | HTMLTextAreaElement =>
      (el instanceof InputClass && !['checkbox', 'radio', 'hidden', 'button', 'submit'].includes(el.type)) || el instanceof AreaClass,
  );
}

export function selectIn(wrapper: Element): HTMLSelectElement | undefined {
  const SelectClass = wrapper.ownerDocument.defaultView?.HTMLSelectElement ?? HTMLSelectElement;
  const select = wrapper.matches('select') ? wrapper : wrapper.querySelector('select');
  return select instanceof SelectClass ? select : undefined;
}

export function checkboxIn(element: Element): HTMLInputElement | undefined {
  const InputClass = element.ownerDocument.defaultView?.HTMLInputElement ?? HTMLInputElement;
  const box = element.matches('input') ? element : element.querySelector('input[type="checkbox"]');
  return box instanceof InputClass ? box : undefined;
}
