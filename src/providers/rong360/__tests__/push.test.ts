import { describe, expect, it } from 'vitest';
import { PushRejected } from '../../data-model';
import { parseRong360Notice } from '../push';

function rejection(form: Record<string, unknown>): PushRejected {
  try {
    parseRong360Notice(form);
  } catch (error) {
    expect(error).toBeInstanceOf(PushRejected);
    return error as PushRejected;
  }
  throw new Error('expected PushRejected');
}

describe('Rong360 notice push', () => {
  it('reads user_id and status 2 as a successful crawl', () => {
    expect(parseRong360Notice({ user_id: 'user-42', status: '2' })).toEqual({
      kind: 'notice',
      upstreamKey: 'user-42',
      status: 2,
      ok: true,
      body: { user_id: 'user-42', status: '2' },
    });
  });

  it('reads any other status as not ok, numbers given as numbers too', () => {
    expect(parseRong360Notice({ user_id: 42, status: 3, extra: 'kept' })).toMatchObject({
      upstreamKey: '42',
      status: 3,
      ok: false,
      body: { extra: 'kept' },
    });
  });

  it('refuses a notice without a usable user_id, in English and without quoting it', () => {
    expect(rejection({ status: '2' }).message).toBe('notice has no user_id');
    expect(rejection({ user_id: '  ', status: '2' }).message).toBe('notice user_id is empty');
    expect(rejection({ user_id: ['a', 'b'], status: '2' }).message).toBe('notice has user_id more than once');
    expect(rejection({ user_id: { a: 1 }, status: '2' }).message).toBe('notice user_id is not a single text value');
    const long = 'x'.repeat(500);
    const error = rejection({ user_id: long, status: '2' });
    expect(error.message).toBe('notice user_id is not a valid user id');
    expect(error.message).not.toContain(long);
  });

  it('refuses a missing or non-integer status', () => {
    expect(rejection({ user_id: 'u' }).message).toBe('notice has no status');
    expect(rejection({ user_id: 'u', status: 'done' }).message).toBe('notice status is not an integer');
    expect(rejection({ user_id: 'u', status: '2.5' }).message).toBe('notice status is not an integer');
  });
});
