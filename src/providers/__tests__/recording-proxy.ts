import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface Exchange {
  method: string;
  /** Path and query as the client sent them. */
  url: string;
  requestBody: string;
  status: number;
  responseBody: string;
}

/** Forwards every request to `target` (an origin) and records both sides. */
export async function startRecordingProxy(target: string) {
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks).toString('utf8');
      const method = req.method === 'POST' ? 'POST' : 'GET';
      const headers = req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : undefined;
      request(`${target}${req.url ?? '/'}`, { method, ...(headers && { headers }), ...(method === 'POST' && { body: requestBody }) })
        .then(async (answer) => {
          const responseBody = await answer.body.text();
          exchanges.push({ method, url: req.url ?? '/', requestBody, status: answer.statusCode, responseBody });
          res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'text/plain') });
          res.end(responseBody);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The proxy's origin (add the target's own path, e.g. `/gateway`). */
    origin: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
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
    try {
      visit(JSON.parse(exchange.responseBody));
    } catch {
      // not JSON (a fault scenario)
    }
  }
  return [...found];
}
