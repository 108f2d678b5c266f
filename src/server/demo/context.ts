import { AsyncLocalStorage } from 'node:async_hooks';
import type { DemoFaultKind } from '../../flow';
import type { ProviderAdapter, ProviderName } from '../../providers/types';

/** What the adapter call now running for a demo session injects into its upstream calls. */
export interface DemoCall {
  /** Waited before each upstream HTTP call. */
  latencyMs: number;
  /** When set, every upstream HTTP call of this adapter call fails this way. */
  fault?: DemoFaultKind;
}

/**
 * Carries a demo session's settings from the session service, around each adapter call, down to the
 * HTTP layer under the demo adapters, so the adapters themselves stay unaware of demo mode.
 */
export interface DemoContext {
  run<T>(call: DemoCall, work: () => Promise<T>): Promise<T>;
  current(): DemoCall | undefined;
}

export function createDemoContext(): DemoContext {
  const storage = new AsyncLocalStorage<DemoCall>();
  return {
    run: (call, work) => storage.run(call, work),
    current: () => storage.getStore(),
  };
}

/** What the session service needs for demo sessions. */
export interface DemoRuntime {
  /** Simulator-backed adapters, one per provider; never a live vendor. */
  adapters: Partial<Record<ProviderName, ProviderAdapter<unknown>>>;
  context: DemoContext;
}
