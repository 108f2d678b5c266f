import { upstreamTimeoutError } from '../../providers/http';
import type { HttpClient, HttpResponse } from '../../providers/http';
import type { DemoContext } from './context';

/** How long an injected timeout waits before failing: long enough to see the spinner, far short of a real budget. */
export const DEMO_TIMEOUT_WAIT_MS = 1_500;

// The same pages the simulators' own fault numbers answer (src/providers/*/simulator*: faultReply).
const BAD_GATEWAY_HTML =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
const MAINTENANCE_HTML = '<html><body>系统维护中，请稍后访问</body></html>';

export interface DemoHttpOptions {
  context: DemoContext;
  /** Injected in tests to count and skip waits. */
  sleep?: (ms: number) => Promise<void>;
  timeoutWaitMs?: number;
}

export const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps the HTTP client under a demo adapter. Latency and faults are injected here, below the vendor
 * client, so the adapters' real error handling (status checks, JSON parsing, error mapping) runs.
 * Outside a demo call (no context) it passes straight through.
 */
export function createDemoHttpClient(inner: HttpClient, options: DemoHttpOptions): HttpClient {
  const sleep = options.sleep ?? sleepFor;
  const timeoutWaitMs = options.timeoutWaitMs ?? DEMO_TIMEOUT_WAIT_MS;

  async function send(real: () => Promise<HttpResponse>): Promise<HttpResponse> {
    const call = options.context.current();
    if (!call) return real();
    if (call.latencyMs > 0) await sleep(call.latencyMs);
    switch (call.fault) {
      case 'timeout':
        await sleep(timeoutWaitMs);
        throw upstreamTimeoutError();
      case '5xx':
        return { status: 502, body: BAD_GATEWAY_HTML };
      case 'malformed':
        return { status: 200, body: MAINTENANCE_HTML };
      case undefined:
        return real();
    }
  }

  return {
    postForm: (url, fields) => send(() => inner.postForm(url, fields)),
    postJson: (url, body) => send(() => inner.postJson(url, body)),
    get: (url) => send(() => inner.get(url)),
    close: () => inner.close(),
  };
}
