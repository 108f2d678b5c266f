import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { ApiRequestError, isSessionGone, requestJson } from '../http';

const Schema = z.object({ ok: z.literal(true) });

async function failure(promise: Promise<unknown>): Promise<ApiRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiRequestError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('requestJson', () => {
  it('sends JSON with the bearer token and returns the parsed answer', async () => {
    const { requests } = stubFetch(() => ({ status: 200, body: { ok: true } }));
    const answer = await requestJson({ method: 'POST', path: '/api/x', token: 'abc', body: { a: 1 }, schema: () => Schema });
    expect(answer).toEqual({ ok: true });
    expect(requests).toEqual([{ method: 'POST', path: '/api/x', authorization: 'Bearer abc', body: { a: 1 } }]);
  });

  it('refuses an answer that does not match the schema', async () => {
    stubFetch(() => ({ status: 200, body: { ok: 'yes', secret: 'x' } }));
    const error = await failure(requestJson({ method: 'GET', path: '/api/x', schema: () => Schema }));
    expect(error.code).toBe('invalid_response');
  });

  it('carries the server error code, message and retryability', async () => {
    stubFetch(() => ({ status: 429, body: { error: { code: 'busy', message: '请稍候', retryable: true } } }));
    const error = await failure(requestJson({ method: 'GET', path: '/api/x', schema: () => Schema }));
    expect(error).toMatchObject({ status: 429, code: 'busy', serverMessage: '请稍候', retryable: true });
  });

  it('classifies a dropped connection and a gateway page', async () => {
    stubFetch(() => 'network-error');
    expect(await failure(requestJson({ method: 'GET', path: '/api/x', schema: () => Schema }))).toMatchObject({
      status: 0,
      code: 'network_error',
      retryable: true,
    });
    stubFetch(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    expect(await failure(requestJson({ method: 'GET', path: '/api/x', schema: () => Schema }))).toMatchObject({
      status: 502,
      code: 'internal_error',
    });
  });

  it('parses error bodies with the shared schema: an unknown error code is not trusted', async () => {
    stubFetch(() => ({ status: 400, body: { error: { code: 'made_up', message: 'x', retryable: false } } }));
    const error = await failure(requestJson({ method: 'GET', path: '/api/x', schema: () => Schema }));
    expect(error).toMatchObject({ status: 400, code: 'invalid_response' });
  });

  it('treats any 401 as a gone session', async () => {
    stubFetch(() => ({ status: 401, body: { error: { code: 'session_not_found', message: '会话不存在', retryable: false } } }));
    const error = await failure(requestJson({ method: 'GET', path: '/api/x', schema: () => Schema }));
    expect(isSessionGone(error)).toBe(true);
    expect(isSessionGone(new ApiRequestError(400, 'bad_request', '', false))).toBe(false);
  });
});
