import type { ProviderAdapter, ProviderName } from '../../providers/types';
import type { KeyedQueue } from './lock';
import type { ServiceLogger, SessionServiceOptions } from './service-types';
import type { SessionStore } from './store';

/** What the session service's parts share: its options, the store, the clock and the adapters. */
export interface ServiceContext {
  options: SessionServiceOptions<unknown>;
  store: SessionStore;
  log: ServiceLogger;
  now: () => number;
  /** The server clock as an ISO instant. */
  iso: () => string;
  /** The configured (non-demo) upstreams by provider. */
  adapters: Partial<Record<ProviderName, ProviderAdapter<unknown>>>;
  queue: KeyedQueue;
  /** Runs an analytics report; a throw is logged, never passed on (analytics must never break a call). */
  tellAnalytics(report: () => void): void;
}
