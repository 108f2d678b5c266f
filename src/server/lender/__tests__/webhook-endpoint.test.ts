import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookEndpointResponseSchema } from '../schemas';
import { KEY_BANK, T0, iso, lenderHarness } from '../../../test-support/server/lender-harness';
import type { Harness } from '../../../test-support/server/lender-harness';

let h: Harness;

beforeEach(async () => {
  h = await lenderHarness();
});
afterEach(async () => h.close());

const HOOK = 'https://lender.example/webhooks/carrierlink?tenant=7';

async function put(body: unknown, key?: string | null) {
  return h.send('PUT', '/api/v1/webhook', body, key);
}

describe('/api/v1/webhook', () => {
  it('answers 404 until an endpoint is set', async () => {
    const response = await h.get('/api/v1/webhook');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('PUT /api/v1/webhook') } });
  });

  it('sets the endpoint with a new signing secret, wakes the dispatcher and reads it back', async () => {
    const response = await put({ url: HOOK });
    expect(response.statusCode).toBe(200);
    const endpoint = WebhookEndpointResponseSchema.parse(response.json());
    expect(endpoint).toEqual({ url: HOOK, signingSecret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/), updatedAt: iso(T0) });
    expect(h.kicks.count).toBe(1);
    expect((await h.get('/api/v1/webhook')).json()).toEqual(endpoint);
    expect(await h.store.webhooks.get('acme')).toMatchObject({ url: HOOK, secret: endpoint.signingSecret });
  });

  it('keeps the secret when the URL changes and replaces it on rotateSecret', async () => {
    const first = (await put({ url: HOOK })).json<{ signingSecret: string }>();
    h.clock.advance(1000);
    const moved = (await put({ url: 'https://lender.example/new' })).json<{ url: string; signingSecret: string; updatedAt: string }>();
    expect(moved).toEqual({ url: 'https://lender.example/new', signingSecret: first.signingSecret, updatedAt: iso(T0 + 1000) });
    const rotated = (await put({ url: 'https://lender.example/new', rotateSecret: true })).json<{ signingSecret: string }>();
    expect(rotated.signingSecret).not.toBe(first.signingSecret);
    expect((await put({ url: 'https://lender.example/new', rotateSecret: false })).json()).toMatchObject({
      signingSecret: rotated.signingSecret,
    });
  });

  it('accepts http only for localhost and 127.0.0.1', async () => {
    expect((await put({ url: 'http://localhost:8080/hook' })).statusCode).toBe(200);
    expect((await put({ url: 'http://127.0.0.1:9000/hook' })).statusCode).toBe(200);
  });

  it.each([
    [{ url: 'http://lender.example/hook' }, 'url: must use https (http is allowed only for localhost, 127.0.0.1 and [::1])', 'url'],
    [{ url: 'ftp://lender.example/hook' }, 'url: must be an https URL', 'url'],
    [{ url: 'lender.example/hook' }, 'url: must be an absolute URL such as https://lender.example/webhooks/carrierlink', 'url'],
    [
      { url: 'https://user:pass@lender.example/hook' },
      'url: must not contain credentials (user:password@): verify our signature instead',
      'url',
    ],
    [{ url: 'https://lender.example/hook#part' }, 'url: must not contain a #fragment', 'url'],
    [{ url: `https://lender.example/${'a'.repeat(2048)}` }, 'url: must be at most 2048 characters', 'url'],
    [{ url: 42 }, 'url: must be a string holding an https URL', 'url'],
    [{}, 'url: is required', 'url'],
    [{ url: HOOK, rotateSecret: 'yes' }, 'rotateSecret: must be true or false', 'rotateSecret'],
    [{ url: HOOK, secret: 'whsec_mine' }, 'secret: is not a known key', 'secret'],
  ])('refuses %j with a 400 naming the field', async (body, message, field) => {
    const response = await put(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'bad_request', message, field } });
    expect(await h.store.webhooks.get('acme')).toBeUndefined();
    expect(h.kicks.count).toBe(0);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await put('{"url":');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(response.body).not.toContain('{"url":');
  });

  it("never shows one lender another's endpoint or secret", async () => {
    const acme = (await put({ url: HOOK })).json<{ signingSecret: string }>();
    expect((await h.get('/api/v1/webhook', KEY_BANK)).statusCode).toBe(404);
    const bank = await put({ url: 'https://bank.example/hook' }, KEY_BANK);
    expect(bank.json()).toMatchObject({ url: 'https://bank.example/hook' });
    expect(bank.body).not.toContain(acme.signingSecret);
    expect((await h.get('/api/v1/webhook')).json()).toMatchObject({ url: HOOK, signingSecret: acme.signingSecret });
  });

  it('removes the endpoint with DELETE (204), after which GET is 404 and a new PUT gets a new secret', async () => {
    const first = (await put({ url: HOOK })).json<{ signingSecret: string }>();
    const removed = await h.send('DELETE', '/api/v1/webhook');
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect((await h.get('/api/v1/webhook')).statusCode).toBe(404);
    expect((await h.send('DELETE', '/api/v1/webhook')).statusCode).toBe(204);
    expect((await put({ url: HOOK })).json<{ signingSecret: string }>().signingSecret).not.toBe(first.signingSecret);
  });

  it('requires the API key for every method', async () => {
    for (const response of [
      await h.get('/api/v1/webhook', null),
      await put({ url: HOOK }, null),
      await h.send('DELETE', '/api/v1/webhook', undefined, null),
    ]) {
      expect(response.statusCode).toBe(401);
    }
  });
});
