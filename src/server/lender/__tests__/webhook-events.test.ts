import { afterEach, describe, expect, it } from 'vitest';
import { createEvent } from '../../webhooks/events';
import type { OutboxEventInput } from '../../store/types';
import { KEY_BANK, T0, iso, lenderHarness } from '../../../test-support/server/lender-harness';
import type { Harness } from '../../../test-support/server/lender-harness';

let h: Harness;
afterEach(async () => h?.close());

const event = (sessionId: string, minutes: number, lenderId = 'acme'): OutboxEventInput =>
  createEvent({
    type: 'authorized',
    lenderId,
    sessionId,
    lenderUserId: 'user-42',
    data: { provider: 'rong360' },
    now: T0 + minutes * 60_000,
  });

const post = (url: string, key?: string) =>
  h.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key ?? 'sk_test_ACME_0123456789abcdefghijkl'}` } });

async function setWebhook() {
  expect((await h.send('PUT', '/api/v1/webhook', { url: 'https://acme.example/hooks' })).statusCode).toBe(200);
}

describe('GET /api/v1/webhook-events', () => {
  it("lists the lender's own events newest first, by delivery state, page by page", async () => {
    h = await lenderHarness();
    const events = [
      event('ses_AAAAAAAAAAAA', 1),
      event('ses_BBBBBBBBBBBB', 2),
      event('ses_AAAAAAAAAAAA', 3),
      event('ses_CCCCCCCCCCCC', 4, 'bank'),
    ];
    await h.store.outbox.enqueue(events);
    await h.store.outbox.markDelivered(events[0]!.id, iso(T0 + 120_000));
    await h.store.outbox.markRetry(events[1]!.id, 1, iso(T0 + 600_000), 'http_500');
    await h.store.outbox.markDead(events[2]!.id, 15, iso(T0 + 900_000), 'timeout');

    const all = (await h.get('/api/v1/webhook-events')).json<{ events: Array<{ id: string; state: string }>; nextCursor: string | null }>();
    expect(all.events.map((e) => [e.id, e.state])).toEqual([
      [events[2]!.id, 'dead'],
      [events[1]!.id, 'failing'],
      [events[0]!.id, 'delivered'],
    ]);
    expect(all.nextCursor).toBeNull();
    expect(all.events[1]).toMatchObject({
      sessionId: 'ses_BBBBBBBBBBBB',
      attempts: 1,
      lastError: 'http_500',
      nextAttemptAt: iso(T0 + 600_000),
      replays: 0,
    });

    const dead = (await h.get('/api/v1/webhook-events?state=dead')).json<{ events: Array<{ id: string }> }>();
    expect(dead.events.map((e) => e.id)).toEqual([events[2]!.id]);
    const one = (await h.get('/api/v1/webhook-events?sessionId=ses_AAAAAAAAAAAA')).json<{ events: unknown[] }>();
    expect(one.events).toHaveLength(2);

    const page1 = (await h.get('/api/v1/webhook-events?limit=2')).json<{ events: Array<{ id: string }>; nextCursor: string }>();
    expect(page1.events).toHaveLength(2);
    const page2 = (await h.get(`/api/v1/webhook-events?limit=2&cursor=${page1.nextCursor}`)).json<{ events: Array<{ id: string }> }>();
    expect(page2.events.map((e) => e.id)).toEqual([events[0]!.id]);

    const bank = (await h.get('/api/v1/webhook-events', KEY_BANK)).json<{ events: Array<{ id: string }> }>();
    expect(bank.events.map((e) => e.id)).toEqual([events[3]!.id]);
  });

  it('refuses malformed filters with a 400 naming them, and an unauthenticated caller with a 401', async () => {
    h = await lenderHarness();
    for (const [query, field] of [
      ['state=lost', 'state'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=not-ours', 'cursor'],
      ['sessionId=nope', 'sessionId'],
    ] as const) {
      const response = await h.get(`/api/v1/webhook-events?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'bad_request', field } });
    }
    expect((await h.get('/api/v1/webhook-events', null)).statusCode).toBe(401);
  });
});

describe('POST /api/v1/webhook-events/{eventId}/replay', () => {
  it('makes a delivered or dead event due again now, with the same id and a fresh budget, and wakes the dispatcher', async () => {
    h = await lenderHarness();
    await setWebhook();
    const [delivered, dead] = [event('ses_AAAAAAAAAAAA', 1), event('ses_AAAAAAAAAAAA', 2)];
    await h.store.outbox.enqueue([delivered!, dead!]);
    await h.store.outbox.markDelivered(delivered!.id, iso(T0 + 120_000));
    await h.store.outbox.markDead(dead!.id, 15, iso(T0 + 900_000), 'http_503');
    h.clock.advance(3_600_000);
    const kicks = h.kicks.count;

    const response = await post(`/api/v1/webhook-events/${dead!.id}/replay`);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({
      id: dead!.id,
      state: 'pending',
      attempts: 0,
      deadAt: null,
      nextAttemptAt: iso(T0 + 3_600_000),
      replays: 1,
      replayedAt: iso(T0 + 3_600_000),
    });
    expect(h.kicks.count).toBe(kicks + 1);
    const due = await h.store.outbox.due(iso(T0 + 3_600_000), 10);
    expect(due.map((e) => e.id)).toEqual([dead!.id]);
    // The body is untouched: the same event, again.
    expect(due[0]?.payload).toEqual(dead!.payload);

    expect((await post(`/api/v1/webhook-events/${delivered!.id}/replay`)).json()).toMatchObject({ state: 'pending', deliveredAt: null });
  });

  it("answers 404 for an unknown event, another lender's event, or no endpoint; 400 for a malformed id", async () => {
    h = await lenderHarness();
    const bankEvent = event('ses_CCCCCCCCCCCC', 1, 'bank');
    await h.store.outbox.enqueue([bankEvent]);
    expect((await post(`/api/v1/webhook-events/${bankEvent.id}/replay`)).json()).toMatchObject({
      error: { code: 'not_found', message: expect.stringContaining('No webhook endpoint') },
    });
    await setWebhook();
    const other = await post(`/api/v1/webhook-events/${bankEvent.id}/replay`);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('No webhook event') } });
    expect((await post('/api/v1/webhook-events/evt_AAAAAAAAAAAAAAAAAAAAAAAA/replay')).statusCode).toBe(404);
    const malformed = await post('/api/v1/webhook-events/nope/replay');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { field: 'eventId' } });
    expect((await h.store.outbox.get(bankEvent.id))?.replays).toBe(0);
  });

  it('refuses more than 30 replays a minute with 429 and Retry-After', async () => {
    h = await lenderHarness();
    await setWebhook();
    const one = event('ses_AAAAAAAAAAAA', 1);
    await h.store.outbox.enqueue([one]);
    for (let i = 0; i < 30; i += 1) expect((await post(`/api/v1/webhook-events/${one.id}/replay`)).statusCode).toBe(202);
    const refused = await post(`/api/v1/webhook-events/${one.id}/replay`);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
