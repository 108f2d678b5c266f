/**
 * Stops `Date.now()` at one instant for the states sheet, so every countdown (use-countdown.ts
 * reads the device clock plus the screen's skew) shows the same number on every render and in
 * every screenshot. Its own timers still fire, but each tick computes the same picture.
 * Returns the function that gives the page its clock back.
 */
export function freezeClock(at: number = Date.now()): () => void {
  const original = Date.now;
  Date.now = () => at;
  return () => {
    Date.now = original;
  };
}
