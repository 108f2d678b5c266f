import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  /** The query string exactly as sent (to check percent-encoding). */
  rawQuery: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
}

export type Answer = { status?: number; body: string; delayMs?: number } | string | object;

/** A scripted Dianhua-like server: `answer` decides each reply; every request is recorded. */
export async function startFakeUpstream(answer: (request: Recorded, index: number) => Answer) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const recorded: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        rawQuery: (req.url ?? '').split('?')[1] ?? '',
        query: url.searchParams,
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = answer(recorded, requests.length - 1);
      const full =
        typeof reply === 'object' && reply !== null && 'body' in reply && typeof reply.body === 'string'
          ? (reply as { status?: number; body: string; delayMs?: number })
          : { body: typeof reply === 'string' ? reply : JSON.stringify(reply) };
      setTimeout(() => {
        res.writeHead(full.status ?? 200, { 'content-type': 'application/json' });
        res.end(full.body);
      }, full.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path: string) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
