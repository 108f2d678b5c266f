import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One push as the receiver saw it. */
export interface ReceivedPush {
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
}

/**
 * A local HTTP endpoint standing in for a lender's push receiver: records every request and
 * answers with `reply(n)` (n = 1 for the first request).
 */
export async function startPushReceiver(reply: (n: number, push: ReceivedPush) => { status: number; body: string }) {
  const received: ReceivedPush[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const push = {
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(push);
      const answer = reply(received.length, push);
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.body);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    /** Resolves once `count` pushes have arrived (rejects after `timeoutMs`). */
    waitFor(count: number, timeoutMs = 5_000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} pushes arrived`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
