import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../http';
import { UpstreamError } from '../upstream-error';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  let connections = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  cleanups.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, close };
}

function client(timeoutMs = 2000, maxBodyBytes?: number) {
  const created = createHttpClient({ timeoutMs, ...(maxBodyBytes !== undefined && { maxBodyBytes }) });
  cleanups.push(created.close);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('upstream HTTP client', () => {
  it('posts a list value as one pair per item, in order', async () => {
    const upstream = await serve((_req, res, body) => res.end(body));
    const answer = await client().postForm(`${upstream.url}/list`, { tid: 'T1', 'tel_list[]': ['139', '186'] });
    expect([...new URLSearchParams(answer.body)]).toEqual([
      ['tid', 'T1'],
      ['tel_list[]', '139'],
      ['tel_list[]', '186'],
    ]);
  });

  it('posts url-encoded form fields and returns status and body without throwing on 4xx/5xx', async () => {
    const upstream = await serve((req, res, body) => {
      res.writeHead(req.url === '/fail' ? 503 : 200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${req.headers['content-type']}|${body}`);
    });
    const http = client();
    const ok = await http.postForm(`${upstream.url}/ok`, { a: '1 2', b: '中文&=' });
    expect(ok.status).toBe(200);
    const [contentType, body] = ok.body.split('|');
    expect(contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({ a: '1 2', b: '中文&=' });
    expect((await http.postForm(`${upstream.url}/fail`, {})).status).toBe(503);
  });

  it('reuses keep-alive connections for consecutive calls', async () => {
    const upstream = await serve((_req, res) => res.end('{}'));
    const http = client();
    for (let i = 0; i < 10; i++) await http.postForm(upstream.url, { i: String(i) });
    // undici's pool alternates between two sockets on sequential calls; what matters is no socket per call.
    expect(upstream.connections()).toBeLessThanOrEqual(2);
  });

  it('also gets and posts JSON', async () => {
    const upstream = await serve((req, res, body) => res.end(`${req.method} ${req.headers['content-type'] ?? '-'} ${body}`));
    const http = client();
    expect((await http.get(upstream.url)).body).toBe('GET - ');
    expect((await http.postJson(upstream.url, { a: 1 })).body).toBe('POST application/json; charset=utf-8 {"a":1}');
  });

  it('fails with timeout when the upstream sends nothing, or stalls in the body, within the budget', async () => {
    const upstream = await serve((req, res) => {
      if (req.url === '/stall') {
        res.writeHead(200);
        res.write('{"partial":');
      }
    });
    const http = client(250);
    for (const path of ['/silent', '/stall']) {
      const started = Date.now();
      expect((await failure(http.postForm(`${upstream.url}${path}`, {}))).failure).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1500);
    }
  });

  it('fails with network when the connection is refused', async () => {
    const upstream = await serve((_req, res) => res.end());
    await upstream.close();
    const error = await failure(client().postForm(upstream.url, {}));
    expect(error.failure).toBe('network');
  });

  it('refuses an oversized answer as invalid', async () => {
    const upstream = await serve((_req, res) => res.end('x'.repeat(10_000)));
    expect((await failure(client(2000, 1000).postForm(upstream.url, {}))).failure).toBe('invalid');
  });
});
