/**
 * The loader's DOM helpers. CSSOM only (`style.setProperty`, `cssText`): host pages with a strict CSP
 * drop style attributes and <style> elements, and the loader never writes either.
 */

/** Applies `name:value;...` declarations (written so because that is what compresses best in embed.js). */
export function css(el: HTMLElement, declarations: string): void {
  for (const declaration of declarations.split(';')) {
    const colon = declaration.indexOf(':');
    el.style.setProperty(declaration.slice(0, colon), declaration.slice(colon + 1));
  }
}

/**
 * Sets `overflow: hidden !important` on `el` and returns the undo. When nothing else touched the
 * element's inline style meanwhile, the undo puts back the exact declaration text (order included)
 * or drops a style attribute the element did not have; otherwise it puts back the previous value and
 * priority of the overflow properties only (as the shorthand, or the two longhands when they
 * differed), keeping the page's own changes.
 */
export function lockOverflow(el: HTMLElement): () => void {
  const style = el.style;
  const had = el.hasAttribute('style');
  const saved = style.cssText;
  const read = (name: string) => [name, style.getPropertyValue(name), style.getPropertyPriority(name)] as const;
  const shorthand = read('overflow');
  const previous = shorthand[1] ? [shorthand] : [read('overflow-x'), read('overflow-y')];
  style.setProperty('overflow', 'hidden', 'important');
  const ours = style.cssText;
  return () => {
    if (style.cssText === ours) style.cssText = saved;
    else {
      if (!shorthand[1]) style.removeProperty('overflow');
      for (const [name, value, priority] of previous) if (value) style.setProperty(name, value, priority);
    }
    if (!had && !el.getAttribute('style')) el.removeAttribute('style');
  };
}

/** Whether the element that had focus before open() can take it back. */
export const isFocusable = (el: Element | null): el is Element & HTMLOrSVGElement => !!el && 'focus' in el;
