import type { WebhookEventType } from '../store/types';
import { SIGNATURE_HEADER } from '../webhooks/signature';

/** How a lender verifies a delivery (the OpenAPI `webhooks` entries). */
export const webhookDescription = (toleranceSeconds: number): string =>
  [
    'POSTed as JSON to the URL set with PUT /api/v1/webhook; redirects are not followed.',
    '',
    `Verify every delivery: the ${SIGNATURE_HEADER} header is \`t=<unix seconds>,v1=<hex>\` where hex is`,
    'HMAC-SHA256, keyed with your signing secret (whsec_…), of `<t>.<raw request body>` (the exact bytes received,',
    'before any JSON parsing). Compare in constant time, accept any of several v1 entries (secret rotation), and',
    `refuse a timestamp more than ${toleranceSeconds} seconds from your clock.`,
    '',
    'Delivery is at least once: deduplicate on the event id (also the Idempotency-Key header). Events of one',
    'session arrive in order (authorized before data_ready, report_ready after data_ready). A failed delivery',
    '(no 2xx within 10 s) is retried with exponential backoff and ±20% jitter: by default 5 s doubling up to',
    '1 h per wait, for at least 72 hours (about 100 attempts; the event is given up at its first failed attempt',
    'past the window); see GET /api/v1/sessions/{sessionId}/events for each attempt. Deliveries to one endpoint',
    'are limited to a few at a time, so a slow endpoint delays only its own events (lastError endpoint_busy).',
  ].join('\n');

/** The delivery headers as OpenAPI header parameters. */
export function webhookHeaders(type: WebhookEventType): Array<Record<string, unknown>> {
  const header = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema,
  });
  return [
    header(SIGNATURE_HEADER, 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', {
      type: 'string',
      pattern: '^t=\\d+(,v1=[0-9a-f]{64})+$',
    }),
    header('carrierlink-event-id', 'The event id (evt_…)'),
    header('idempotency-key', 'The event id again: deduplicate on it'),
    header('carrierlink-event-type', 'The event type', { type: 'string', const: type }),
  ];
}
