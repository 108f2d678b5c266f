/** The pace of autoplay, and waits that stop when the run is abandoned. */

export interface Timing {
  /** Between two typed characters, at speed 1. */
  charMs: number;
  /** Before each action (a field filled, a button pressed), at speed 1. */
  actionMs: number;
  /** How often the widget's DOM is read while waiting for it. */
  pollMs: number;
  /** The longest wait for an answer (a new screen) or for a button to become usable. */
  timeoutMs: number;
}

/** Readable by someone watching: a typist's pace, a pause to see each field before the next. */
export const DEFAULT_TIMING: Timing = { charMs: 80, actionMs: 700, pollMs: 50, timeoutMs: 30_000 };

/** Thrown (and caught by the engine) when the run's signal aborts: a reload, another scenario. */
export class AutoplayAborted extends Error {
  constructor() {
    super('autoplay aborted');
    this.name = 'AutoplayAborted';
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AutoplayAborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AutoplayAborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls `read` until it returns a value (not undefined), or gives up after `timeoutMs` with
 * undefined. Polling, not a MutationObserver: the watched document is replaced on every reload.
 */
export async function waitFor<T>(
  read: () => T | undefined,
  options: { timeoutMs: number; pollMs: number; signal?: AbortSignal },
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(options.pollMs, options.signal);
  }
}
