import { afterEach, describe, expect, it } from 'vitest';
import type { DurableStore } from '../../store/types';
import { createWebhookDispatcher, retryDelayMs } from '../dispatcher';
import type { WebhookDispatcherOptions } from '../dispatcher';
import { createSigningSecret, verifyWebhook } from '../signature';
import { authorizedEvent, dataReadyEvent, eventually, manualClock, memoryStore, recordingLog } from '../../../test-support/server/webhooks';
import { startReceiver } from '../../../test-support/server/webhook-receiver';
import type { Receiver, ReceiverAction } from '../../../test-support/server/webhook-receiver';

const SECRET = createSigningSecret();
const RETRY = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 };

let store: DurableStore;
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await store.close();
});

/** A store, a receiver answering with `actions` in turn (then 200), a hand-driven clock and a dispatcher. */
async function setup(
  actions: ReceiverAction[] | ((path: string, index: number) => ReceiverAction),
  options: Partial<WebhookDispatcherOptions> = {},
  path = '/hooks?token=lender-own-token',
) {
  const clock = manualClock();
  store = memoryStore(clock.now);
  receiver = await startReceiver((request, index) =>
    typeof actions === 'function' ? actions(request.path, index) : (actions[index] ?? 200),
  );
  await store.webhooks.put({
    lenderId: 'acme',
    url: `${receiver.url}${path}`,
    secret: SECRET,
    updatedAt: new Date(clock.now()).toISOString(),
  });
  const log = recordingLog();
  const dispatcher = createWebhookDispatcher({
    outbox: store.outbox,
    endpoints: store.webhooks,
    slots: store.webhookSlots,
    log,
    now: clock.now,
    retry: RETRY,
    timeoutMs: 300,
    random: () => 0.5,
    ...options,
  });
  return { clock, log, dispatcher, receiver };
}

describe('webhook dispatcher', () => {
  it('delivers on the third attempt after a 500 and a timeout, with the same id and a valid signature every time', async () => {
    const { clock, dispatcher, receiver } = await setup([500, 'hang', 200]);
    const event = authorizedEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([event]);
    const signedAt: number[] = [];

    signedAt.push(clock.now());
    expect(await dispatcher.runOnce()).toBe(1);
    expect(await store.outbox.get(event.id)).toMatchObject({
      attempts: 1,
      lastError: 'http_500',
      nextAttemptAt: new Date(clock.now() + 1000).toISOString(),
    });
    // Not due yet: nothing is sent.
    expect(await dispatcher.runOnce()).toBe(0);

    clock.advance(1000);
    signedAt.push(clock.now());
    expect(await dispatcher.runOnce()).toBe(1);
    expect(await store.outbox.get(event.id)).toMatchObject({
      attempts: 2,
      lastError: 'unreachable',
      nextAttemptAt: new Date(clock.now() + 2000).toISOString(),
    });

    clock.advance(2000);
    signedAt.push(clock.now());
    expect(await dispatcher.runOnce()).toBe(1);
    const delivered = await store.outbox.get(event.id);
    expect(delivered?.deliveredAt).toBe(new Date(clock.now()).toISOString());

    clock.advance(60_000);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(receiver.requests).toHaveLength(3);
    receiver.requests.forEach((request, index) => {
      expect(request.headers['carrierlink-event-id']).toBe(event.id);
      expect(request.headers['idempotency-key']).toBe(event.id);
      expect(request.headers['carrierlink-event-type']).toBe('authorized');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toBe('CarrierLink-Webhooks/1');
      expect(JSON.parse(request.body)).toEqual(event.payload);
      const nowSeconds = Math.floor((signedAt[index] ?? 0) / 1000);
      expect(verifyWebhook(SECRET, String(request.headers['carrierlink-signature']), request.body, nowSeconds)).toBe(true);
    });
  });

  it('counts a dropped connection as a failed attempt and retries it', async () => {
    const { clock, dispatcher, receiver } = await setup(['reset', 204]);
    const event = authorizedEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([event]);
    await dispatcher.runOnce();
    expect((await store.outbox.get(event.id))?.lastError).toBe('unreachable');
    clock.advance(1000);
    await dispatcher.runOnce();
    expect((await store.outbox.get(event.id))?.deliveredAt).not.toBeNull();
    expect(receiver.requests).toHaveLength(2);
  });

  it('gives an event up after maxAttempts, warns without the body, secret or query, and then lets the session go on', async () => {
    const { clock, dispatcher, receiver, log } = await setup(
      () => 503,
      { retry: { ...RETRY, maxAttempts: 3 } },
      '/give-up?token=lender-own-token',
    );
    const first = authorizedEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([first]);
    for (let i = 0; i < 5; i += 1) {
      await dispatcher.runOnce();
      clock.advance(60_000);
    }
    const dead = await store.outbox.get(first.id);
    expect(dead).toMatchObject({ attempts: 3, lastError: 'http_503', deliveredAt: null });
    expect(dead?.deadAt).not.toBeNull();
    expect(receiver.requests).toHaveLength(3);
    const warnings = log.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.context).toMatchObject({ event: first.id, attempt: 3, error: 'http_503', host: new URL(receiver.url).host });
    expect(log.text()).not.toContain(SECRET);
    expect(log.text()).not.toContain('lender-own-token');
    expect(log.text()).not.toContain('user-42');

    // A dead event no longer holds its session back.
    const second = dataReadyEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([second]);
    await dispatcher.runOnce();
    expect((await store.outbox.get(second.id))?.attempts).toBe(1);
  });

  it('gives an event up at its first failed attempt past the retry window, not before', async () => {
    const { clock, dispatcher } = await setup(() => 503, { retry: { ...RETRY, maxAttempts: 1000 }, retryWindowMs: 72 * 3_600_000 });
    const event = authorizedEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([event]);
    await dispatcher.runOnce();
    clock.advance(72 * 3_600_000 - 1);
    await dispatcher.runOnce();
    expect(await store.outbox.get(event.id)).toMatchObject({ attempts: 2, deadAt: null });
    clock.advance(60_000);
    await dispatcher.runOnce();
    const dead = await store.outbox.get(event.id);
    expect(dead).toMatchObject({ attempts: 3, lastError: 'http_503' });
    expect(dead?.deadAt).not.toBeNull();
  });

  it('gives a replayed event the whole retry window again, counted from the replay', async () => {
    const { clock, dispatcher } = await setup(() => 503, { retry: { ...RETRY, maxAttempts: 1000 }, retryWindowMs: 72 * 3_600_000 });
    const event = authorizedEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([event]);
    await dispatcher.runOnce();
    clock.advance(72 * 3_600_000 + 60_000);
    await dispatcher.runOnce();
    expect((await store.outbox.get(event.id))?.deadAt).not.toBeNull();
    await store.outbox.replay(event.id, 'acme', new Date(clock.now()).toISOString());
    await dispatcher.runOnce();
    expect(await store.outbox.get(event.id)).toMatchObject({ attempts: 1, deadAt: null, lastError: 'http_503' });
    clock.advance(72 * 3_600_000 - 1);
    await dispatcher.runOnce();
    expect(await store.outbox.get(event.id)).toMatchObject({ attempts: 2, deadAt: null });
    clock.advance(60_000);
    await dispatcher.runOnce();
    expect((await store.outbox.get(event.id))?.deadAt).not.toBeNull();
  });

  it('keeps events of one session in order and does not hold other sessions back', async () => {
    const { clock, dispatcher, receiver } = await setup((_path, index) => (index === 0 ? 500 : 200), { concurrency: 1 });
    const authorized = authorizedEvent('ses_AAAAAAAAAAAA', clock.now());
    const other = authorizedEvent('ses_BBBBBBBBBBBB', clock.now());
    await store.outbox.enqueue([authorized, other]);
    // Concurrency 1: the failing session is served first, and the other is still delivered in the same pass.
    await dispatcher.runOnce();
    expect(receiver.requests.map((r) => r.headers['carrierlink-event-id'])).toEqual([authorized.id, other.id]);
    expect((await store.outbox.get(other.id))?.deliveredAt).not.toBeNull();

    // data_ready arrives while authorized waits for its retry: it waits too.
    clock.advance(10);
    const ready = dataReadyEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([ready]);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(await store.outbox.get(ready.id)).toMatchObject({
      attempts: 0,
      nextAttemptAt: (await store.outbox.get(authorized.id))?.nextAttemptAt,
    });

    clock.advance(1000);
    expect(await dispatcher.runOnce()).toBe(2);
    expect(receiver.requests.slice(2).map((r) => r.headers['carrierlink-event-type'])).toEqual(['authorized', 'data_ready']);
    expect((await store.outbox.get(ready.id))?.deliveredAt).not.toBeNull();
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const { clock, dispatcher, receiver } = await setup((path) => (path.startsWith('/elsewhere') ? 200 : { redirect: '/elsewhere' }));
    const event = authorizedEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([event]);
    await dispatcher.runOnce();
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hooks?token=lender-own-token']);
    expect(await store.outbox.get(event.id)).toMatchObject({ attempts: 1, lastError: 'http_302', deliveredAt: null });
  });

  it('waits with backoff while the lender has no endpoint, and delivers once one is set', async () => {
    const { clock, dispatcher, receiver } = await setup([]);
    await store.webhooks.delete('acme');
    const event = authorizedEvent('ses_AAAAAAAAAAAA', clock.now());
    await store.outbox.enqueue([event]);
    await dispatcher.runOnce();
    expect(await store.outbox.get(event.id)).toMatchObject({
      attempts: 1,
      lastError: 'no_endpoint',
      nextAttemptAt: new Date(clock.now() + 1000).toISOString(),
    });
    await store.webhooks.put({ lenderId: 'acme', url: receiver.url, secret: SECRET, updatedAt: new Date(clock.now()).toISOString() });
    clock.advance(1000);
    await dispatcher.runOnce();
    expect((await store.outbox.get(event.id))?.deliveredAt).not.toBeNull();
    expect(receiver.requests).toHaveLength(1);
  });

  it('never runs two passes at once: concurrent runOnce calls deliver an event once', async () => {
    const { clock, dispatcher, receiver } = await setup([]);
    await store.outbox.enqueue([authorizedEvent('ses_AAAAAAAAAAAA', clock.now())]);
    const counts = await Promise.all([dispatcher.runOnce(), dispatcher.runOnce(), dispatcher.runOnce()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it('delivers soon after kick() once started, and stop() waits for the delivery in flight', async () => {
    const { dispatcher, receiver } = await setup([], { now: Date.now, pollMs: 60_000 });
    const event = authorizedEvent('ses_AAAAAAAAAAAA', Date.now());
    dispatcher.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The first pass found nothing; without a kick the next would come a minute later.
    await store.outbox.enqueue([event]);
    dispatcher.kick();
    await eventually(() => receiver.requests.length === 1);
    await eventually(async () => (await store.outbox.get(event.id))?.deliveredAt !== null);
    await dispatcher.stop();

    // A slow receiver: stop() resolves only after the delivery is recorded.
    const slow = await startReceiver(() => 'hang');
    await store.webhooks.put({ lenderId: 'acme', url: slow.url, secret: SECRET, updatedAt: new Date().toISOString() });
    const second = authorizedEvent('ses_BBBBBBBBBBBB', Date.now());
    await store.outbox.enqueue([second]);
    dispatcher.start();
    await eventually(() => slow.requests.length === 1);
    await dispatcher.stop();
    expect((await store.outbox.get(second.id))?.lastError).toBe('unreachable');
    await slow.close();
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base, caps at the maximum and spreads by at most 20%', () => {
    const policy = { baseMs: 1000, maxMs: 5000 };
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, policy, () => 0.5))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(retryDelayMs(2, policy, () => 0)).toBe(1600);
    expect(retryDelayMs(2, policy, () => 0.999_999)).toBe(2400);
  });

  it('uses the default policy of 5 s doubling up to an hour', () => {
    const policy = { baseMs: 5000, maxMs: 3_600_000 };
    expect(retryDelayMs(1, policy, () => 0.5)).toBe(5000);
    expect(retryDelayMs(14, policy, () => 0.5)).toBe(3_600_000);
  });
});
