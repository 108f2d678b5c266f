import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LINK_TOKEN_PATTERN } from '../../../flow';
import { ErrorResponseSchema, LinkInfoResponseSchema } from '../../../flow/schemas';
import { createFakeAdapter } from '../../../test-support/server/fake-adapter';
import { createTestApp } from '../../../test-support/server/test-app';
import type { TestApp } from '../../../test-support/server/test-app';
import { tokenKey } from '../../session/token';
import { createMemoryLinkStore } from '../store';
import { API_KEYS, KEY_ACME, KEY_BANK, ORIGIN, createLink, linkInfo, postLink } from '../../../test-support/server/link';

const T0 = Date.parse('2030-03-01T08:00:00.000Z');
let clock = T0;
let t: TestApp;
let store: ReturnType<typeof createMemoryLinkStore>;
const ID_CARD = '11010519491231002X';

beforeEach(async () => {
  clock = T0;
  store = createMemoryLinkStore({ now: () => clock });
  t = await createTestApp({ adapter: createFakeAdapter(), now: () => clock, links: { apiKeys: API_KEYS, ttlSeconds: 900, store } });
});
afterEach(async () => {
  await t.close();
  await store.close();
});

/** The 400 answer's message and field. */
async function refusal(body: unknown): Promise<{ message: string; field: string | undefined }> {
  const response = await postLink(t.app, body);
  expect(response.statusCode, response.body).toBe(400);
  const { error } = ErrorResponseSchema.parse(response.json());
  expect(error.code).toBe('bad_request');
  return { message: error.message, field: error.field };
}

const VALID = { userId: 'user-42', allowedOrigins: [ORIGIN] };

describe('POST /api/link-tokens', () => {
  it('creates a single-use link token for the lender whose key is given', async () => {
    const response = await postLink(t.app, { ...VALID, phone: '13800138000', locale: 'en', expiresInSeconds: 120 });
    expect(response.statusCode).toBe(201);
    const created = response.json<{ linkToken: string; sessionId: string; expiresAt: string }>();
    expect(Object.keys(created).sort()).toEqual(['expiresAt', 'linkToken', 'sessionId']);
    expect(created.linkToken).toMatch(LINK_TOKEN_PATTERN);
    expect(created.sessionId).toMatch(/^ses_[A-Za-z0-9_-]{12}$/);
    expect(created.expiresAt).toBe('2030-03-01T08:02:00.000Z');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
    // Only the hash is stored.
    const stored = await store.get(tokenKey(created.linkToken));
    expect(stored).toMatchObject({
      lenderId: 'acme',
      lenderUserId: 'user-42',
      sessionId: created.sessionId,
      phone: '13800138000',
      locale: 'en',
    });
    expect(await store.get(created.linkToken)).toBeUndefined();
    const bank = await createLink(t.app, {}, KEY_BANK);
    expect((await store.get(tokenKey(bank.linkToken)))?.lenderId).toBe('bank');
    expect(bank.expiresAt).toBe('2030-03-01T08:15:00.000Z');
  });

  it('answers the same 401 without a key and with a wrong one, before reading the body', async () => {
    const answers = [
      await postLink(t.app, VALID, null),
      await postLink(t.app, VALID, `${KEY_ACME}x`),
      await postLink(t.app, VALID, 'sk_not_a_key_of_anyone_at_all_000'),
      await postLink(t.app, '{"userId": ', 'wrong'),
      await t.app.inject({ method: 'POST', url: '/api/link-tokens', headers: { authorization: `Basic ${KEY_ACME}` }, payload: VALID }),
    ];
    for (const response of answers) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: { code: 'unauthorized', message: 'Missing or unknown API key: send Authorization: Bearer <your API key>', retryable: false },
      });
    }
    expect(store.size()).toBe(0);
  });

  it('names the first bad path and why, in English', async () => {
    const cases: Array<[unknown, string, string | undefined]> = [
      [{ ...VALID, allowedOrigins: ['https://lender.example/'] }, 'allowedOrigins.0', 'no path or trailing slash'],
      [
        { ...VALID, allowedOrigins: [ORIGIN, 'http://lender.example'] },
        'allowedOrigins.1',
        'must use https (http is allowed only for localhost, 127.0.0.1 and [::1])',
      ],
      [{ ...VALID, allowedOrigins: ['*'] }, 'allowedOrigins.0', 'must be an origin such as https://lender.example'],
      [{ ...VALID, allowedOrigins: ['https://Lender.example'] }, 'allowedOrigins.0', 'https://lender.example'],
      [{ ...VALID, allowedOrigins: [ORIGIN, ORIGIN] }, 'allowedOrigins.1', 'repeats an earlier origin'],
      [{ ...VALID, allowedOrigins: [] }, 'allowedOrigins', 'must list 1 to 10 origins'],
      [
        { ...VALID, allowedOrigins: Array.from({ length: 11 }, (_, i) => `https://l${i}.example`) },
        'allowedOrigins',
        'must list 1 to 10 origins',
      ],
      [{ allowedOrigins: [ORIGIN] }, 'userId', 'is required'],
      [{ ...VALID, userId: 'user 42' }, 'userId', 'must be 1 to 64 characters'],
      [{ ...VALID, phone: '12345' }, 'phone', 'mainland China mobile number'],
      [{ ...VALID, applicant: { idCard: '110105194912310021' } }, 'applicant.idCard', 'check character'],
      [{ ...VALID, applicant: { name: '' } }, 'applicant.name', 'must not be empty'],
      [
        { ...VALID, applicant: { contacts: [{ phone: '13912345678', relation: '配偶' }] } },
        'applicant.contacts.0.relation',
        'is not a known key',
      ],
      [{ ...VALID, applicant: { contacts: [] } }, 'applicant.contacts', 'must list 1 to 10 contacts'],
      [
        { ...VALID, phone: '13800138000', applicant: { contacts: [{ phone: '13800138000' }] } },
        'applicant.contacts.0.phone',
        "applicant's own number",
      ],
      [{ ...VALID, allowedOrigin: [ORIGIN] }, 'allowedOrigin', 'is not a known key'],
      [{ ...VALID, locale: 'fr' }, 'locale', 'must be one of: zh-CN, en'],
      [{ ...VALID, expiresInSeconds: 901 }, 'expiresInSeconds', 'must be at most 900 (LINK_TOKEN_TTL_SECONDS)'],
      [{ ...VALID, expiresInSeconds: 59 }, 'expiresInSeconds', 'must be at least 60'],
      [{ ...VALID, expiresInSeconds: 90.5 }, 'expiresInSeconds', 'whole number'],
      [[VALID], 'body', undefined],
    ];
    for (const [body, path, why] of cases) {
      const { message, field } = await refusal(body);
      expect(message.startsWith(`${path}: `), message).toBe(true);
      if (why) expect(message).toContain(why);
      expect(field).toBe(path === 'body' ? undefined : path);
      expect(message).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(store.size()).toBe(0);
  });

  it('accepts http origins on this machine and a full applicant, storing the ID card upper-case and contacts by priority', async () => {
    const origins = ['http://localhost:3001', 'http://127.0.0.1:8080', 'http://[::1]:9000', 'https://lender.example:8443'];
    const created = await createLink(t.app, {
      allowedOrigins: origins,
      applicant: {
        name: ' 李四 ',
        idCard: ID_CARD.toLowerCase(),
        contacts: [{ phone: '13912345678', name: '王五', relationship: '配偶' }, { phone: '18611112222' }],
      },
    });
    const stored = await store.get(tokenKey(created.linkToken));
    expect(stored?.allowedOrigins).toEqual(origins);
    expect(stored?.applicant).toEqual({
      name: '李四',
      idCard: ID_CARD,
      contacts: [
        { phone: '13912345678', name: '王五', relationship: '配偶', priority: 1 },
        { phone: '18611112222', priority: 2 },
      ],
    });
  });

  it('refuses bodies over 16 KB and malformed JSON with 400', async () => {
    const big = await postLink(t.app, { ...VALID, userId: 'x'.repeat(20_000) });
    expect(big.statusCode).toBe(400);
    const broken = await postLink(t.app, '{"userId": ');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('bad_request');
  });

  it('logs the lender, session and origin count only, never the token, key or personal data', async () => {
    const created = await createLink(t.app, {
      phone: '13800138000',
      applicant: { name: '李四', idCard: ID_CARD, contacts: [{ phone: '13912345678' }] },
    });
    await postLink(t.app, VALID, 'sk_wrong_key_0123456789abcdefghij');
    const line = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'link token created');
    expect(line).toMatchObject({ lenderId: 'acme', session: created.sessionId, origins: 1 });
    const all = t.logs.join('\n');
    for (const secret of [
      created.linkToken,
      tokenKey(created.linkToken),
      KEY_ACME,
      'sk_wrong_key',
      '13800138000',
      '李四',
      ID_CARD,
      '13912345678',
      'user-42',
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('GET /api/link', () => {
  it('answers the link while unused, with the fixed phone and locale', async () => {
    const created = await createLink(t.app, { phone: '13800138000', locale: 'en', allowedOrigins: [ORIGIN, 'https://m.lender.example'] });
    const response = await linkInfo(t.app, created.linkToken);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(LinkInfoResponseSchema.parse(response.json())).toEqual({
      state: 'unused',
      allowedOrigins: [ORIGIN, 'https://m.lender.example'],
      phone: '13800138000',
      locale: 'en',
      expiresAt: created.expiresAt,
    });
  });

  it('still answers an expired link, without the phone, until a day after expiry', async () => {
    const created = await createLink(t.app, { phone: '13800138000', expiresInSeconds: 60 });
    clock += 60_000;
    const expired = await linkInfo(t.app, created.linkToken);
    expect(expired.json()).toEqual({ state: 'expired', allowedOrigins: [ORIGIN], expiresAt: created.expiresAt });
    clock += 24 * 3600_000;
    expect((await linkInfo(t.app, created.linkToken)).statusCode).toBe(404);
  });

  it('answers a used link as used, without the phone', async () => {
    const created = await createLink(t.app, { phone: '13800138000' });
    expect(await store.consume(tokenKey(created.linkToken), clock)).toBe('ok');
    expect((await linkInfo(t.app, created.linkToken)).json()).toEqual({
      state: 'used',
      allowedOrigins: [ORIGIN],
      expiresAt: created.expiresAt,
    });
  });

  it('answers 404 link_not_found to an unknown, malformed or missing link token', async () => {
    const answers = [
      await linkInfo(t.app, `lt_${'A'.repeat(43)}`),
      await linkInfo(t.app, 'lt_short'),
      await linkInfo(t.app, KEY_ACME),
      await t.app.inject({ method: 'GET', url: '/api/link' }),
    ];
    for (const response of answers) {
      expect(response.statusCode).toBe(404);
      expect(ErrorResponseSchema.parse(response.json()).error.code).toBe('link_not_found');
    }
  });
});
