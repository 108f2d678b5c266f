import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProviderName } from '../../providers/types';
import type { Outbox } from '../store/types';

/** Buckets for our own latency (HTTP answers): 5 ms to 10 s. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Carrier logins are slow: 50 ms to 2 minutes. */
const UPSTREAM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];
/** Background lags (webhook delivery, collection): a second to a day. */
const LAG_BUCKETS = [1, 5, 15, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

/** A vendor code as a label: codes are short tokens; anything else is `other` (bounded label values). */
const codeLabel = (code: string | undefined): string =>
  code === undefined ? 'none' : /^[A-Za-z0-9_.-]{1,24}$/.test(code) ? code : 'other';

/**
 * The Prometheus metrics of one server (one registry per app, so tests build many apps). Counters
 * other parts increment are public fields; `rateLimitRefusals` is the one for abuse limits:
 * `metrics.rateLimitRefusals.inc({ limit: '<name>' })` wherever a limit refuses.
 */
export function createMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'carrierlink_' });

  const metrics = {
    registry,
    httpDuration: new Histogram({
      name: 'carrierlink_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, per route pattern (unmatched: no route).',
      labelNames: ['method', 'route', 'status_class'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'carrierlink_upstream_request_duration_seconds',
      help: 'One HTTP call to a vendor: operation (the vendor method or path) and outcome (ok, http_4xx, http_5xx, timeout, network, invalid).',
      labelNames: ['vendor', 'operation', 'outcome'] as const,
      buckets: UPSTREAM_BUCKETS,
      registers,
    }),
    sessionSteps: new Counter({
      name: 'carrierlink_session_steps_total',
      help: 'Session actions that reached the vendor (start, submit, resend, refresh, recover, cancel, restart), by result.',
      labelNames: ['vendor', 'event', 'result'] as const,
      registers,
    }),
    upstreamErrors: new Counter({
      name: 'carrierlink_upstream_errors_total',
      help: "Vendor answers that were errors: CarrierLink's neutral code and the vendor's own code.",
      labelNames: ['vendor', 'code', 'upstream_code'] as const,
      registers,
    }),
    smsSends: new Counter({
      name: 'carrierlink_sms_sends_total',
      help: 'SMS codes the carrier was made to send: a new SMS step, or a resend.',
      labelNames: ['vendor', 'reason'] as const,
      registers,
    }),
    failovers: new Counter({
      name: 'carrierlink_failovers_total',
      help: 'Sessions moved to the next vendor before the service password, by vendor left, vendor taken and neutral code.',
      labelNames: ['from', 'to', 'code'] as const,
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: 'carrierlink_rate_limit_refusals_total',
      help: 'Requests refused by a server-side limit (HTTP 429), by limit name.',
      labelNames: ['limit'] as const,
      registers,
    }),
    webhookAttempts: new Counter({
      name: 'carrierlink_webhook_attempts_total',
      help: 'Webhook delivery attempts to lenders: delivered, retry (failed, will retry), dead (given up).',
      labelNames: ['result'] as const,
      registers,
    }),
    webhookDeliveryLag: new Histogram({
      name: 'carrierlink_webhook_delivery_lag_seconds',
      help: 'Push lag to lenders: from an event being created to its webhook being acknowledged.',
      labelNames: ['type'] as const,
      buckets: LAG_BUCKETS,
      registers,
    }),
    vendorPushes: new Counter({
      name: 'carrierlink_vendor_pushes_total',
      help: 'Vendor pushes received (duplicate: a retry of one already stored; matched: names a collection of ours).',
      labelNames: ['vendor', 'kind', 'duplicate', 'matched'] as const,
      registers,
    }),
    collectionDuration: new Histogram({
      name: 'carrierlink_collection_duration_seconds',
      help: 'From authorization to the data being ready (or the collection failing).',
      labelNames: ['vendor', 'result'] as const,
      buckets: LAG_BUCKETS,
      registers,
    }),
    /** Reports an adapter outcome (SessionObserver). */
    upstream(vendor: ProviderName, event: string, error: { code: string; upstreamCode?: string } | undefined) {
      metrics.sessionSteps.inc({ vendor, event, result: error ? 'error' : 'ok' });
      if (error) metrics.upstreamErrors.inc({ vendor, code: error.code, upstream_code: codeLabel(error.upstreamCode) });
    },
    smsSent(vendor: ProviderName, reason: 'step' | 'resend') {
      metrics.smsSends.inc({ vendor, reason });
    },
    /** A session failed over (SessionObserver). */
    failover(from: ProviderName, to: ProviderName, code: string) {
      metrics.failovers.inc({ from, to, code: codeLabel(code) });
    },
    /** Backlog gauges read the outbox when scraped (every instance reports the same shared figure: take max, not sum). */
    watchOutbox(outbox: Pick<Outbox, 'backlog'>, now: () => number = Date.now) {
      let last: Promise<{ pending: number; oldestCreatedAt: string | null } | undefined> | undefined;
      // One store read per scrape for both gauges.
      const read = () => {
        last ??= outbox
          .backlog()
          .catch(() => undefined)
          .finally(() => setImmediate(() => (last = undefined)));
        return last;
      };
      new Gauge({
        name: 'carrierlink_webhook_outbox_backlog',
        help: 'Webhook events not yet delivered nor given up (due or waiting for a retry), across all instances.',
        registers,
        async collect() {
          const backlog = await read();
          if (backlog) this.set(backlog.pending);
        },
      });
      new Gauge({
        name: 'carrierlink_webhook_outbox_oldest_age_seconds',
        help: 'Age of the oldest undelivered webhook event (0 when none), across all instances.',
        registers,
        async collect() {
          const backlog = await read();
          if (!backlog) return;
          this.set(backlog.oldestCreatedAt === null ? 0 : Math.max(0, (now() - Date.parse(backlog.oldestCreatedAt)) / 1000));
        },
      });
    },
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
