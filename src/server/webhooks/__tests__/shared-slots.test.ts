import { afterEach, describe, expect, it } from 'vitest';
import type { DurableStore } from '../../store/types';
import { createWebhookDispatcher, ENDPOINT_BUSY, WEBHOOK_SLOT_LEASE_MS } from '../dispatcher';
import { createSigningSecret } from '../signature';
import { authorizedEvent, manualClock, memoryStore, recordingLog } from '../../../test-support/server/webhooks';
import { startReceiver } from '../../../test-support/server/webhook-receiver';
import type { Receiver } from '../../../test-support/server/webhook-receiver';

const SECRET = createSigningSecret();

let store: DurableStore | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  await store?.close();
  receiver = undefined;
  store = undefined;
});

/** A store whose endpoint `acme` posts to a real receiver, and a dispatcher with one slot per endpoint. */
async function setup() {
  const clock = manualClock();
  const durable = memoryStore(clock.now);
  store = durable;
  receiver = await startReceiver(() => 200);
  const endpoint = new URL(receiver.url).origin;
  await durable.webhooks.put({
    lenderId: 'acme',
    url: `${receiver.url}/hooks`,
    secret: SECRET,
    updatedAt: new Date(clock.now()).toISOString(),
  });
  const log = recordingLog();
  const dispatcher = createWebhookDispatcher({
    outbox: durable.outbox,
    endpoints: durable.webhooks,
    slots: durable.webhookSlots,
    log,
    now: clock.now,
    timeoutMs: 5000,
    endpointConcurrency: 1,
    endpointBusyMs: 3000,
    // Asked again for a moment before the session is held back.
    slotWaitMs: 200,
    random: () => 0.5,
  });
  return { clock, durable, endpoint, dispatcher, log, receiver };
}

describe('webhook endpoint slots shared through the store', () => {
  it("holds a session back without a request while another instance holds the endpoint's slots, and delivers once freed", async () => {
    const { clock, durable, endpoint, dispatcher, log, receiver } = await setup();
    // Another instance on the same store is delivering to this endpoint.
    const elsewhere = await durable.webhookSlots.acquire(
      endpoint,
      1,
      { owner: 'inst-b:webhooks', ms: WEBHOOK_SLOT_LEASE_MS },
      new Date(clock.now()).toISOString(),
    );
    expect(elsewhere).toBeDefined();
    const event = authorizedEvent('ses_SHARED000001', clock.now());
    await durable.outbox.enqueue([event]);

    expect(await dispatcher.runOnce()).toBe(0);
    expect(receiver.requests).toHaveLength(0);
    expect(await durable.outbox.get(event.id)).toMatchObject({
      attempts: 0,
      lastError: ENDPOINT_BUSY,
      nextAttemptAt: new Date(clock.now() + 3000).toISOString(),
      deliveredAt: null,
    });
    expect(log.lines.some((line) => line.message === 'webhook endpoint busy')).toBe(true);

    await durable.webhookSlots.release(elsewhere!);
    clock.advance(3000);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    expect((await durable.outbox.get(event.id))?.deliveredAt).not.toBeNull();
    // The delivery gave its slot back.
    expect(await durable.webhookSlots.held(endpoint, new Date(clock.now()).toISOString())).toBe(0);
  });

  it('waits a moment for a slot another instance is about to free, rather than holding the session back', async () => {
    const { clock, durable, endpoint, dispatcher, receiver } = await setup();
    const elsewhere = await durable.webhookSlots.acquire(
      endpoint,
      1,
      { owner: 'inst-b:webhooks', ms: WEBHOOK_SLOT_LEASE_MS },
      new Date(clock.now()).toISOString(),
    );
    const event = authorizedEvent('ses_SHARED000004', clock.now());
    await durable.outbox.enqueue([event]);
    const pass = dispatcher.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 40));
    await durable.webhookSlots.release(elsewhere!);
    expect(await pass).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const delivered = await durable.outbox.get(event.id);
    expect(delivered?.deliveredAt).not.toBeNull();
    // Never held back.
    expect(delivered?.lastError).toBeNull();
  });

  it('takes over the slot of an instance that died once its lease has run out', async () => {
    const { clock, durable, endpoint, dispatcher, receiver } = await setup();
    await durable.webhookSlots.acquire(
      endpoint,
      1,
      { owner: 'dead:webhooks', ms: WEBHOOK_SLOT_LEASE_MS },
      new Date(clock.now()).toISOString(),
    );
    const event = authorizedEvent('ses_SHARED000002', clock.now());
    await durable.outbox.enqueue([event]);
    expect(await dispatcher.runOnce()).toBe(0);

    clock.advance(WEBHOOK_SLOT_LEASE_MS);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    expect((await durable.outbox.get(event.id))?.deliveredAt).not.toBeNull();
  });

  it('leaves the events claimable when the store cannot hand out a slot, and delivers on the next pass', async () => {
    const { clock, durable, dispatcher, log, receiver } = await setup();
    const acquire = durable.webhookSlots.acquire;
    durable.webhookSlots.acquire = () => Promise.reject(new Error('database is locked'));
    const event = authorizedEvent('ses_SHARED000003', clock.now());
    await durable.outbox.enqueue([event]);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(log.lines.some((line) => line.level === 'error' && line.message === 'webhook endpoint slot unavailable')).toBe(true);
    expect(await durable.outbox.get(event.id)).toMatchObject({ attempts: 0, lastError: null });

    durable.webhookSlots.acquire = acquire;
    expect(await dispatcher.runOnce()).toBe(1);
    expect(receiver.requests).toHaveLength(1);
  });
});
