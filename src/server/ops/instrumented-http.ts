import type { HttpClient, HttpResponse } from '../../providers/http';
import type { ProviderName } from '../../providers/types';
import { isUpstreamError } from '../../providers/upstream-error';
import type { Metrics } from './metrics';

/** A vendor names the operation in the form's `method`, or else in the last two path segments. */
function operationOf(url: string, fields?: Readonly<Record<string, string | readonly string[]>>): string {
  const method = fields?.['method'];
  if (typeof method === 'string') return /^[\w.]{1,80}$/.test(method) ? method : 'other';
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'other';
  }
  const name = path.split('/').filter(Boolean).slice(-2).join('/');
  return /^[\w/.-]{1,60}$/.test(name) ? name : 'other';
}

const outcomeOf = (response: HttpResponse): string =>
  response.status >= 200 && response.status < 300 ? 'ok' : `http_${Math.floor(response.status / 100)}xx`;

/** The same client, timing every call into carrierlink_upstream_request_duration_seconds. */
export function instrumentHttp(http: HttpClient, vendor: ProviderName, metrics: Pick<Metrics, 'upstreamDuration'>): HttpClient {
  async function timed(operation: string, send: () => Promise<HttpResponse>): Promise<HttpResponse> {
    const end = metrics.upstreamDuration.startTimer({ vendor, operation });
    try {
      const response = await send();
      end({ outcome: outcomeOf(response) });
      return response;
    } catch (error) {
      end({ outcome: isUpstreamError(error) ? error.failure : 'error' });
      throw error;
    }
  }
  return {
    postForm: (url, fields) => timed(operationOf(url, fields), () => http.postForm(url, fields)),
    postJson: (url, body) => timed(operationOf(url), () => http.postJson(url, body)),
    get: (url) => timed(operationOf(url), () => http.get(url)),
    close: () => http.close(),
  };
}
