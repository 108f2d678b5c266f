import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormStep, StepResponse } from '../../../flow';
import { MAX_BROWSER_EVENTS_PER_SESSION } from '../../../flow/analytics';
import { SANDBOX_ID_CARD, SANDBOX_NAME, SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../../../providers/rong360/sandbox';
import { openSqliteStore } from '../../store/sqlite';
import { dashboardHarness } from '../../../test-support/server/dashboard-harness';
import type { DashboardHarness } from '../../../test-support/server/dashboard-harness';

const PHONE = '13800138000';
const WRONG_PASSWORD = '654321';
let h: DashboardHarness | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const fieldId = (step: StepResponse['step'], kind: string): string => {
  const field = (step as FormStep).fields.find((f) => f.kind === kind);
  if (!field) throw new Error(`no ${kind} field on ${JSON.stringify(step)}`);
  return field.id;
};

/** A link journey through the Rong360 sandbox: a wrong password, a resend, the SMS code, authorized. */
async function walk(harness: DashboardHarness) {
  const link = await harness.link({ phone: PHONE, applicant: { name: SANDBOX_NAME, idCard: SANDBOX_ID_CARD } });
  const opened = await harness.browser(link.linkToken, { events: [{ kind: 'screen_view', screen: 'phone', fields: ['phone'] }] });
  expect(opened.statusCode).toBe(204);
  const started = await harness.start(PHONE, link.linkToken);
  const login = started.step;
  const wrong = await harness.submit(started.token, login.id, { [fieldId(login, 'servicePassword')]: WRONG_PASSWORD });
  expect((wrong.step as FormStep).fields.find((f) => f.kind === 'servicePassword')?.error?.code).toBe('password_incorrect');
  const sms = await harness.submit(started.token, wrong.step.id, { [fieldId(wrong.step, 'servicePassword')]: SANDBOX_PASSWORD });
  harness.advance(61_000);
  expect((await harness.action(started.token, sms.step.id, fieldId(sms.step, 'smsCode'), 'resend')).statusCode).toBe(200);
  const done = await harness.submit(started.token, sms.step.id, { [fieldId(sms.step, 'smsCode')]: SANDBOX_SMS_CODE });
  expect(done.step.type).toBe('authorized');
  const shown = await harness.browser(started.token, {
    events: [
      { kind: 'screen_view', screen: 'authorized', fields: [] },
      { kind: 'exit', reason: 'completed', screen: 'authorized', fields: [] },
    ],
  });
  expect(shown.statusCode).toBe(204);
  await harness.recorder.flush();
  return { link, token: started.token };
}

describe('step analytics recording', () => {
  it('records every step, submit, error, resend and the success, with vendor, carrier and timing', async () => {
    h = await dashboardHarness();
    const { link } = await walk(h);
    const detail = await h.store.analytics.session('acme', link.sessionId);
    expect(detail?.summary).toMatchObject({ provider: 'rong360', carrier: 'chinaMobile', outcome: 'authorized', stage: 'authorized' });
    expect(detail?.timeline.map((e) => `${e.source}:${e.kind}:${e.stage ?? '-'}`)).toEqual([
      'server:link_created:link',
      'browser:screen_view:phone',
      'server:session_started:phone',
      'server:step_entered:password',
      'server:submitted:password',
      'server:error:password',
      'server:submitted:password',
      'server:step_entered:sms',
      'server:resend:sms',
      'server:submitted:sms',
      'server:authorized:authorized',
      'browser:screen_view:authorized',
      'browser:exit:authorized',
    ]);
    expect(detail?.timeline.find((e) => e.kind === 'error')).toMatchObject({
      code: 'password_incorrect',
      field: 'servicePassword',
      upstreamCode: '208101',
    });
    expect(detail?.timeline.find((e) => e.kind === 'exit')).toMatchObject({ code: 'completed', screen: 'authorized' });
    expect(detail?.visits.map((v) => [v.stage, v.passed])).toEqual([
      ['link', true],
      ['phone', true],
      ['password', true],
      ['sms', true],
      ['authorized', false],
    ]);
    // The resend waited 61 s on the SMS step.
    expect(detail?.visits.find((v) => v.stage === 'sms')?.durationMs).toBeGreaterThanOrEqual(61_000);
  });

  it('records a submission our own checks refuse as an error at its field, and nothing for a session without a lender', async () => {
    h = await dashboardHarness();
    const link = await h.link();
    for (const linkToken of [link.linkToken, undefined]) {
      const started = await h.start(PHONE, linkToken);
      const refused = await h.app.inject({
        method: 'POST',
        url: `/api/session/steps/${started.step.id}`,
        headers: { authorization: `Bearer ${started.token}` },
        payload: { values: { [fieldId(started.step, 'servicePassword')]: '' } },
      });
      expect(refused.statusCode).toBe(422);
    }
    await h.recorder.flush();
    const timeline = (await h.store.analytics.session('acme', link.sessionId))?.timeline ?? [];
    expect(timeline.at(-1)).toMatchObject({ kind: 'error', code: 'input_invalid', field: 'servicePassword', stage: 'password' });
    const all = await h.store.analytics.sessions({
      lenderId: 'acme',
      from: new Date(0).toISOString(),
      to: new Date(h.now() + 1000).toISOString(),
      limit: 10,
    });
    // The session opened without a link belongs to no lender: no dashboard counts it.
    expect(all.map((s) => s.sessionId)).toEqual([link.sessionId]);
  });

  it('stores no personal data: no number, name, ID card, typed value, token or upstream id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-analytics-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'carrierlink.sqlite');
    const store = openSqliteStore({ path, sessionTtlSeconds: 1800 });
    cleanups.push(() => void store.close());
    h = await dashboardHarness({ store });
    const { link, token } = await walk(h);
    const collection = await store.collections.get(link.sessionId);
    expect(collection).toBeDefined();
    const forbidden = [
      PHONE,
      '138****8000',
      SANDBOX_PASSWORD,
      WRONG_PASSWORD,
      SANDBOX_NAME,
      SANDBOX_ID_CARD,
      'user-42',
      link.linkToken,
      token,
      collection?.userId ?? 'missing',
      collection?.taskId ?? 'missing',
    ];
    const db = new Database(path, { readonly: true });
    cleanups.push(() => db.close());
    let texts = 0;
    for (const table of ['analytics_sessions', 'analytics_visits', 'analytics_events', 'analytics_browser_quota']) {
      for (const row of db.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>) {
        // Text columns only: epoch milliseconds are digits that may contain anything.
        for (const value of Object.values(row)) {
          if (typeof value !== 'string') continue;
          texts += 1;
          for (const secret of forbidden) expect(value, `${table} holds ${secret.slice(0, 3)}…`).not.toContain(secret);
        }
      }
    }
    expect(texts).toBeGreaterThan(30);
  });

  it('takes browser events only with a known token, known kinds and a strict shape', async () => {
    h = await dashboardHarness();
    const link = await h.link();
    const good = { events: [{ kind: 'screen_view', screen: 'phone', fields: ['phone'] }] };
    expect((await h.browser('', good)).statusCode).toBe(401);
    expect((await h.browser('A'.repeat(43), good)).json()).toMatchObject({ error: { code: 'session_expired' } });
    expect((await h.browser(`lt_${'A'.repeat(43)}`, good)).json()).toMatchObject({ error: { code: 'link_not_found' } });
    const bad: unknown[] = [
      {},
      { events: [] },
      { events: [{ kind: 'typed_value', value: '123456' }] },
      { events: [{ kind: 'screen_view', screen: 'phone', fields: ['phone'], value: '13800138000' }] },
      { events: [{ kind: 'screen_view', screen: 'somewhere', fields: [] }] },
      { events: [{ kind: 'screen_view', screen: 'phone', fields: ['password123'] }] },
      { events: [{ kind: 'exit', reason: 'bored', screen: null, fields: [] }] },
      { events: Array(11).fill(good.events[0]) },
      'not json',
    ];
    for (const body of bad) expect((await h.browser(link.linkToken, body)).statusCode, JSON.stringify(body)).toBe(400);
    const huge = await h.browser(link.linkToken, {
      events: [{ kind: 'exit', reason: 'page_left', screen: null, fields: [], pad: 'x'.repeat(5000) }],
    });
    expect(huge.statusCode).toBe(400);
    expect((await h.browser(link.linkToken, good)).statusCode).toBe(204);
    await h.recorder.flush();
    expect((await h.store.analytics.session('acme', link.sessionId))?.timeline.map((e) => e.kind)).toEqual(['link_created', 'screen_view']);
  });

  it(`caps a session at ${MAX_BROWSER_EVENTS_PER_SESSION} browser events and a token at 30 requests a minute`, async () => {
    h = await dashboardHarness();
    const link = await h.link();
    const ten = { events: Array(10).fill({ kind: 'screen_view', screen: 'phone', fields: ['phone'] }) };
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 30; i += 1) {
      const response = await h.browser(link.linkToken, ten);
      if (response.statusCode === 204) accepted += 1;
      else {
        expect(response.statusCode).toBe(429);
        expect(response.json()).toMatchObject({ error: { code: 'rate_limited' } });
        refused += 1;
      }
    }
    expect(accepted * 10).toBe(MAX_BROWSER_EVENTS_PER_SESSION);
    expect(refused).toBe(30 - MAX_BROWSER_EVENTS_PER_SESSION / 10);
    expect(
      (await h.browser(link.linkToken, { events: [{ kind: 'exit', reason: 'page_left', screen: null, fields: [] }] })).statusCode,
    ).toBe(429);
  });

  it('keeps the applicant going when the analytics store fails', async () => {
    h = await dashboardHarness();
    const failing = h.store.analytics;
    failing.record = async () => {
      throw new Error('disk full');
    };
    const started = await h.start(PHONE);
    const next = await h.submit(started.token, started.step.id, { [fieldId(started.step, 'servicePassword')]: SANDBOX_PASSWORD });
    expect(next.step.type).toBe('form');
    await expect(h.recorder.flush()).resolves.toBeUndefined();
  });
});
