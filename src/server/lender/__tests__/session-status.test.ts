import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStatusResponseSchema } from '../schemas';
import {
  KEY_BANK,
  PHONE,
  T0,
  authorize,
  iso,
  lenderHarness,
  loginStep,
  makeReady,
  putLink,
  putSession,
} from '../../../test-support/server/lender-harness';
import type { Harness } from '../../../test-support/server/lender-harness';

const ID = 'ses_AbCdEfGhIjKl';
const URL = `/api/v1/sessions/${ID}`;
let h: Harness;

beforeEach(async () => {
  h = await lenderHarness();
});
afterEach(async () => h.close());

/** GET the status; checks it against the published schema. */
async function status(key?: string) {
  const response = await h.get(URL, key);
  expect(response.statusCode).toBe(200);
  return SessionStatusResponseSchema.parse(response.json());
}

describe('GET /api/v1/sessions/:sessionId', () => {
  it('answers 401 alike for a missing and a wrong API key, before looking anything up', async () => {
    await putLink(h.store, ID);
    const missing = await h.get(URL, null);
    const wrong = await h.get(URL, 'sk_test_WRONG_0123456789abcdefghij');
    expect(missing.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(missing.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('Bearer') } });
    expect(wrong.body).toBe(missing.body);
    expect((await h.get('/api/v1/no-such-thing', null)).statusCode).toBe(401);
  });

  it('answers an unknown endpoint under /api/v1 with an English 404', async () => {
    const response = await h.get('/api/v1/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint: see /openapi.json' } });
  });

  it('refuses a malformed session id with a 400 naming the field', async () => {
    const response = await h.get('/api/v1/sessions/not-a-session');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'bad_request', message: expect.stringMatching(/^sessionId: must be a session id/), field: 'sessionId' },
    });
  });

  it("answers another lender's session exactly like an unknown one", async () => {
    await putLink(h.store, ID);
    const unknown = await h.get('/api/v1/sessions/ses_ZZZZZZZZZZZZ');
    const foreign = await h.get(URL, KEY_BANK);
    expect(unknown.statusCode).toBe(404);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(unknown.body);
    expect(foreign.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('says link_created while the link is unused and link_expired after it expires', async () => {
    await putLink(h.store, ID);
    expect(await status()).toEqual({
      sessionId: ID,
      lenderUserId: 'user-42',
      provider: null,
      status: 'link_created',
      step: null,
      createdAt: iso(T0),
      authorizedAt: null,
      readyAt: null,
      failedAt: null,
      failure: null,
      stages: [],
      extras: {},
      mode: 'initial',
      previousSessionId: null,
      consent: null,
    });
    h.clock.advance(31 * 60_000);
    expect((await status()).status).toBe('link_expired');
  });

  it('says session_expired when the link was used but the session is gone without authorizing', async () => {
    await putLink(h.store, ID, { usedAt: iso(T0 + 60_000) });
    expect(await status()).toMatchObject({ status: 'session_expired', provider: null, step: null });
  });

  it('says in_progress with the step shape only, never a value, label or message', async () => {
    await putSession(h.store, ID, loginStep);
    const response = await h.get(URL);
    expect(response.json()).toMatchObject({
      status: 'in_progress',
      provider: 'dianhua',
      lenderUserId: 'user-42',
      step: { kind: 'form', purpose: 'authorize', intent: 'login', fields: ['phone', 'servicePassword'] },
      createdAt: iso(T0),
    });
    for (const secret of [PHONE, '服务密码', '请输入', 'secret-upstream-sid', 'password_incorrect', 'cl_0123'])
      expect(response.body).not.toContain(secret);
  });

  it('says failed with an English failure when the widget session failed', async () => {
    await putSession(h.store, ID, {
      type: 'failed',
      id: 'st_failed',
      canRestart: false,
      error: { code: 'account_locked', message: '账户已锁定', retryable: false },
    });
    expect(await status()).toMatchObject({
      status: 'failed',
      step: { kind: 'failed' },
      failedAt: iso(T0 + 120_000),
      failure: { code: 'account_locked', message: 'The authorization stopped in the widget (account_locked)' },
    });
  });

  it('says collecting once authorized, with the Dianhua extras pending', async () => {
    await authorize(h.store, ID, 'dianhua');
    await h.store.collections.reschedule(ID, { attempts: 1, nextAttemptAt: iso(T0 + 400_000), stages: ['login', 'bills'] }, []);
    expect(await status()).toMatchObject({
      status: 'collecting',
      provider: 'dianhua',
      step: { kind: 'authorized' },
      authorizedAt: iso(T0 + 300_000),
      readyAt: null,
      stages: ['login', 'bills'],
      extras: { report: 'pending', score: 'pending', tags: 'pending' },
    });
  });

  it('says data_ready with each extra as stored or still pending', async () => {
    await makeReady(
      h.store,
      ID,
      'dianhua',
      { report: { status: 'ready', data: { a: 1 } }, tags: { status: 'failed', code: 'x', message: 'no tags' } },
      ['score'],
    );
    expect(await status()).toMatchObject({
      status: 'data_ready',
      readyAt: iso(T0 + 600_000),
      extras: { report: 'ready', score: 'pending', tags: 'failed' },
    });
  });

  it('says data_ready with no extras for Rong360', async () => {
    await makeReady(h.store, ID, 'rong360');
    expect(await status()).toMatchObject({ status: 'data_ready', provider: 'rong360', extras: {} });
  });

  it('says failed with the collection failure', async () => {
    await authorize(h.store, ID, 'rong360');
    await h.store.collections.markFailed(ID, { code: 'crawl_failed', message: 'The carrier crawl failed' }, iso(T0 + 700_000), []);
    expect(await status()).toMatchObject({
      status: 'failed',
      failedAt: iso(T0 + 700_000),
      failure: { code: 'crawl_failed', message: 'The carrier crawl failed' },
      extras: {},
    });
  });

  it('says purged after retention removed the data', async () => {
    await makeReady(h.store, ID, 'rong360');
    await h.store.purge(iso(T0 + 24 * 3_600_000), iso(T0 + 24 * 3_600_000));
    expect(await status()).toMatchObject({ status: 'purged', provider: 'rong360' });
  });

  it("keeps another lender's authorized session hidden", async () => {
    await authorize(h.store, ID, 'rong360', { lenderId: 'bank' });
    expect((await h.get(URL)).statusCode).toBe(404);
    expect((await status(KEY_BANK)).status).toBe('collecting');
  });
});
