import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';

// Pieces of a small deployment for the multi-instance spec: server processes run as production
// runs them, a load balancer in front of them, a counting proxy in front of the vendor, and the
// lender's webhook endpoint.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A node process of the compiled build, its output kept for a failure message. */
export interface Proc {
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startNode(entry: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    output: () => output,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** Polls `url` until it answers 200 (the process may still be starting). */
export async function waitFor(url: string, proc?: Proc, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (proc && proc.child.exitCode !== null)
      throw new Error(`process exited (${proc.child.exitCode}) before ${url} answered:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${proc?.output() ?? ''}`);
    await sleep(200);
  }
}

function readBody(req: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** One HTTP exchange with `target`, the body buffered; rejects on a connection failure before an answer. */
function forward(
  target: string,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, target);
    const outgoing = httpRequest(url, { method, headers: { ...headers, host: url.host }, agent: false }, (response) => {
      readBody(response).then((answer) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: answer }), reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function listen(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * A round-robin load balancer: each request goes to the next backend; a backend that refuses the
 * connection (a killed instance) is skipped, as a load balancer's passive health check does.
 */
export async function startBalancer(port: number, backends: string[]) {
  let next = 0;
  const served: Record<string, number> = {};
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const first = next++;
      for (let tried = 0; tried < backends.length; tried += 1) {
        const backend = backends[(first + tried) % backends.length]!;
        try {
          const answer = await forward(backend, req.method ?? 'GET', req.url ?? '/', req.headers, body);
          served[backend] = (served[backend] ?? 0) + 1;
          res.writeHead(answer.status, answer.headers).end(answer.body);
          return;
        } catch {
          // refused: the next backend
        }
      }
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no backend');
    })();
  });
  await listen(server, port);
  return { url: `http://127.0.0.1:${port}`, served, close: () => close(server) };
}

/** In front of the vendor: counts requests per path (/token, /calls/login...) and can slow a path down. */
export async function startCountingProxy(port: number, target: string, delays: Record<string, number> = {}) {
  const counts: Record<string, number> = {};
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      counts[path] = (counts[path] ?? 0) + 1;
      if (delays[path]) await sleep(delays[path]);
      try {
        const answer = await forward(target, req.method ?? 'GET', req.url ?? '/', req.headers, body);
        res.writeHead(answer.status, answer.headers).end(answer.body);
      } catch {
        res.writeHead(502).end();
      }
    })();
  });
  await listen(server, port);
  return { url: `http://127.0.0.1:${port}`, count: (path: string) => counts[path] ?? 0, close: () => close(server) };
}

export interface Delivery {
  id: string;
  type: string;
  sessionId: string;
  signatureOk: boolean;
}

/** The lender's webhook endpoint: records every delivery with its signature verified, answers 204. */
export async function startWebhookReceiver(port: number) {
  const receiver = { deliveries: [] as Delivery[], secret: '' };
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const body = raw.toString('utf8');
      const header = String(req.headers['carrierlink-signature'] ?? '');
      const t = /t=(\d+)/.exec(header)?.[1] ?? '';
      const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1] ?? '';
      const event = JSON.parse(body) as { id: string; type: string; sessionId: string };
      receiver.deliveries.push({
        id: event.id,
        type: event.type,
        sessionId: event.sessionId,
        signatureOk: v1 === createHmac('sha256', receiver.secret).update(`${t}.${body}`).digest('hex'),
      });
      res.writeHead(204).end();
    });
  });
  await listen(server, port);
  return Object.assign(receiver, { url: `http://127.0.0.1:${port}/hook`, close: () => close(server) });
}
