import type { AnalyticsEventInput, AnalyticsStore } from '../store/types';

/** The slice of a pino logger the recorder uses. */
export interface RecorderLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AnalyticsRecorderOptions {
  store: Pick<AnalyticsStore, 'record'>;
  log: RecorderLogger;
  /** How long an event may wait to be written with others (default 200 ms). */
  flushDelayMs?: number;
  /** A batch this big is written at once (default 256). */
  maxBatch?: number;
  /** Events held while the store fails; past this the oldest are dropped and counted (default 20 000). */
  maxPending?: number;
}

export interface AnalyticsRecorder {
  /** Queues an event; never throws and never waits: the applicant's request is not slowed by analytics. */
  record(event: AnalyticsEventInput): void;
  /** Writes everything queued so far (the dashboard reads after it; shutdown calls it). */
  flush(): Promise<void>;
  /** Events queued and not yet written (tests, metrics). */
  pending(): number;
}

/**
 * Buffers analytics events and writes them in batches, one store transaction each. Batching keeps
 * the per-step cost to an array push on the request path and one commit per batch, instead of an
 * fsync per step; the price is that a crash loses at most the last `flushDelayMs` of events.
 */
export function createAnalyticsRecorder(options: AnalyticsRecorderOptions): AnalyticsRecorder {
  const { store, log } = options;
  const flushDelayMs = options.flushDelayMs ?? 200;
  const maxBatch = options.maxBatch ?? 256;
  const maxPending = options.maxPending ?? 20_000;
  let queue: AnalyticsEventInput[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let dropped = 0;

  /** A batch the store refused is written event by event, so one bad event costs only itself. */
  async function write(batch: AnalyticsEventInput[]): Promise<void> {
    try {
      await store.record(batch);
      return;
    } catch (error) {
      if (batch.length === 1) {
        log.error({ err: { name: error instanceof Error ? error.name : 'error' }, kind: batch[0]?.kind }, 'analytics event not recorded');
        return;
      }
    }
    for (const event of batch) await write([event]);
  }

  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    if (dropped > 0) {
      log.warn({ dropped }, 'analytics events dropped: the store fell behind');
      dropped = 0;
    }
    const run = chain.then(() => (batch.length > 0 ? write(batch) : undefined));
    chain = run.catch(() => undefined);
    return run;
  }

  return {
    record(event) {
      queue.push(event);
      if (queue.length > maxPending) {
        queue.shift();
        dropped += 1;
      }
      if (queue.length >= maxBatch) void flush();
      else if (timer === undefined) {
        timer = setTimeout(() => void flush(), flushDelayMs);
        timer.unref();
      }
    },
    flush,
    pending: () => queue.length,
  };
}
