import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a simulator's HTTP layer sends back. */
export type SimReply =
  | { kind: 'json'; body: unknown }
  | { kind: 'raw'; status: number; contentType: string; body: string }
  /** The timeout fault: no answer until `timeoutFaultMs`, then a gateway 504. */
  | { kind: 'hang' };

/** The transport faults both sandboxes play: a hang, an nginx 502 page, and a 200 that is not JSON. */
export function transportFaultReply(fault: 'timeout' | 'http502' | 'garbage'): SimReply {
  switch (fault) {
    case 'timeout':
      return { kind: 'hang' };
    case 'http502':
      return {
        kind: 'raw',
        status: 502,
        contentType: 'text/html',
        body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
      };
    case 'garbage':
      return { kind: 'raw', status: 200, contentType: 'text/html;charset=utf-8', body: '<html><body>系统维护中，请稍后访问</body></html>' };
  }
}

export interface SimHttpOptions {
  host?: string;
  /** 0 = a free port. */
  port?: number;
  timeoutFaultMs: number;
  /** The vendor's exact content type for JSON answers. */
  jsonContentType: string;
  /** Appended to the origin in `url` (e.g. `/gateway`). */
  path?: string;
}

/**
 * The transport both vendor simulators share: one request handler producing replies, a real
 * listening server, hanging replies released on close.
 */
export async function startSimServer(
  options: SimHttpOptions,
  handle: (req: IncomingMessage, send: (reply: SimReply) => Promise<void>) => Promise<void>,
): Promise<{ url: string; close(): Promise<void> }> {
  const hanging = new Set<() => void>();

  function hang(): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        hanging.delete(release);
        resolve();
      };
      const timer = setTimeout(release, options.timeoutFaultMs);
      hanging.add(release);
    });
  }

  async function send(res: ServerResponse, reply: SimReply): Promise<void> {
    if (reply.kind === 'hang') {
      await hang();
      return send(res, { kind: 'raw', status: 504, contentType: 'text/html', body: '<html><body>504 Gateway Time-out</body></html>' });
    }
    if (res.destroyed) return;
    const body = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.body;
    const contentType = reply.kind === 'json' ? options.jsonContentType : reply.contentType;
    res.writeHead(reply.kind === 'json' ? 200 : reply.status, { 'content-type': contentType });
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, (reply) => send(res, reply)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}${options.path ?? ''}`,
    async close() {
      for (const release of [...hanging]) release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
