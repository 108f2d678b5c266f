import { createServer, request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call that went through the proxy. */
export interface Exchange {
  method: string;
  /** Path without the query string, e.g. `/calls/flow`. */
  path: string;
  query: URLSearchParams;
  requestBody: string;
  /** Undefined when the client gave up before the upstream answered. */
  status?: number;
  responseBody?: string;
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const readBody = (message: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
  });

/**
 * An HTTP proxy in front of a simulator that records every exchange, so tests see exactly what the
 * adapter sent upstream and what came back (tokens, session ids) without knowing the adapter.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', upstream);
      const exchange: Exchange = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        requestBody: await readBody(req),
      };
      exchanges.push(exchange);
      const headers = { ...req.headers, host: upstream.host };
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: exchange.method, path: req.url, headers },
        (answer) => {
          void readBody(answer).then((body) => {
            exchange.status = answer.statusCode;
            exchange.responseBody = body;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(body);
          });
        },
      );
      // A client that times out must not leave the upstream call hanging.
      res.on('close', () => forward.destroy());
      forward.on('error', () => res.destroy());
      forward.end(exchange.requestBody);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every string under `keys` anywhere in the recorded JSON answers (tokens, sids, tids...). */
export function idsIn(exchanges: readonly Exchange[], keys: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (keys.includes(key) && typeof item === 'string' && item.trim().length >= 6) found.add(item.trim());
        visit(item);
      }
    }
  };
  for (const exchange of exchanges) {
    if (exchange.responseBody === undefined) continue;
    try {
      visit(JSON.parse(exchange.responseBody));
    } catch {
      // not JSON (a fault scenario)
    }
  }
  return [...found];
}
