import { afterEach, describe, expect, it } from 'vitest';
import type { DurableStore } from '../../store/types';
import { createWebhookDispatcher, ENDPOINT_BUSY } from '../dispatcher';
import { createEndpointLanes, endpointKey } from '../endpoint-lanes';
import { createSigningSecret } from '../signature';
import { authorizedEvent, eventually, manualClock, memoryStore, recordingLog } from '../../../test-support/server/webhooks';
import { startReceiver } from '../../../test-support/server/webhook-receiver';
import type { Receiver } from '../../../test-support/server/webhook-receiver';

const SECRET = createSigningSecret();

let store: DurableStore | undefined;
const receivers: Receiver[] = [];

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  await store?.close();
  store = undefined;
});

describe('per-endpoint webhook concurrency', () => {
  it('keeps delivering to a second endpoint while the first hangs, and holds the hanging one to its slots', async () => {
    const clock = manualClock();
    const durable = memoryStore(clock.now);
    store = durable;
    let slowHangs = true;
    const slow = await startReceiver(() => (slowHangs ? 'hang' : 200));
    const fast = await startReceiver(() => 200);
    receivers.push(slow, fast);
    const updatedAt = new Date(clock.now()).toISOString();
    await durable.webhooks.put({ lenderId: 'slowco', url: `${slow.url}/hooks`, secret: SECRET, updatedAt });
    await durable.webhooks.put({ lenderId: 'acme', url: `${fast.url}/hooks`, secret: SECRET, updatedAt });
    const dispatcher = createWebhookDispatcher({
      outbox: durable.outbox,
      endpoints: durable.webhooks,
      slots: durable.webhookSlots,
      log: recordingLog(),
      now: clock.now,
      retry: { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 },
      // Longer than the test: the slow endpoint answers only when released.
      timeoutMs: 120_000,
      endpointConcurrency: 1,
      concurrency: 4,
      endpointBusyMs: 5000,
      random: () => 0.5,
    });

    // The slow lender's sessions are older, so they are claimed first.
    const slowEvents = ['ses_SLOW00000001', 'ses_SLOW00000002', 'ses_SLOW00000003'].map((id) => authorizedEvent(id, clock.now(), 'slowco'));
    clock.advance(1);
    const fastEvents = ['ses_FAST00000001', 'ses_FAST00000002', 'ses_FAST00000003'].map((id) => authorizedEvent(id, clock.now(), 'acme'));
    await durable.outbox.enqueue([...slowEvents, ...fastEvents]);

    const firstPass = dispatcher.runOnce();
    await eventually(async () => {
      const states = await Promise.all(fastEvents.map((event) => durable.outbox.get(event.id)));
      return states.every((state) => state?.deliveredAt !== null);
    });
    // One request to the slow endpoint (its cap), still unanswered; its other sessions wait their turn.
    expect(slow.requests).toHaveLength(1);
    expect(fast.requests).toHaveLength(3);

    // A later pass, while the slow endpoint still hangs, delivers new events to the other endpoint
    // at once, and holds a new session of the slow endpoint back without a request.
    clock.advance(10);
    const later = [authorizedEvent('ses_FAST00000004', clock.now(), 'acme'), authorizedEvent('ses_FAST00000005', clock.now(), 'acme')];
    const slowLater = authorizedEvent('ses_SLOW00000004', clock.now(), 'slowco');
    await durable.outbox.enqueue([slowLater, ...later]);
    expect(await dispatcher.runOnce()).toBe(2);
    expect(fast.requests).toHaveLength(5);
    expect(slow.requests).toHaveLength(1);
    expect(await durable.outbox.get(slowLater.id)).toMatchObject({
      attempts: 0,
      lastError: ENDPOINT_BUSY,
      nextAttemptAt: new Date(clock.now() + 5000).toISOString(),
    });

    // Come due while the endpoint still hangs: held back again.
    clock.advance(5000);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(slow.requests).toHaveLength(1);

    // Released: the slow endpoint's sessions go out one at a time, and the held one after them.
    slowHangs = false;
    slow.release(200);
    expect(await firstPass).toBe(6);
    clock.advance(5000);
    expect(await dispatcher.runOnce()).toBe(1);
    const settled = await Promise.all([...slowEvents, slowLater].map((event) => durable.outbox.get(event.id)));
    expect(settled.every((state) => state?.deliveredAt !== null)).toBe(true);
    // Each delivered by exactly one request.
    expect(new Set(slow.requests.map((request) => request.headers['carrierlink-event-id'])).size).toBe(4);
    expect(slow.requests).toHaveLength(4);
  });

  it('never runs more deliveries than the total cap, queueing the rest of a pass behind them', async () => {
    const clock = manualClock();
    const durable = memoryStore(clock.now);
    store = durable;
    const receiver = await startReceiver(() => 'hang');
    receivers.push(receiver);
    const updatedAt = new Date(clock.now()).toISOString();
    // Three lenders on three endpoints (distinct paths share an origin, so distinct ports via query-free URLs).
    const others = [await startReceiver(() => 'hang'), await startReceiver(() => 'hang')];
    receivers.push(...others);
    const urls = [receiver.url, others[0]!.url, others[1]!.url];
    for (const [index, url] of urls.entries()) {
      await durable.webhooks.put({ lenderId: `lender${index}`, url, secret: SECRET, updatedAt });
    }
    const dispatcher = createWebhookDispatcher({
      outbox: durable.outbox,
      endpoints: durable.webhooks,
      slots: durable.webhookSlots,
      log: recordingLog(),
      now: clock.now,
      timeoutMs: 120_000,
      endpointConcurrency: 2,
      concurrency: 2,
    });
    await durable.outbox.enqueue(urls.map((_, index) => authorizedEvent(`ses_CAP0000000${index}`, clock.now(), `lender${index}`)));
    const pass = dispatcher.runOnce();
    await eventually(() => receivers.reduce((sum, r) => sum + r.requests.length, 0) === 2);
    // A pass while every slot is taken claims nothing.
    expect(await dispatcher.runOnce()).toBe(0);
    expect(receivers.reduce((sum, r) => sum + r.requests.length, 0)).toBe(2);
    for (const r of receivers) r.release(200);
    await eventually(() => receivers.reduce((sum, r) => sum + r.requests.length, 0) === 3);
    for (const r of receivers) r.release(200);
    expect(await pass).toBe(3);
  });
});

describe('endpoint lanes', () => {
  it('starts a job only with room on its endpoint and in total', () => {
    const lanes = createEndpointLanes(1, 2);
    for (const key of ['a', 'a', 'b', 'c']) lanes.queue(key);
    expect(lanes.saturated('a')).toBe(false);
    expect([lanes.tryStart('a'), lanes.tryStart('a'), lanes.tryStart('b'), lanes.tryStart('c')]).toEqual([true, false, true, false]);
    lanes.finish('a', 'running');
    expect([lanes.tryStart('c'), lanes.tryStart('a')]).toEqual([true, false]);
    expect(lanes.running()).toBe(2);
    // Its one slot running: saturated; so is an endpoint with enough jobs waiting.
    expect(lanes.saturated('c')).toBe(true);
    for (let i = 0; i < 4; i += 1) lanes.queue('d');
    expect(lanes.saturated('d')).toBe(true);
  });

  it('keys an endpoint by its origin, and a lender without one by the lender', () => {
    expect(endpointKey('acme', 'https://hooks.example.com:8443/a?x=1')).toBe(endpointKey('other', 'https://hooks.example.com:8443/b'));
    expect(endpointKey('acme', 'https://hooks.example.com/a')).not.toBe(endpointKey('acme', 'https://api.example.com/a'));
    expect(endpointKey('acme', undefined)).toBe('none:acme');
  });
});
