import type { DurableStore } from '../store/types';

const DAY_MS = 86_400_000;
/** How often the purge runs; collected data outlives its period by at most this much. */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

export interface RetentionOptions {
  store: Pick<DurableStore, 'purge'> & Partial<Pick<DurableStore, 'analytics'>>;
  /** Collected personal data is kept this many days after authorization. */
  days: number;
  /** Step analytics (no personal data) are kept this many days. */
  analyticsDays?: number;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  now?: () => number;
}

/** Purges collected data past its retention period: once at start, then every hour. */
export function createRetention(options: RetentionOptions) {
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;

  async function runOnce() {
    const at = now();
    const report = await options.store.purge(new Date(at - options.days * DAY_MS).toISOString(), new Date(at).toISOString());
    const analytics = options.store.analytics;
    const analyticsSessions =
      analytics && options.analyticsDays !== undefined
        ? await analytics.purge(new Date(at - options.analyticsDays * DAY_MS).toISOString())
        : 0;
    if (report.collections + report.pushes + report.webhookEvents + report.simulatorEntries + analyticsSessions > 0) {
      options.log.info({ ...report, analyticsSessions, retentionDays: options.days }, 'retention purge');
    }
    return report;
  }
  const safeRun = () =>
    void runOnce().catch((error: unknown) =>
      options.log.error({ err: { name: error instanceof Error ? error.name : 'error' } }, 'retention purge failed'),
    );

  return {
    runOnce,
    start() {
      safeRun();
      timer = setInterval(safeRun, RETENTION_SWEEP_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
