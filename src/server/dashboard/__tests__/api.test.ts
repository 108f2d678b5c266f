import { afterEach, describe, expect, it } from 'vitest';
import type { FormStep } from '../../../flow';
import {
  FunnelResponseSchema,
  SessionDetailResponseSchema,
  SessionListResponseSchema,
  SessionReportResponseSchema,
  WebhookEventListResponseSchema,
} from '../../../flow/dashboard-api';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../../../providers/rong360/sandbox';
import { collectedData } from '../../../test-support/store/fixtures';
import { KEY_ACME, KEY_BANK, dashboardHarness } from '../../../test-support/server/dashboard-harness';
import type { DashboardHarness } from '../../../test-support/server/dashboard-harness';

let h: DashboardHarness;
afterEach(async () => h?.close());

const get = (url: string, key = KEY_ACME) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
const kind = (step: unknown, fieldKind: string) => (step as FormStep).fields.find((f) => f.kind === fieldKind)?.id ?? '';

/** One authorized link session of acme's, one abandoned at the password step, one link of bank's. */
async function seed() {
  const done = await h.link({ phone: '13800138000' });
  const started = await h.start('13800138000', done.linkToken);
  await h.submit(started.token, started.step.id, { [kind(started.step, 'servicePassword')]: '000000' });
  const again = await h.submit(started.token, started.step.id, { [kind(started.step, 'servicePassword')]: SANDBOX_PASSWORD });
  await h.submit(started.token, again.step.id, { [kind(again.step, 'smsCode')]: SANDBOX_SMS_CODE });
  const abandoned = await h.link();
  const other = await h.start('13000138007', abandoned.linkToken);
  await h.browser(other.token, { events: [{ kind: 'exit', reason: 'user_closed', screen: 'authorize', fields: ['servicePassword'] }] });
  const bank = await h.link({}, KEY_BANK);
  return { done, abandoned, bank };
}

describe('dashboard API', () => {
  it("answers the lender's funnel from its own sessions, in the documented shape", async () => {
    h = await dashboardHarness();
    await seed();
    const response = await get('/api/dashboard/funnel');
    expect(response.statusCode).toBe(200);
    const funnel = FunnelResponseSchema.parse(response.json());
    expect(funnel.totals).toMatchObject({ sessions: 2, links: 2, started: 2, authorized: 1 });
    expect(funnel.stages.find((s) => s.stage === 'password')).toMatchObject({
      reached: 2,
      passed: 1,
      topErrors: [{ code: 'password_incorrect', count: 1, sessions: 1 }],
    });
    expect(funnel.exits).toEqual([{ stage: 'password', reason: 'user_closed', count: 1 }]);
    expect(funnel.breakdown.carrier.map((row) => [row.value, row.sessions])).toEqual([
      ['chinaMobile', 1],
      ['chinaUnicom', 1],
    ]);
    const bank = FunnelResponseSchema.parse((await get('/api/dashboard/funnel', KEY_BANK)).json());
    expect(bank.totals).toMatchObject({ sessions: 1, links: 1, started: 0 });
  });

  it('filters by vendor, carrier, province and date range, and refuses a bad filter with a 400', async () => {
    h = await dashboardHarness();
    await seed();
    const unicom = FunnelResponseSchema.parse((await get('/api/dashboard/funnel?carrier=chinaUnicom')).json());
    expect(unicom.totals.sessions).toBe(1);
    const dianhua = FunnelResponseSchema.parse((await get('/api/dashboard/funnel?provider=dianhua')).json());
    expect(dianhua.totals.sessions).toBe(0);
    const future = new Date(h.now() + 86_400_000).toISOString();
    const later = FunnelResponseSchema.parse(
      (await get(`/api/dashboard/funnel?from=${future}&to=${new Date(h.now() + 2 * 86_400_000).toISOString()}`)).json(),
    );
    expect(later.totals.sessions).toBe(0);
    for (const query of [
      'carrier=att',
      'provider=nope',
      'from=yesterday',
      `from=${future}&to=${new Date(0).toISOString()}`,
      `from=${new Date(0).toISOString()}`,
    ]) {
      const refused = await get(`/api/dashboard/funnel?${query}`);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });

  it("lists the lender's sessions and shows one with its timeline; another lender's is a 404", async () => {
    h = await dashboardHarness();
    const { done, abandoned, bank } = await seed();
    const list = SessionListResponseSchema.parse((await get('/api/dashboard/sessions')).json());
    expect(list.sessions.map((s) => [s.sessionId, s.outcome])).toEqual([
      [abandoned.sessionId, 'in_progress'],
      [done.sessionId, 'authorized'],
    ]);
    expect(list.sessions[1]).toMatchObject({ lenderUserId: 'user-42', provider: 'rong360' });
    expect(list.nextCursor).toBeNull();
    const authorized = SessionListResponseSchema.parse((await get('/api/dashboard/sessions?outcome=authorized')).json());
    expect(authorized.sessions).toHaveLength(1);

    const detail = SessionDetailResponseSchema.parse((await get(`/api/dashboard/sessions/${done.sessionId}`)).json());
    expect(detail.timeline.map((e) => e.kind)).toContain('authorized');
    expect(detail.webhooks.map((w) => [w.type, w.state])).toEqual([['authorized', 'pending']]);
    expect(detail.reportAvailable).toBe(false);
    expect((await get(`/api/dashboard/sessions/${bank.sessionId}`)).statusCode).toBe(404);
    expect((await get('/api/dashboard/sessions/not-a-session')).statusCode).toBe(400);
  });

  it('draws the report once the data is ready: 409 before, 410 after the purge', async () => {
    h = await dashboardHarness();
    const { done, bank } = await seed();
    expect((await get(`/api/dashboard/sessions/${done.sessionId}/report`)).json()).toMatchObject({ error: { code: 'not_ready' } });
    await h.store.collections.markReady(
      done.sessionId,
      { data: collectedData('rong360'), raw: {}, extras: {} },
      new Date(h.now()).toISOString(),
      [],
    );
    const report = SessionReportResponseSchema.parse((await get(`/api/dashboard/sessions/${done.sessionId}/report`)).json());
    expect(report).toMatchObject({ sessionId: done.sessionId, provider: 'rong360', totals: { calls: 1, bills: 1 } });
    expect(SessionDetailResponseSchema.parse((await get(`/api/dashboard/sessions/${done.sessionId}`)).json()).reportAvailable).toBe(true);
    expect((await get(`/api/dashboard/sessions/${done.sessionId}/report`, KEY_BANK)).statusCode).toBe(404);
    expect((await get(`/api/dashboard/sessions/${bank.sessionId}/report`)).statusCode).toBe(404);
    await h.store.purge(new Date(h.now() + 1000).toISOString(), new Date(h.now() + 1000).toISOString());
    expect((await get(`/api/dashboard/sessions/${done.sessionId}/report`)).statusCode).toBe(410);
  });

  it('lists webhook deliveries with the endpoint host, and replays one', async () => {
    h = await dashboardHarness();
    const { done } = await seed();
    const before = WebhookEventListResponseSchema.parse((await get('/api/dashboard/webhook-events')).json());
    expect(before.endpointHost).toBeNull();
    expect(before.events.map((e) => [e.type, e.sessionId, e.state])).toEqual([['authorized', done.sessionId, 'pending']]);
    const put = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/webhook',
      headers: { authorization: `Bearer ${KEY_ACME}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ url: 'https://hooks.acme.example/carrierlink?token=secret' }),
    });
    expect(put.statusCode).toBe(200);
    const event = before.events[0]!;
    await h.store.outbox.markDead(event.id, 15, new Date(h.now()).toISOString(), 'http_500');
    const dead = WebhookEventListResponseSchema.parse((await get('/api/dashboard/webhook-events?state=dead')).json());
    // The host only: the URL's query may hold the lender's own secret.
    expect(dead.endpointHost).toBe('hooks.acme.example');
    expect(dead.events.map((e) => e.id)).toEqual([event.id]);
    const replayed = await h.app.inject({
      method: 'POST',
      url: `/api/dashboard/webhook-events/${event.id}/replay`,
      headers: { authorization: `Bearer ${KEY_ACME}` },
    });
    expect(replayed.json()).toMatchObject({ id: event.id, state: 'pending', replays: 1 });
    expect(WebhookEventListResponseSchema.parse((await get('/api/dashboard/webhook-events?state=dead')).json()).events).toEqual([]);
    const bank = WebhookEventListResponseSchema.parse((await get('/api/dashboard/webhook-events', KEY_BANK)).json());
    expect(bank.events).toEqual([]);
  });

  it('answers an unknown dashboard path with a JSON 404 and the page path without a build with a 503', async () => {
    h = await dashboardHarness();
    expect((await get('/api/dashboard/nope')).json()).toMatchObject({ error: { code: 'not_found' } });
    const page = await h.app.inject({ method: 'GET', url: '/dashboard/sessions/ses_x' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
