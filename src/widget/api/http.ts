import { SESSION_HEADER } from '../../flow';
import type { ErrorCode } from '../../flow';
import type { ClientErrorCode } from '../i18n/messages';
import type * as ResponseSchemasModule from './response-schemas';

export { SESSION_HEADER };

/** The answer schemas, in their own chunk (see response-schemas.ts). */
export type ResponseSchemas = typeof ResponseSchemasModule;
const loadResponseSchemas = (): Promise<ResponseSchemas> => import('./response-schemas');

/** Every failure a widget call can end in: a server error code or one the widget raises itself. */
export type RequestErrorCode = ErrorCode | ClientErrorCode;

/** What a refusal says about trying again. */
export interface RequestGuidance {
  /** Device-clock instant (ms) from which another try can succeed (from the answer's retryAfterSeconds). */
  retryAtMs?: number;
  attemptsLeft?: number;
}

/** A failed call, always parsed or classified; never a raw fetch exception. */
export class ApiRequestError extends Error {
  constructor(
    /** HTTP status, 0 when no answer arrived. */
    readonly status: number,
    readonly code: RequestErrorCode,
    /** Server wording (zh-CN), used when the catalogue has no entry for `code`. */
    readonly serverMessage: string,
    readonly retryable: boolean,
    /** The field id a refused submission (422) concerns, to show the error there. */
    readonly field?: string,
    /** A refusal's wait and the tries left (rate_limited), on the device clock. */
    readonly guidance: RequestGuidance = {},
  ) {
    super(`${code} (${status})`);
    this.name = 'ApiRequestError';
  }
}

/** The part of a zod/mini schema the client needs; answers are never trusted unparsed. */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

export interface RequestOptions<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Picks the answer's schema; the schemas load in parallel with the request. */
  schema: (schemas: ResponseSchemas) => Parser<T>;
  token?: string;
  body?: unknown;
}

// Upstream logins can take a while; past this the user gets a retryable error instead of a spinner.
const REQUEST_TIMEOUT_MS = 60_000;

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

export async function requestJson<T>(options: RequestOptions<T>): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers[SESSION_HEADER] = `Bearer ${options.token}`;

  const schemasLoading = loadResponseSchemas();
  // Awaited below; this only keeps a failed download from being reported as unhandled meanwhile.
  schemasLoading.catch(() => undefined);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(options.path, {
      method: options.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch {
    throw new ApiRequestError(0, 'network_error', '', true);
  } finally {
    clearTimeout(timer);
  }

  const json = await readJson(response);
  let schemas: ResponseSchemas;
  try {
    schemas = await schemasLoading;
  } catch {
    // The schema chunk could not be downloaded: the connection dropped.
    throw new ApiRequestError(0, 'network_error', '', true);
  }
  if (!response.ok) {
    const parsed = schemas.ErrorResponseSchema.safeParse(json);
    if (parsed.success) {
      const { code, message, retryable, field, retryAfterSeconds, attemptsLeft } = parsed.data.error;
      // Counted from now on this device: a skewed device clock cannot stretch or skip the wait.
      const guidance: RequestGuidance = {};
      if (retryAfterSeconds !== undefined) guidance.retryAtMs = Date.now() + retryAfterSeconds * 1000;
      if (attemptsLeft !== undefined) guidance.attemptsLeft = attemptsLeft;
      throw new ApiRequestError(response.status, code, message, retryable, field, guidance);
    }
    // A proxy or gateway page rather than our server's answer.
    const code: RequestErrorCode =
      response.status === 401 ? 'session_expired' : response.status >= 500 ? 'internal_error' : 'invalid_response';
    throw new ApiRequestError(response.status, code, '', response.status >= 500);
  }
  // 204: nothing to parse (the schema decides whether nothing is an answer).
  const parsed = options.schema(schemas).safeParse(response.status === 204 ? undefined : json);
  if (!parsed.success) throw new ApiRequestError(response.status, 'invalid_response', '', true);
  return parsed.data;
}

/** 401, or a code saying the session is gone: the user must start over. */
export function isSessionGone(error: unknown): boolean {
  return (
    error instanceof ApiRequestError && (error.status === 401 || error.code === 'session_expired' || error.code === 'session_not_found')
  );
}

/** A refusal by a server-side abuse limit, with the instant it ends. */
export function rateLimitOf(error: unknown): { retryAtMs: number; code: 'rate_limited'; serverMessage: string } | undefined {
  if (!(error instanceof ApiRequestError) || error.code !== 'rate_limited') return undefined;
  return { retryAtMs: error.guidance.retryAtMs ?? Date.now(), code: 'rate_limited', serverMessage: error.serverMessage };
}

export function isStepOutdated(error: unknown): boolean {
  return error instanceof ApiRequestError && error.code === 'step_outdated';
}

/** Any thrown value as an ApiRequestError (a bug in our code surfaces as a retryable error). */
export function toRequestError(error: unknown): ApiRequestError {
  return error instanceof ApiRequestError ? error : new ApiRequestError(0, 'internal_error', '', true);
}
