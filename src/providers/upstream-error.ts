/** How a call to an upstream vendor failed, before any vendor error code could be read. */
export type UpstreamFailure = 'timeout' | 'network' | 'http' | 'invalid'; // invalid = not JSON / wrong shape

export interface UpstreamErrorOptions {
  /** HTTP status, for `http` failures. */
  status?: number;
  cause?: unknown;
}

/**
 * A transport-level failure of an upstream call. Messages never carry request or response
 * bodies: those may hold passwords, codes or personal data and errors end up in logs.
 */
export class UpstreamError extends Error {
  readonly failure: UpstreamFailure;
  readonly status?: number;

  constructor(failure: UpstreamFailure, message: string, options: UpstreamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpstreamError';
    this.failure = failure;
    if (options.status !== undefined) this.status = options.status;
  }
}

export function isUpstreamError(value: unknown): value is UpstreamError {
  return value instanceof UpstreamError;
}
