import { afterEach, describe, expect, it } from 'vitest';
import { postgresSchemas } from '../../../test-support/store/postgres';
import type { PostgresStore } from '../../store/postgres';
import { createWebhookDispatcher } from '../dispatcher';
import type { WebhookDispatcher } from '../dispatcher';
import { createSigningSecret } from '../signature';
import { authorizedEvent, eventually, recordingLog } from '../../../test-support/server/webhooks';
import { startReceiver } from '../../../test-support/server/webhook-receiver';
import type { Receiver } from '../../../test-support/server/webhook-receiver';

const postgres = postgresSchemas();
const SECRET = createSigningSecret();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('per-endpoint webhook concurrency across instances on one PostgreSQL', () => {
  it("never has more deliveries in flight to one endpoint than its limit, while another lender's endpoint is delivered", async () => {
    const schema = postgres.schema();
    const stores: PostgresStore[] = [
      await postgres.open({ sessionTtlSeconds: 600, schema }),
      await postgres.open({ sessionTtlSeconds: 600, schema }),
    ];
    cleanups.push(async () => void (await Promise.all(stores.map((store) => store.close()))));
    // The slow endpoint answers nothing until the test releases it; in flight = received since the last release.
    let inFlight = 0;
    let most = 0;
    const slow: Receiver = await startReceiver(() => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      return 'hang';
    });
    const fast: Receiver = await startReceiver(() => 200);
    cleanups.push(
      () => slow.close(),
      () => fast.close(),
    );
    const updatedAt = new Date().toISOString();
    await stores[0]!.webhooks.put({ lenderId: 'slowco', url: `${slow.url}/hooks`, secret: SECRET, updatedAt });
    await stores[0]!.webhooks.put({ lenderId: 'acme', url: `${fast.url}/hooks`, secret: SECRET, updatedAt });
    const now = Date.now() - 60_000;
    const slowEvents = Array.from({ length: 6 }, (_, i) => authorizedEvent(`ses_SLOW0000000${i}`, now + i, 'slowco'));
    const fastEvents = Array.from({ length: 6 }, (_, i) => authorizedEvent(`ses_FAST0000000${i}`, now + 100 + i, 'acme'));
    await stores[0]!.outbox.enqueue([...slowEvents, ...fastEvents]);

    // Each instance alone would let 2 deliveries run to the slow endpoint: 4 between them without shared slots.
    const dispatchers: WebhookDispatcher[] = stores.map((store, i) =>
      createWebhookDispatcher({
        outbox: store.outbox,
        endpoints: store.webhooks,
        slots: store.webhookSlots,
        log: recordingLog(),
        owner: `inst${i}`,
        endpointConcurrency: 2,
        concurrency: 8,
        batch: 4,
        timeoutMs: 60_000,
        endpointBusyMs: 40,
        pollMs: 20,
        random: () => 0.5,
      }),
    );
    cleanups.push(async () => {
      slow.release(200);
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
    });
    for (const dispatcher of dispatchers) dispatcher.start();

    // The other lender's endpoint is served in full while the slow one holds its two slots.
    await eventually(() => fast.requests.length === 6, 10_000);
    await eventually(() => slow.requests.length === 2, 10_000);
    // Both instances keep polling for a while: still two, never a third.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(slow.requests).toHaveLength(2);
    expect(await stores[1]!.webhookSlots.held(new URL(slow.url).origin, new Date().toISOString())).toBe(2);

    // Answered two at a time, the rest go out, never more than two at once.
    await eventually(async () => {
      inFlight = 0;
      slow.release(200);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const states = await Promise.all(slowEvents.map((event) => stores[1]!.outbox.get(event.id)));
      return states.every((state) => state?.deliveredAt !== null);
    }, 15_000);
    expect(most).toBe(2);
    const ids = slow.requests.map((request) => String(request.headers['carrierlink-event-id']));
    expect(new Set(ids).size).toBe(6);
    expect(ids).toHaveLength(6);
  });
});
