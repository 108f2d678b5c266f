/** How long a cell may take to reach its state before the sheet reports it as not reached. */
const SETTLE_TIMEOUT_MS = 5000;

/** Acts on one cell's DOM the way a user would, to bring its screen into a state. */
export interface CellDriver {
  /** Types `value` into the input (React sees an ordinary input event). */
  fill: (selector: string, value: string) => void;
  click: (selector: string) => void;
  /** Resolves with the first element matching `selector` once it is in the cell. */
  waitFor: (selector: string) => Promise<Element>;
}

function find<T extends Element>(root: Element, selector: string, type: { new (): T; prototype: T }): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`states sheet: no ${type.name} for ${selector}`);
  return element;
}

/** A driver over `root`, the cell's frame. */
export function createCellDriver(root: Element): CellDriver {
  return {
    fill: (selector, value) => {
      const input = find(root, selector, HTMLInputElement);
      // React tracks the value it last saw; the prototype's setter bypasses that tracker, so the
      // input event below reaches the form's onChange as typing would.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    click: (selector) => find(root, selector, HTMLElement).click(),
    waitFor: (selector) =>
      new Promise<Element>((resolve, reject) => {
        const present = root.querySelector(selector);
        if (present) {
          resolve(present);
          return;
        }
        const observer = new MutationObserver(() => {
          const element = root.querySelector(selector);
          if (!element) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(element);
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`states sheet: ${selector} did not appear`));
        }, SETTLE_TIMEOUT_MS);
        observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      }),
  };
}
