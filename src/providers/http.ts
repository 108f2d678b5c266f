import { Agent, request } from 'undici';
import { UpstreamError } from './upstream-error';

export interface HttpClientOptions {
  /** Whole-call budget (connect, headers and body); past it the call fails with `timeout`. */
  timeoutMs: number;
  /** Keep-alive sockets per upstream origin. */
  connections?: number;
  /** Answers larger than this fail with `invalid` (a vendor answer is a few KB; a captcha a few tens). */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** A pooled keep-alive client for vendor gateways. Status codes are returned, not thrown. */
export interface HttpClient {
  /** A list value is sent as one `key=value` pair per item, in order (name the key `k[]` for PHP arrays). */
  postForm(url: string, fields: Readonly<Record<string, string | readonly string[]>>): Promise<HttpResponse>;
  postJson(url: string, body: unknown): Promise<HttpResponse>;
  get(url: string): Promise<HttpResponse>;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface SendInit {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

// undici's dispatcher + `request` rather than global fetch: fetch's WHATWG layers cost several
// times the CPU per call, and the pool keeps TLS sessions to the gateway alive between steps.
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { timeoutMs } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const agent = new Agent({
    connections: options.connections ?? 16,
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
  });

  async function send(url: string, init: SendInit): Promise<HttpResponse> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(url, { ...init, dispatcher: agent, signal });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        size += buffer.length;
        if (size > maxBodyBytes) {
          response.body.destroy();
          throw new UpstreamError('invalid', `upstream answer larger than ${maxBodyBytes} bytes`);
        }
        chunks.push(buffer);
      }
      return { status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') };
    } catch (error) {
      throw toUpstreamError(error, signal.aborted);
    }
  }

  return {
    postForm: (url, fields) =>
      send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body: formBody(fields),
      }),
    postJson: (url, body) =>
      send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: JSON.stringify(body),
      }),
    get: (url) => send(url, { method: 'GET', headers: { accept: 'application/json' } }),
    close: () => agent.close(),
  };
}

function formBody(fields: Readonly<Record<string, string | readonly string[]>>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(key, value);
    else for (const item of value) form.append(key, item);
  }
  return form.toString();
}

/** What a call past its budget fails with; exported so injected timeouts (demo mode) are the same error. */
export function upstreamTimeoutError(cause?: unknown): UpstreamError {
  return new UpstreamError('timeout', 'upstream did not answer in time', cause === undefined ? {} : { cause });
}

function toUpstreamError(error: unknown, timedOut: boolean): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (timedOut || TIMEOUT_CODES.has(code)) return upstreamTimeoutError(error);
  // Only the error code goes into the message: undici messages may quote the URL, never bodies.
  return new UpstreamError('network', `upstream connection failed${code ? ` (${code})` : ''}`, { cause: error });
}
