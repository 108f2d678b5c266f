import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver does with a request: answer a status, redirect, never answer, or drop the connection. */
export type ReceiverAction = number | { redirect: string } | 'hang' | 'reset';

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answers every request left hanging so far with `status`. */
  release(status?: number): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (port 0) acting as a lender's webhook endpoint. */
export async function startReceiver(decide: (request: ReceivedRequest, index: number) => ReceiverAction): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const action = decide(request, requests.length - 1);
      if (action === 'hang') hanging.push(res);
      else if (action === 'reset') req.socket.destroy();
      else if (typeof action === 'number') res.writeHead(action, { 'content-type': 'text/plain' }).end('answer');
      else res.writeHead(302, { location: action.redirect }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    release(status = 200) {
      for (const res of hanging.splice(0)) res.writeHead(status, { 'content-type': 'text/plain' }).end('answer');
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
