import { createContext, useContext, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * True once the user has moved past the first screen. Screens then take focus when they mount so
 * screen readers follow the step change; the very first screen leaves focus where the page put it.
 */
export const FocusOnMountContext = createContext(false);

/** A ref for the screen heading, focused on mount when the screen is the result of a step change. */
export function useHeadingFocus<T extends HTMLElement>(enabled = true): RefObject<T | null> {
  const shouldFocus = useContext(FocusOnMountContext) && enabled;
  // Only the value at mount counts: later changes must not steal focus from the user.
  const atMount = useRef(shouldFocus);
  const ref = useRef<T>(null);
  // Before paint: once the screen is visible, focus has already moved, so it can never be taken
  // from a field the user (or autofill) started typing into right after the screen appeared.
  useLayoutEffect(() => {
    if (atMount.current) ref.current?.focus();
  }, []);
  return ref;
}

/** The fields a step's focus may land on, in document order. */
const FIELD_SELECTOR = 'input:not([type="hidden"]):not([disabled]):not([readonly]), select:not([disabled]), textarea:not([disabled])';

/**
 * For a screen with inputs: on a step change, focus goes to the first input, so the first
 * character typed is not lost. The screen is a region named by its heading (aria-labelledby), so
 * screen readers announce the heading as focus enters it. Without an input (every field locked),
 * the heading takes focus as useHeadingFocus does. Returns refs for the screen and its heading.
 */
export function useFirstFieldFocus<S extends HTMLElement, H extends HTMLElement>(
  enabled = true,
): { screenRef: RefObject<S | null>; headingRef: RefObject<H | null> } {
  const shouldFocus = useContext(FocusOnMountContext) && enabled;
  const atMount = useRef(shouldFocus);
  const screenRef = useRef<S>(null);
  const headingRef = useRef<H>(null);
  useLayoutEffect(() => {
    if (!atMount.current) return;
    const first = screenRef.current?.querySelector<HTMLElement>(FIELD_SELECTOR);
    (first ?? headingRef.current)?.focus();
  }, []);
  return { screenRef, headingRef };
}
