import { useEffect, useState } from 'react';

/** Whole seconds until `allowedAt` on the server clock (device clock + skew); 0 once reached. */
export function secondsUntil(allowedAt: string | null | undefined, skewMs: number, now = Date.now()): number {
  if (!allowedAt) return 0;
  const target = Date.parse(allowedAt);
  if (Number.isNaN(target)) return 0;
  return Math.max(0, Math.ceil((target - (now + skewMs)) / 1000));
}

/**
 * A countdown to a server-issued instant. It is recomputed from the clock on every tick rather
 * than decremented, so a backgrounded tab or a reload never drifts from the server's view.
 */
export function useCountdown(allowedAt: string | null | undefined, skewMs: number): number {
  const [tick, setTick] = useState(0);
  const left = secondsUntil(allowedAt, skewMs);
  useEffect(() => {
    if (left <= 0 || !allowedAt) return;
    const msLeft = Date.parse(allowedAt) - (Date.now() + skewMs);
    // Wake at the next whole-second boundary of the remaining time.
    const delay = msLeft % 1000 || 1000;
    const timer = setTimeout(() => setTick((count) => count + 1), delay);
    return () => clearTimeout(timer);
  }, [allowedAt, skewMs, left, tick]);
  return left;
}
