import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CARRIERS } from '../../../flow/phone';
import { OutagesResponseSchema } from '../../../flow/schemas';
import type { AnalyticsContext, AnalyticsEventInput } from '../../store/types';
import { openSqliteStore } from '../../store/sqlite/open';
import type { DurableStore } from '../../store/types';
import { createOutageDetector } from '../detector';
import { registerOutageRoutes } from '../outage-routes';

const T0 = Date.parse('2030-03-01T08:00:00.000Z');
const SETTINGS = { windowMinutes: 15, minSessions: 2, failureShare: 0.5, cacheSeconds: 30 };
const TELECOM_SH: AnalyticsContext = { lenderId: 'acme', provider: null, carrier: 'chinaTelecom', province: '上海', demo: false };

let app: FastifyInstance | undefined;
let store: DurableStore | undefined;

afterEach(async () => {
  await app?.close();
  await store?.close();
  app = undefined;
  store = undefined;
});

/** Two sessions of `context` started a minute after T0, both failing upstream. */
function failing(prefix: string, context: AnalyticsContext): AnalyticsEventInput[] {
  const base = { stage: null, screen: null, fields: [], field: null, upstreamCode: null, context, source: 'server' as const };
  return [1, 2].flatMap((n) => [
    { ...base, sessionId: `${prefix}${n}`, at: new Date(T0 + 60_000).toISOString(), kind: 'session_started' as const, code: null },
    { ...base, sessionId: `${prefix}${n}`, at: new Date(T0 + 120_000).toISOString(), kind: 'error' as const, code: 'upstream_unavailable' },
  ]);
}

async function serve(demo: boolean, events: AnalyticsEventInput[] = []) {
  store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 600, now: () => T0 + 180_000 });
  await store.analytics.record(events);
  app = Fastify({ logger: false });
  registerOutageRoutes(app, createOutageDetector({ store: store.analytics, settings: SETTINGS, now: () => T0 + 180_000 }), { demo });
  await app.ready();
  const get = app;
  return async (url: string) => {
    const response = await get.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json<unknown>() };
  };
}

describe('GET /api/outages', () => {
  it("answers the lenders' outages in the published shape, demo sessions apart", async () => {
    const get = await serve(true, [
      ...failing('live', TELECOM_SH),
      ...failing('demo', { ...TELECOM_SH, carrier: 'chinaMobile', demo: true }),
    ]);
    const live = await get('/api/outages');
    expect(live.status).toBe(200);
    expect(OutagesResponseSchema.parse(live.body)).toMatchObject({
      outages: [{ carrier: 'chinaTelecom', province: '上海' }],
      windowMinutes: 15,
    });
    expect(await get('/api/outages?demo=1')).toMatchObject({
      status: 200,
      body: { outages: [{ carrier: 'chinaMobile', province: '上海' }] },
    });
  });

  it('simulates an outage of every carrier for demo sessions only, keeping the real ones', async () => {
    const get = await serve(true, failing('demo', { ...TELECOM_SH, demo: true }));
    const simulated = await get('/api/outages?demo=1&simulate=outage');
    expect(simulated.status).toBe(200);
    const { outages } = OutagesResponseSchema.parse(simulated.body);
    expect(outages).toContainEqual({ carrier: 'chinaTelecom', province: '上海' });
    for (const carrier of CARRIERS) expect(outages).toContainEqual({ carrier, province: null });
    expect(outages).toHaveLength(CARRIERS.length + 1);
    // Without the simulation the demo answer is the real one; lenders' answers never carry it.
    expect(OutagesResponseSchema.parse((await get('/api/outages?demo=1')).body).outages).toEqual([
      { carrier: 'chinaTelecom', province: '上海' },
    ]);
    expect(await get('/api/outages?simulate=outage')).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    expect(await get('/api/outages?demo=0&simulate=outage')).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
  });

  it('refuses demo answers when the server runs without demo mode, and malformed queries', async () => {
    const get = await serve(false);
    expect((await get('/api/outages')).status).toBe(200);
    expect(await get('/api/outages?demo=1')).toMatchObject({ status: 404, body: { error: { code: 'bad_request' } } });
    expect((await get('/api/outages?demo=1&simulate=outage')).status).toBe(404);
    for (const query of ['demo=yes', 'simulate=all&demo=1', 'demo=1&demo=0']) {
      expect(await get(`/api/outages?${query}`), query).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    }
  });
});
