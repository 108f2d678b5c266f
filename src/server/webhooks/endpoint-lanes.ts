/**
 * Delivery slots per receiving endpoint and overall. Deliveries to one endpoint never take more
 * than `perEndpoint` slots, so an endpoint that hangs holds at most those and every other
 * endpoint keeps being served from the rest of the `total`.
 */
export interface EndpointLanes {
  /**
   * Whether a newly claimed job of this endpoint should rather come back later: every slot of
   * the endpoint is taken by a running delivery (it may be hanging), or enough jobs already wait
   * for it that a newer one would hold its lease too long.
   */
  saturated(key: string): boolean;
  /** Counts a job as waiting for a slot. */
  queue(key: string): void;
  /** Turns a waiting job into a running one when both its endpoint and the total have room. */
  tryStart(key: string): boolean;
  /** A job finished, or a waiting one was dropped. */
  finish(key: string, state: 'running' | 'waiting'): void;
  readonly perEndpoint: number;
  readonly total: number;
  running(): number;
}

/** Jobs that may wait for one endpoint, per slot of it. */
export const WAITING_PER_SLOT = 4;

export function createEndpointLanes(perEndpoint: number, total: number): EndpointLanes {
  const running = new Map<string, number>();
  const waiting = new Map<string, number>();
  let runningTotal = 0;
  const bump = (map: Map<string, number>, key: string, by: number) => {
    const next = (map.get(key) ?? 0) + by;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };
  return {
    perEndpoint,
    total,
    saturated: (key) => (running.get(key) ?? 0) >= perEndpoint || (waiting.get(key) ?? 0) >= perEndpoint * WAITING_PER_SLOT,
    queue: (key) => bump(waiting, key, 1),
    tryStart(key) {
      if (runningTotal >= total || (running.get(key) ?? 0) >= perEndpoint) return false;
      bump(waiting, key, -1);
      bump(running, key, 1);
      runningTotal += 1;
      return true;
    },
    finish(key, state) {
      if (state === 'waiting') {
        bump(waiting, key, -1);
        return;
      }
      bump(running, key, -1);
      runningTotal -= 1;
    },
    running: () => runningTotal,
  };
}

/**
 * The endpoint a delivery goes to, as the unit of concurrency: the URL's origin (scheme, host,
 * port), so lenders sharing one receiving host share its slots. No endpoint yet: per lender
 * (such an attempt fails at once without a request).
 */
export function endpointKey(lenderId: string, url: string | undefined): string {
  if (url === undefined) return `none:${lenderId}`;
  try {
    return new URL(url).origin;
  } catch {
    return `invalid:${lenderId}`;
  }
}
