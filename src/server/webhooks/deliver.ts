import { SIGNATURE_HEADER, signWebhook } from './signature';

/**
 * What one POST to a lender's webhook URL came to. `error` is what the lender sees (an HTTP status,
 * or `unreachable` for every failure without an answer); `detail` names the failure for our logs.
 */
export type AttemptResult = { ok: true; status: number } | { ok: false; error: string; detail?: string };

/**
 * The lender reads `lastError` through the API: refused, reset, timed out, unresolvable and
 * refused-as-private all read the same, so a webhook URL cannot be used to map which hosts and
 * ports answer from where CarrierLink runs.
 */
export const UNREACHABLE = 'unreachable';

export interface WebhookRequest {
  url: string;
  secret: string;
  eventId: string;
  eventType: string;
  /** The exact bytes sent and signed. */
  body: string;
  timestampSeconds: number;
}

export const WEBHOOK_USER_AGENT = 'CarrierLink-Webhooks/1';

/** The delivery headers; the event id doubles as the idempotency key so a retried event dedupes. */
export function webhookHeaders(request: WebhookRequest): Record<string, string> {
  return {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: signWebhook(request.secret, request.timestampSeconds, request.body),
    'carrierlink-event-id': request.eventId,
    'idempotency-key': request.eventId,
    'carrierlink-event-type': request.eventType,
    'user-agent': WEBHOOK_USER_AGENT,
  };
}

/** A stable, URL-free name for a failed fetch (logs only): messages of network errors name the host and port. */
function errorName(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'timeout';
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? `network_${code}` : 'network_error';
}

/**
 * POSTs once. Redirects are never followed (a 3xx is a failure): the lender registered this URL,
 * and following a redirect would let it point our signed traffic anywhere, internal hosts included.
 */
export async function postWebhook(fetchFn: typeof fetch, request: WebhookRequest, timeoutMs: number): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetchFn(request.url, {
      method: 'POST',
      headers: webhookHeaders(request),
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    // The answer's body is not ours to read; releasing it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    return response.status >= 200 && response.status < 300
      ? { ok: true, status: response.status }
      : { ok: false, error: `http_${response.status}` };
  } catch (error) {
    return { ok: false, error: UNREACHABLE, detail: errorName(error, timedOut) };
  } finally {
    clearTimeout(timer);
  }
}
