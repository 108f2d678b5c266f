import { createServer } from 'node:http';
import type { Metrics } from './metrics';

/**
 * /metrics on a port of its own (METRICS_PORT), for a Prometheus that reaches the instances over a
 * private network: no token, so bind it where only the scraper can connect (METRICS_HOST).
 */
export async function startMetricsServer(
  metrics: Pick<Metrics, 'registry'>,
  port: number,
  host: string,
): Promise<{ close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
