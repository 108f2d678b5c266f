import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinkInfoResponseSchema } from '../../../flow/schemas';
import { rateLimited } from '../../errors';
import { createLinkService } from '../../link/service';
import type { LinkService } from '../../link/service';
import { tokenKey } from '../../session/token';
import { SessionStatusResponseSchema } from '../schemas';
import { CreateUpdateLinkResponseSchema } from '../update-schemas';
import { KEY_BANK, PHONE, T0, authorize, iso, lenderHarness, makeReady, putLink } from '../../../test-support/server/lender-harness';
import type { Harness } from '../../../test-support/server/lender-harness';

const PREVIOUS = 'ses_PrEvIoUs0001';
const URL = `/api/v1/sessions/${PREVIOUS}/update-links`;
const BODY = { allowedOrigins: ['https://lender.example'] };
const CONSENT = { agreementVersion: '2025-01', acceptedAt: iso(T0 + 1000), textHash: 'b'.repeat(64) };
const silent = { info() {}, warn() {}, error() {} };

let h: Harness;
let links: LinkService;
let limited = false;

beforeEach(async () => {
  limited = false;
  h = await lenderHarness({
    updateLinks: (store, now) => {
      links = createLinkService({
        store: store.links,
        ttlSeconds: 1800,
        requireLinkToken: false,
        log: silent,
        now,
        consents: store.consents,
      });
      return {
        links,
        ttlSeconds: 1800,
        limit: async () => {
          if (limited) throw rateLimited('lender', 30_000, now());
        },
      };
    },
  });
});
afterEach(async () => h.close());

const post = (body: unknown = BODY, key?: string, url = URL) => h.send('POST', url, body, key);
async function created(body: unknown = BODY) {
  const response = await post(body);
  expect(response.statusCode, response.body).toBe(201);
  return CreateUpdateLinkResponseSchema.parse(response.json());
}
/** The link token of an answer, as the widget would send it. */
const info = async (linkToken: string) => LinkInfoResponseSchema.parse(await links.info(`Bearer ${linkToken}`));

describe('POST /api/v1/sessions/:sessionId/update-links', () => {
  it('creates an update link for a completed session, with the earlier number kept server-side and shown masked', async () => {
    await makeReady(h.store, PREVIOUS, 'rong360');
    const answer = await created();
    expect(answer).toMatchObject({ mode: 'update', previousSessionId: PREVIOUS, maskedPhone: '138****8000' });
    expect(answer.sessionId).not.toBe(PREVIOUS);
    expect(JSON.stringify(answer)).not.toContain(PHONE);
    const stored = await h.store.links.get(tokenKey(answer.linkToken));
    expect(stored).toMatchObject({
      mode: 'update',
      previousSessionId: PREVIOUS,
      phone: PHONE,
      provider: 'rong360',
      lenderUserId: 'user-42',
    });
    expect(stored?.linkId).toMatch(/^lnk_/);
    // The widget reads the link: masked number, no full number, the mode.
    const seen = await info(answer.linkToken);
    expect(seen).toMatchObject({ state: 'unused', mode: 'update', maskedPhone: '138****8000' });
    expect(seen.phone).toBeUndefined();
    // The lender sees the new session waiting, already linked to the earlier one.
    const status = SessionStatusResponseSchema.parse((await h.get(`/api/v1/sessions/${answer.sessionId}`)).json());
    expect(status).toMatchObject({
      status: 'link_created',
      mode: 'update',
      previousSessionId: PREVIOUS,
      consent: null,
      lenderUserId: 'user-42',
    });
  });

  it("answers another lender's session exactly like an unknown one (404)", async () => {
    await makeReady(h.store, PREVIOUS, 'dianhua');
    const foreign = await post(BODY, KEY_BANK);
    const unknown = await post(BODY, undefined, '/api/v1/sessions/ses_ZZZZZZZZZZZZ/update-links');
    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(foreign.body).toBe(unknown.body);
    expect(foreign.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses a session that did not complete with 409 not_completed, saying its status', async () => {
    await authorize(h.store, PREVIOUS, 'dianhua');
    const collecting = await post();
    expect(collecting.statusCode).toBe(409);
    expect(collecting.json()).toEqual({ error: { code: 'not_completed', message: expect.stringContaining('collecting') } });
    await h.store.collections.markFailed(PREVIOUS, { code: 'upstream_error', message: 'gone' }, iso(T0 + 700_000), []);
    expect((await post()).json()).toMatchObject({ error: { code: 'not_completed', message: expect.stringContaining('failed') } });
    const waiting = 'ses_WaItInG00001';
    await putLink(h.store, waiting);
    const unused = await post(BODY, undefined, `/api/v1/sessions/${waiting}/update-links`);
    expect(unused.statusCode).toBe(409);
    expect(unused.json()).toMatchObject({ error: { code: 'not_completed', message: expect.stringContaining('link_created') } });
  });

  it('refuses a purged session with 410: its number is gone', async () => {
    await makeReady(h.store, PREVIOUS, 'rong360');
    await h.store.purge(iso(T0 + 3_600_000), iso(T0 + 3_600_000));
    const response = await post();
    expect(response.statusCode).toBe(410);
    expect(response.json()).toMatchObject({ error: { code: 'purged', message: expect.stringContaining('POST /api/link-tokens') } });
  });

  it('refuses a phone, another userId, unknown keys and bad origins with a 400 naming the field', async () => {
    await makeReady(h.store, PREVIOUS, 'rong360');
    const cases: Array<[unknown, string]> = [
      [{ ...BODY, phone: '13900139000' }, 'phone'],
      [{ ...BODY, userId: 'someone-else' }, 'userId'],
      [{ ...BODY, mode: 'update' }, 'mode'],
      [{ allowedOrigins: ['https://lender.example/path'] }, 'allowedOrigins.0'],
      [{ allowedOrigins: [] }, 'allowedOrigins'],
      [{}, 'allowedOrigins'],
      [{ ...BODY, expiresInSeconds: 10 }, 'expiresInSeconds'],
      [{ ...BODY, applicant: { contacts: [{ phone: PHONE }] } }, 'applicant.contacts.0.phone'],
    ];
    for (const [body, field] of cases) {
      const response = await post(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json(), JSON.stringify(body)).toMatchObject({ error: { code: 'bad_request', field } });
    }
    // The same userId as before is fine.
    expect((await post({ ...BODY, userId: 'user-42' })).statusCode).toBe(201);
  });

  it("answers 429 with Retry-After when the lender's link creation limit is spent", async () => {
    await makeReady(h.store, PREVIOUS, 'rong360');
    limited = true;
    const response = await post();
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

describe('an update link opening its session', () => {
  it('starts without a number, using the earlier one, its vendor and the earlier session id', async () => {
    await makeReady(h.store, PREVIOUS, 'rong360');
    const answer = await created();
    const admitted = await links.admit({ consent: CONSENT, linkToken: answer.linkToken });
    expect(admitted).toMatchObject({
      id: answer.sessionId,
      phone: PHONE,
      provider: 'rong360',
      link: { lenderId: 'acme', lenderUserId: 'user-42', previousSessionId: PREVIOUS },
    });
    // Used up: the widget now hears "used", and never the number.
    const after = await info(answer.linkToken);
    expect(after).toMatchObject({ state: 'used', mode: 'update' });
    expect(after.maskedPhone).toBeUndefined();
  });

  it('records the consent again for the refresh, with its link id, and shows it in the session view', async () => {
    await makeReady(h.store, PREVIOUS, 'rong360');
    const answer = await created();
    h.clock.advance(5_000);
    await links.admit({ consent: CONSENT, linkToken: answer.linkToken });
    const linkId = (await h.store.links.get(tokenKey(answer.linkToken)))?.linkId;
    expect(await h.store.consents.get(answer.sessionId)).toEqual({
      sessionId: answer.sessionId,
      lenderId: 'acme',
      linkId,
      mode: 'update',
      previousSessionId: PREVIOUS,
      agreementVersion: '2025-01',
      textHash: 'b'.repeat(64),
      acceptedAt: CONSENT.acceptedAt,
      recordedAt: iso(T0 + 5_000),
    });
    const status = SessionStatusResponseSchema.parse((await h.get(`/api/v1/sessions/${answer.sessionId}`)).json());
    expect(status.consent).toEqual({
      linkId,
      mode: 'update',
      agreementVersion: '2025-01',
      textHash: 'b'.repeat(64),
      acceptedAt: CONSENT.acceptedAt,
      recordedAt: iso(T0 + 5_000),
    });
    expect(status).toMatchObject({ mode: 'update', previousSessionId: PREVIOUS });
  });

  it('refuses another number without using the link up, and accepts the right one', async () => {
    await makeReady(h.store, PREVIOUS, 'rong360');
    const answer = await created();
    await expect(links.admit({ phone: '13900139000', consent: CONSENT, linkToken: answer.linkToken })).rejects.toMatchObject({
      status: 422,
      field: 'phone',
    });
    expect((await info(answer.linkToken)).state).toBe('unused');
    expect(await h.store.consents.get(answer.sessionId)).toBeUndefined();
    await expect(links.admit({ phone: PHONE, consent: CONSENT, linkToken: answer.linkToken })).resolves.toMatchObject({ phone: PHONE });
  });

  it('refuses an expired update link with 410 link_expired, recording no consent', async () => {
    await makeReady(h.store, PREVIOUS, 'rong360');
    const answer = await created({ ...BODY, expiresInSeconds: 60 });
    h.clock.advance(61_000);
    await expect(links.admit({ consent: CONSENT, linkToken: answer.linkToken })).rejects.toMatchObject({
      status: 410,
      code: 'link_expired',
    });
    expect(await h.store.consents.get(answer.sessionId)).toBeUndefined();
  });

  it('still requires a number from a first link that fixed none', async () => {
    const first = await links.create('acme', { userId: 'user-42', allowedOrigins: ['https://lender.example'] });
    await expect(links.admit({ consent: CONSENT, linkToken: first.linkToken })).rejects.toMatchObject({ status: 422, field: 'phone' });
    expect((await info(first.linkToken)).state).toBe('unused');
  });

  it('records the consent of a first link too, as mode initial', async () => {
    const first = await links.create('acme', { userId: 'user-42', allowedOrigins: ['https://lender.example'], phone: PHONE });
    await links.admit({ phone: PHONE, consent: CONSENT, linkToken: first.linkToken });
    expect(await h.store.consents.get(first.sessionId)).toMatchObject({
      mode: 'initial',
      previousSessionId: null,
      linkId: expect.stringMatching(/^lnk_/),
    });
    const status = SessionStatusResponseSchema.parse((await h.get(`/api/v1/sessions/${first.sessionId}`)).json());
    expect(status).toMatchObject({ mode: 'initial', previousSessionId: null, consent: { mode: 'initial' } });
  });
});
