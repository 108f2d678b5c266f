import type { Outage, OutagesResponse } from '../../flow';
import type { OutageSettings } from '../env-routing';
import type { AnalyticsStore, OutageCount } from '../store/analytics-types';

/** The carriers and provinces whose recent sessions pass both thresholds, most failures first. */
export function detectOutages(counts: readonly OutageCount[], settings: Pick<OutageSettings, 'minSessions' | 'failureShare'>): Outage[] {
  return counts
    .filter((count) => count.sessions >= settings.minSessions && count.failed >= count.sessions * settings.failureShare)
    .sort((a, b) => b.failed - a.failed || a.carrier.localeCompare(b.carrier) || (a.province ?? '').localeCompare(b.province ?? ''))
    .slice(0, 200)
    .map((count) => ({ carrier: count.carrier, province: count.province }));
}

export interface OutageDetector {
  /** The current outages, of lenders' sessions or of demo sessions; cached for `cacheSeconds`. */
  current(demo: boolean): Promise<OutagesResponse>;
}

/**
 * Outage detection over the shared step analytics, so every instance sees the same figures. Each
 * instance reuses one computation for `cacheSeconds` and runs at most one query at a time per kind.
 * A failing store read answers the last figures (or none) rather than failing the phone step.
 */
export function createOutageDetector(options: {
  store: Pick<AnalyticsStore, 'outageCounts'>;
  settings: OutageSettings;
  now?: () => number;
  onError?: (error: unknown) => void;
}): OutageDetector {
  const now = options.now ?? Date.now;
  const { settings } = options;
  const cache = new Map<boolean, { at: number; answer: OutagesResponse }>();
  const pending = new Map<boolean, Promise<OutagesResponse>>();

  async function compute(demo: boolean): Promise<OutagesResponse> {
    const at = now();
    const since = new Date(at - settings.windowMinutes * 60_000).toISOString();
    try {
      const counts = await options.store.outageCounts({ since, demo });
      const answer = {
        outages: detectOutages(counts, settings),
        checkedAt: new Date(at).toISOString(),
        windowMinutes: settings.windowMinutes,
      };
      cache.set(demo, { at, answer });
      return answer;
    } catch (error) {
      options.onError?.(error);
      return cache.get(demo)?.answer ?? { outages: [], checkedAt: new Date(at).toISOString(), windowMinutes: settings.windowMinutes };
    }
  }

  return {
    current(demo) {
      const cached = cache.get(demo);
      if (cached && now() - cached.at < settings.cacheSeconds * 1000) return Promise.resolve(cached.answer);
      const running = pending.get(demo);
      if (running) return running;
      const started = compute(demo).finally(() => pending.delete(demo));
      pending.set(demo, started);
      return started;
    },
  };
}
