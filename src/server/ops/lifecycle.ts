/**
 * Where this instance is in its life. On SIGTERM main.ts starts the drain: /readyz answers 503 so
 * the load balancer sends nobody new, new sessions are refused (another instance takes them),
 * and calls already running finish before the process exits.
 */
export interface Lifecycle {
  readonly draining: boolean;
  startDrain(): void;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    startDrain() {
      draining = true;
    },
  };
}
