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
