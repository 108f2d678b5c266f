import { CSRF_HEADER } from '../../flow/dashboard-api';

/** A refused or failed call: the server's code (lender API codes), or `network_error` / `bad_response`. */
export class DashboardApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'DashboardApiError';
  }
}

/** The part of a zod/mini schema the client needs: no answer is used unparsed. */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

let csrfToken: string | null = null;
let onSignedOut: (() => void) | undefined;

/** The CSRF token sign-in (or /me) gave; sent with every POST. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a call answers 401: the sign-in expired or was ended elsewhere. */
export function onUnauthorized(listener: (() => void) | undefined): void {
  onSignedOut = listener;
}

async function errorOf(response: Response): Promise<DashboardApiError> {
  let code = 'bad_response';
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON: keep the status.
  }
  const retry = Number(response.headers.get('retry-after'));
  return new DashboardApiError(response.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

export async function call<T>(
  path: string,
  schema: Parser<T> | null,
  init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new DashboardApiError(0, 'network_error', 'network');
  }
  if (!response.ok) {
    const failure = await errorOf(response);
    if (failure.status === 401 && !path.endsWith('/login')) onSignedOut?.();
    throw failure;
  }
  if (schema === null) return undefined as T;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new DashboardApiError(response.status, 'bad_response', 'not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DashboardApiError(response.status, 'bad_response', 'unexpected answer');
  return parsed.data;
}
