import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AnalyticsStage } from '../../../flow/analytics';
import { MIGRATIONS, migrate } from '../sqlite/migrations';
import { StoreInputError } from '../codec';
import type { AnalyticsContext, AnalyticsEventInput, AnalyticsEventKind, DurableStore } from '../types';
import { STORE_KINDS, T0, at, iso, storesAt } from '../../../test-support/store/fixtures';

const open = storesAt(() => T0);

const ACME: AnalyticsContext = { lenderId: 'acme', provider: 'rong360', carrier: 'chinaMobile', province: null, demo: false };

/** An event `seconds` after T0. */
function ev(
  sessionId: string,
  seconds: number,
  kind: AnalyticsEventKind,
  parts: Partial<Omit<AnalyticsEventInput, 'sessionId' | 'kind' | 'at'>> = {},
): AnalyticsEventInput {
  return {
    sessionId,
    at: iso(T0 + seconds * 1000),
    kind,
    source: 'server',
    stage: null,
    screen: null,
    fields: [],
    code: null,
    field: null,
    upstreamCode: null,
    context: ACME,
    ...parts,
  };
}

const step = (sessionId: string, seconds: number, stage: AnalyticsStage, fields: string[], context = ACME) =>
  ev(sessionId, seconds, 'step_entered', { stage, fields, context });

/** A whole journey: link, opened, started, password (with `passwordErrors` wrong tries), SMS, authorized. */
function journey(
  sessionId: string,
  options: {
    offset?: number;
    passwordSeconds?: number;
    passwordErrors?: number;
    context?: AnalyticsContext;
    end?: 'authorized' | 'failed' | 'open';
  } = {},
): AnalyticsEventInput[] {
  const t = options.offset ?? 0;
  const context = options.context ?? ACME;
  const password = options.passwordSeconds ?? 30;
  const events = [
    ev(sessionId, t, 'link_created', { context: { ...context, provider: null } }),
    ev(sessionId, t + 5, 'screen_view', { source: 'browser', screen: 'phone', fields: ['phone'], context: { ...context, provider: null } }),
    ev(sessionId, t + 20, 'session_started', { stage: 'phone', fields: ['phone'], context }),
    step(sessionId, t + 21, 'password', ['phone', 'servicePassword'], context),
  ];
  for (let i = 0; i < (options.passwordErrors ?? 0); i += 1) {
    events.push(
      ev(sessionId, t + 22 + i, 'error', {
        stage: 'password',
        code: 'password_incorrect',
        field: 'servicePassword',
        upstreamCode: '208101',
        context,
      }),
    );
  }
  if (options.end === 'open') return events;
  if (options.end === 'failed') {
    events.push(ev(sessionId, t + 21 + password, 'failed', { code: 'account_locked', upstreamCode: '506012', context }));
    return events;
  }
  events.push(
    step(sessionId, t + 21 + password, 'sms', ['smsCode'], context),
    ev(sessionId, t + 21 + password + 40, 'authorized', { stage: 'authorized', context }),
  );
  return events;
}

async function record(store: DurableStore, ...batches: AnalyticsEventInput[][]) {
  for (const batch of batches) await store.analytics.record(batch);
}

const scope = { lenderId: 'acme', from: at(-60), to: at(24 * 60) };

describe.each(STORE_KINDS)('%s analytics store', (kind) => {
  it('moves a session through its stages and keeps its timeline in order', async () => {
    const store = await open(kind);
    await record(store, journey('ses_a', { passwordErrors: 1 }));
    const detail = await store.analytics.session('acme', 'ses_a');
    expect(detail?.summary).toMatchObject({
      sessionId: 'ses_a',
      provider: 'rong360',
      carrier: 'chinaMobile',
      outcome: 'authorized',
      stage: 'authorized',
      createdAt: iso(T0),
      startedAt: iso(T0 + 20_000),
      authorizedAt: iso(T0 + 91_000),
      lastError: 'password_incorrect',
    });
    expect(detail?.timeline.map((e) => `${e.kind}:${e.stage}`)).toEqual([
      'link_created:link',
      'screen_view:phone',
      'session_started:phone',
      'step_entered:password',
      'error:password',
      'step_entered:sms',
      'authorized:authorized',
    ]);
    expect(detail?.timeline[4]).toMatchObject({
      code: 'password_incorrect',
      field: 'servicePassword',
      upstreamCode: '208101',
      sinceStartMs: 22_000,
    });
    expect(detail?.visits).toEqual([
      { stage: 'link', enteredAt: iso(T0), durationMs: 5_000, passed: true },
      { stage: 'phone', enteredAt: iso(T0 + 5_000), durationMs: 15_000, passed: true },
      { stage: 'password', enteredAt: iso(T0 + 21_000), durationMs: 30_000, passed: true },
      { stage: 'sms', enteredAt: iso(T0 + 51_000), durationMs: 40_000, passed: true },
      { stage: 'authorized', enteredAt: iso(T0 + 91_000), durationMs: null, passed: false },
    ]);
  });

  it('gives the same result whether a journey is recorded in one batch or event by event', async () => {
    const whole = await open(kind);
    const pieces = await open(kind);
    await record(whole, journey('ses_a', { passwordErrors: 2 }));
    for (const event of journey('ses_a', { passwordErrors: 2 })) await pieces.analytics.record([event]);
    expect(await pieces.analytics.session('acme', 'ses_a')).toEqual(await whole.analytics.session('acme', 'ses_a'));
  });

  it('counts a failed stage as reached but not passed, and a restart lets the session go on', async () => {
    const store = await open(kind);
    await record(store, journey('ses_f', { end: 'failed' }));
    let detail = await store.analytics.session('acme', 'ses_f');
    expect(detail?.summary).toMatchObject({ outcome: 'failed', stage: 'password', lastError: 'account_locked' });
    expect(detail?.visits.find((v) => v.stage === 'password')).toMatchObject({ durationMs: 30_000, passed: false });

    await record(store, [
      ev('ses_f', 100, 'restart', { stage: 'password' }),
      step('ses_f', 101, 'password', ['servicePassword']),
      step('ses_f', 131, 'sms', ['smsCode']),
      ev('ses_f', 141, 'authorized', { stage: 'authorized' }),
    ]);
    detail = await store.analytics.session('acme', 'ses_f');
    expect(detail?.summary.outcome).toBe('authorized');
    // The stay before the failure and the one after the restart, summed.
    expect(detail?.visits.find((v) => v.stage === 'password')).toMatchObject({ durationMs: 60_000, passed: true });
  });

  it('does not count the recovery detour, or backing out of it, as getting through a stage', async () => {
    const store = await open(kind);
    await record(store, [
      ev('ses_r', 0, 'session_started', { stage: 'phone' }),
      step('ses_r', 1, 'password', ['servicePassword']),
      ev('ses_r', 10, 'recover', { stage: 'password' }),
      step('ses_r', 10, 'recovery', ['name', 'idCard']),
      ev('ses_r', 30, 'cancel', { stage: 'recovery' }),
      step('ses_r', 30, 'password', ['servicePassword']),
    ]);
    const visits = (await store.analytics.session('acme', 'ses_r'))?.visits;
    expect(visits?.find((v) => v.stage === 'password')).toMatchObject({ passed: false, durationMs: 9_000 });
    expect(visits?.find((v) => v.stage === 'recovery')).toMatchObject({ passed: false, durationMs: 20_000 });
  });

  it('computes the funnel: reached and passed per stage, median times, top errors, breakdowns and days', async () => {
    const store = await open(kind);
    const dianhua: AnalyticsContext = { ...ACME, provider: 'dianhua', carrier: 'chinaUnicom' };
    await record(
      store,
      journey('ses_1', { passwordSeconds: 10, passwordErrors: 1 }),
      journey('ses_2', { passwordSeconds: 20, offset: 1000 }),
      journey('ses_3', { passwordSeconds: 60, offset: 2000, passwordErrors: 3, context: dianhua }),
      journey('ses_4', { offset: 3000, end: 'failed' }),
      journey('ses_5', { offset: 4000, end: 'open' }),
      [ev('ses_6', 5000, 'link_created', { context: { ...ACME, provider: null } })],
      [ev('ses_1', 200, 'data_ready', { stage: 'data_ready', context: { ...ACME, province: '北京' } })],
      [
        ev('ses_5', 4100, 'exit', { source: 'browser', code: 'page_left', screen: 'authorize', fields: ['servicePassword'] }),
        ev('ses_4', 3100, 'exit', { source: 'browser', code: 'user_closed', screen: 'failed' }),
      ],
    );
    const funnel = await store.analytics.funnel(scope);
    expect(funnel.totals).toEqual({
      sessions: 6,
      links: 6,
      opened: 5,
      started: 5,
      authorized: 3,
      dataReady: 1,
      failed: 1,
      // 1 s from the start to the password step, 10/20/60 s there and 40 s of SMS: 51, 61, 101 s.
      medianToAuthorizeMs: 61_000,
    });
    const stage = (name: AnalyticsStage) => funnel.stages.find((s) => s.stage === name);
    expect(funnel.stages.map((s) => s.stage)).toEqual([
      'link',
      'phone',
      'password',
      'identity',
      'captcha',
      'sms',
      'other',
      'authorized',
      'data_ready',
      'recovery',
    ]);
    expect(stage('link')).toMatchObject({ reached: 6, passed: 5, medianMs: 5_000 });
    expect(stage('password')).toMatchObject({ reached: 5, passed: 3, medianMs: 20_000, errors: 4 });
    expect(stage('password')?.topErrors).toEqual([{ code: 'password_incorrect', count: 4, sessions: 2 }]);
    expect(stage('sms')).toMatchObject({ reached: 3, passed: 3, medianMs: 40_000 });
    expect(stage('authorized')).toMatchObject({ reached: 3, passed: 1, medianMs: 129_000 });
    expect(stage('identity')).toMatchObject({ reached: 0, passed: 0, medianMs: null, topErrors: [] });
    expect(funnel.breakdown.provider).toEqual([
      { value: 'rong360', sessions: 4, started: 4, authorized: 2, dataReady: 1, medianToAuthorizeMs: 56_000 },
      { value: 'dianhua', sessions: 1, started: 1, authorized: 1, dataReady: 0, medianToAuthorizeMs: 101_000 },
      { value: null, sessions: 1, started: 0, authorized: 0, dataReady: 0, medianToAuthorizeMs: null },
    ]);
    expect(funnel.breakdown.province.find((row) => row.value === '北京')).toMatchObject({ sessions: 1, dataReady: 1 });
    expect(funnel.exits).toEqual([
      { stage: 'password', reason: 'page_left', count: 1 },
      { stage: 'password', reason: 'user_closed', count: 1 },
    ]);
    expect(funnel.daily).toEqual([{ day: '2030-03-01', sessions: 6, started: 5, authorized: 3 }]);

    const rong360Only = await store.analytics.funnel({ ...scope, provider: 'rong360' });
    expect(rong360Only.totals.started).toBe(4);
    const unicom = await store.analytics.funnel({ ...scope, carrier: 'chinaUnicom' });
    expect(unicom.totals).toMatchObject({ sessions: 1, authorized: 1 });
  });

  it('counts only one lender, only the date range, and never demo sessions', async () => {
    const store = await open(kind);
    await record(
      store,
      journey('ses_acme'),
      journey('ses_bank', { context: { ...ACME, lenderId: 'bank' } }),
      journey('ses_demo', { context: { ...ACME, demo: true } }),
      journey('ses_late', { offset: 2 * 86_400 }),
    );
    const funnel = await store.analytics.funnel(scope);
    expect(funnel.totals.sessions).toBe(1);
    expect(await store.analytics.session('acme', 'ses_bank')).toBeUndefined();
    expect(await store.analytics.session('bank', 'ses_bank')).toBeDefined();
    expect(await store.analytics.session('acme', 'ses_demo')).toBeUndefined();
    expect((await store.analytics.sessions({ ...scope, limit: 10 })).map((s) => s.sessionId)).toEqual(['ses_acme']);
  });

  it('lists sessions newest first, page by page, filtered by outcome', async () => {
    const store = await open(kind);
    for (let i = 0; i < 5; i += 1) await record(store, journey(`ses_${i}`, { offset: i * 100, end: i % 2 ? 'failed' : 'authorized' }));
    const first = await store.analytics.sessions({ ...scope, limit: 2 });
    expect(first.map((s) => s.sessionId)).toEqual(['ses_4', 'ses_3']);
    const last = first[first.length - 1];
    const second = await store.analytics.sessions({
      ...scope,
      limit: 2,
      after: last ? { createdAt: last.createdAt, sessionId: last.sessionId } : undefined,
    });
    expect(second.map((s) => s.sessionId)).toEqual(['ses_2', 'ses_1']);
    expect((await store.analytics.sessions({ ...scope, limit: 10, outcome: 'failed' })).map((s) => s.sessionId)).toEqual([
      'ses_3',
      'ses_1',
    ]);
  });

  it('counts browser events against a per-session cap, atomically', async () => {
    const store = await open(kind);
    expect(await store.analytics.admitBrowserEvents('ses_q', 3, 5)).toBe(true);
    expect(await store.analytics.admitBrowserEvents('ses_q', 3, 5)).toBe(false);
    expect(await store.analytics.admitBrowserEvents('ses_q', 2, 5)).toBe(true);
    expect(await store.analytics.admitBrowserEvents('ses_q', 1, 5)).toBe(false);
    expect(await store.analytics.admitBrowserEvents('ses_other', 6, 5)).toBe(false);
  });

  it('refuses free text where only codes belong, writing nothing of the batch', async () => {
    const store = await open(kind);
    const bad = [journey('ses_x')[0]!, ev('ses_x', 1, 'error', { code: '服务密码错误 13800138000' })];
    await expect(store.analytics.record(bad)).rejects.toBeInstanceOf(StoreInputError);
    await expect(store.analytics.record([ev('ses_x', 1, 'error', { upstreamCode: 'sid=abc def' })])).rejects.toBeInstanceOf(
      StoreInputError,
    );
    await expect(store.analytics.record([ev('ses_x', 1, 'exit', { code: 'not_a_reason' })])).rejects.toBeInstanceOf(StoreInputError);
    await expect(store.analytics.record([ev('ses_x', 1, 'error', { fields: ['x'.repeat(40)] })])).rejects.toBeInstanceOf(StoreInputError);
    expect(await store.analytics.session('acme', 'ses_x')).toBeUndefined();
  });

  it('purges sessions created before a time, with their events, visits and quota', async () => {
    const store = await open(kind);
    await record(store, journey('ses_old'), journey('ses_new', { offset: 3600 }));
    await store.analytics.admitBrowserEvents('ses_old', 1, 10);
    expect(await store.analytics.purge(at(30))).toBe(1);
    expect(await store.analytics.session('acme', 'ses_old')).toBeUndefined();
    expect(await store.analytics.session('acme', 'ses_new')).toBeDefined();
    // The quota row went with it: the same id counts from zero again.
    expect(await store.analytics.admitBrowserEvents('ses_old', 10, 10)).toBe(true);
  });
});

describe('SQLite analytics migration', () => {
  it('adds the analytics tables and replay columns to a database written before them', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare(
      `INSERT INTO outbox (id, lender_id, type, session_id, payload, created_at, attempts, next_attempt_at) VALUES ('evt_1', 'acme', 'authorized', 'ses_1', '{}', 1, 0, 1)`,
    ).run();
    migrate(db);
    expect(db.prepare('SELECT replays, replayed_at FROM outbox').get()).toEqual({ replays: 0, replayed_at: null });
    db.close();
  });
});
