import { vi } from 'vitest';

/** One request as the widget made it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string (`?a=1`), present only when the URL has one. */
  search?: string;
  authorization: string | null;
  body: unknown;
}

/** What the fake server answers: JSON with a status (204: no body), or a dropped connection. */
export type FakeAnswer = { status: number; body: unknown } | 'network-error';

export type FakeServer = (request: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>;

/**
 * Replaces global fetch with a fake server. Requests are recorded as the widget sent them, so tests
 * assert on the wire, not on the widget's internals.
 */
export function stubFetch(server: FakeServer, options: { outages?: boolean } = {}) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://widget.test');
    const headers = new Headers(init?.headers);
    const rawBody = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      ...(url.search ? { search: url.search } : {}),
      authorization: headers.get('authorization'),
      body: rawBody === undefined ? undefined : (JSON.parse(rawBody) as unknown),
    };
    requests.push(request);
    const answer = await server(request);
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    if (answer.status === 204) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  // The phone step's outage notice asks GET /api/outages on its own; unless a test's server takes
  // `outages` over, it is answered "none" here and kept out of the recorded requests.
  const outagesOff = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://widget.test');
    if (url.pathname !== '/api/outages' || options.outages) return fetchMock(input, init);
    const body = { outages: [], checkedAt: '2024-05-01T08:00:00.000Z', windowMinutes: 15 };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  vi.stubGlobal('fetch', outagesOff);
  return { requests, fetchMock };
}

/** A promise the test resolves when it chooses, to hold a request in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
