import { afterEach, describe, expect, it } from 'vitest';
import type { CollectedData, CollectResult, ExtraKind, ExtraResult, ProviderDataSource } from '../../../providers/data-model';
import { UpstreamError } from '../../../providers/upstream-error';
import type { SessionRecord } from '../../session/record';
import { openSqliteStore } from '../../store/sqlite';
import type { DurableStore } from '../../store/types';
import { createCollector } from '../collector';

// The collector against the real (in-memory SQLite) store and a scripted vendor data source:
// what it records and tells the lender for each answer the vendor may give.

const T0 = Date.parse('2026-11-22T08:00:00.000Z');
let clock = T0;
let store: DurableStore;
const logs: Array<Record<string, unknown>> = [];
const log = {
  info: (obj: object) => void logs.push({ ...obj }),
  warn: (obj: object) => void logs.push({ ...obj }),
  error: (obj: object) => void logs.push({ ...obj }),
};

const DATA: CollectedData = {
  provider: 'dianhua',
  upstream: { taskId: null, userId: null },
  subscriber: {
    phone: null,
    name: '青培',
    idCard: '1407****3X',
    idCardMasking: 'carrier',
    address: null,
    openDate: '2017-05-10',
    carrier: 'china_unicom',
    region: null,
    balanceFen: null,
  },
  calls: [
    {
      time: '2017-12-06T11:47:01+08:00',
      durationSeconds: 8,
      direction: 'outgoing',
      directionText: null,
      peer: '10010',
      place: '北京',
      peerPlace: '北京',
      roaming: 'local',
      costFen: 0,
      carrierType: '国内通话',
    },
  ],
  sms: [],
  bills: [],
  missingMonths: { calls: [], callsPossibly: [], sms: [], bills: [] },
  absentLists: [],
  skipped: { calls: 0, sms: 0, bills: 0 },
  unreadable: {},
  report: null,
  collectionScore: null,
  numberTags: null,
};

/** A vendor whose answers are scripted call by call (the last one repeats). */
function scripted(
  answers: Array<CollectResult | Error>,
  extras?: Array<Partial<Record<ExtraKind, ExtraResult>>>,
): ProviderDataSource & { calls: number } {
  const source = {
    calls: 0,
    async collect(): Promise<CollectResult> {
      const answer = answers[Math.min(source.calls++, answers.length - 1)];
      if (!answer || answer instanceof Error) throw answer ?? new Error('no answer');
      return answer;
    },
    ...(extras && {
      async collectExtras(): Promise<Partial<Record<ExtraKind, ExtraResult>>> {
        return extras.shift() ?? {};
      },
    }),
  };
  return source;
}

const record = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
  id: 'ses_collector1',
  version: 3,
  provider: 'dianhua',
  phone: '18511071359',
  userId: 'cl_u1',
  link: { lenderId: 'acme', lenderUserId: 'applicant-7', allowedOrigins: ['https://lender.example'] },
  consent: { agreementVersion: '2024-01', acceptedAt: '2026-11-22T07:59:00.000Z', recordedAt: '2026-11-22T07:59:00.000Z' },
  createdAt: '2026-11-22T07:59:00.000Z',
  updatedAt: '2026-11-22T08:00:00.000Z',
  step: { type: 'authorized', id: 'st_done' },
  adapterState: null,
  taskId: 'SID779c0beeb9eb46b2b5fc70a238acff69',
  ...overrides,
});

function collectorWith(source: ProviderDataSource, maxAttempts = 5) {
  store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800, now: () => clock });
  return createCollector({
    store,
    sources: { dianhua: source },
    log,
    now: () => clock,
    retry: { baseMs: 1000, maxMs: 60_000, maxAttempts },
    firstAttemptDelayMs: 30_000,
  });
}

const types = async (sessionId = 'ses_collector1') => (await store.outbox.listBySession(sessionId)).map((e) => e.type);
const pending = (): CollectResult => ({ type: 'pending', stages: ['login'], reason: 'data not landed yet' });
const ready = (): CollectResult => ({
  type: 'ready',
  data: DATA,
  raw: { 'calls/record': { verbatim: true } },
  stages: ['login', 'bills', 'calls'],
});

afterEach(async () => {
  await store.close();
  clock = T0;
  logs.length = 0;
});

describe('the collector', () => {
  it('records an authorization once, with one `authorized` event, and first polls after the configured delay', async () => {
    const collector = collectorWith(scripted([ready()]));
    await collector.authorized(record());
    await collector.authorized(record());
    expect(await types()).toEqual(['authorized']);
    expect(await collector.runOnce()).toBe(0);
    clock = T0 + 30_000;
    expect(await collector.runOnce()).toBe(1);
    expect((await store.collections.get('ses_collector1'))?.status).toBe('data_ready');
  });

  it('retries a pending vendor with growing delays, tells each crawl stage once, then data_ready', async () => {
    const source = scripted([pending(), pending(), ready()]);
    const collector = collectorWith(source);
    await collector.authorized(record());
    await store.collections.wake('ses_collector1', new Date(clock).toISOString());
    await collector.runOnce();
    const first = await store.collections.get('ses_collector1');
    expect(first).toMatchObject({ status: 'collecting', attempts: 1, stages: ['login'] });
    const gap1 = Date.parse(first?.nextAttemptAt ?? '') - clock;
    clock = Date.parse(first?.nextAttemptAt ?? '');
    await collector.runOnce();
    const second = await store.collections.get('ses_collector1');
    const gap2 = Date.parse(second?.nextAttemptAt ?? '') - clock;
    expect(gap2).toBeGreaterThan(gap1);
    clock = Date.parse(second?.nextAttemptAt ?? '');
    await collector.runOnce();
    expect(source.calls).toBe(3);
    expect(await types()).toEqual(['authorized', 'crawl_progress', 'crawl_progress', 'crawl_progress', 'data_ready']);
    const events = await store.outbox.listBySession('ses_collector1');
    expect(events.filter((e) => e.type === 'crawl_progress').map((e) => (e.payload['data'] as { stage: string }).stage)).toEqual([
      'login',
      'bills',
      'calls',
    ]);
    expect(events.at(-1)?.payload).toMatchObject({
      type: 'data_ready',
      lenderUserId: 'applicant-7',
      data: { provider: 'dianhua', counts: { calls: 1, sms: 0, bills: 0 } },
    });
    expect((await store.collections.data('ses_collector1'))?.raw).toEqual({ 'calls/record': { verbatim: true } });
  });

  it('treats a transport failure as "try again later", telling the lender nothing', async () => {
    const collector = collectorWith(scripted([new UpstreamError('timeout', 'no answer'), ready()]));
    await collector.authorized(record());
    await store.collections.wake('ses_collector1', new Date(clock).toISOString());
    await collector.runOnce();
    expect(await store.collections.get('ses_collector1')).toMatchObject({ status: 'collecting', attempts: 1 });
    expect(await types()).toEqual(['authorized']);
  });

  it('passes a crawl failure the vendor confirms to the lender as `failed`', async () => {
    const collector = collectorWith(scripted([{ type: 'failed', code: 'crawl_failed', message: 'Dianhua reports 3102.' }]));
    await collector.authorized(record());
    await store.collections.wake('ses_collector1', new Date(clock).toISOString());
    await collector.runOnce();
    expect(await store.collections.get('ses_collector1')).toMatchObject({ status: 'failed', failure: { code: 'crawl_failed' } });
    expect(await types()).toEqual(['authorized', 'failed']);
  });

  it('gives up after the retry budget with collect_timeout', async () => {
    const collector = collectorWith(scripted([pending()]), 3);
    await collector.authorized(record());
    for (let i = 0; i < 3; i++) {
      const c = await store.collections.get('ses_collector1');
      clock = Math.max(clock, Date.parse(c?.nextAttemptAt ?? new Date(clock).toISOString()));
      await collector.runOnce();
    }
    expect(await store.collections.get('ses_collector1')).toMatchObject({ status: 'failed', failure: { code: 'collect_timeout' } });
    expect((await types()).at(-1)).toBe('failed');
  });

  it('wakes the collection at once on a push, even one that came before the authorization was recorded', async () => {
    const collector = collectorWith(scripted([ready()]));
    const early = await collector.push('dianhua', { kind: 'auth', upstreamKey: record().taskId ?? '', status: 0, ok: true, body: {} });
    expect(early).toEqual({ duplicate: false, matched: false, kept: true });
    await collector.authorized(record());
    expect(await collector.runOnce()).toBe(1);
    const again = await collector.push('dianhua', { kind: 'auth', upstreamKey: record().taskId ?? '', status: 0, ok: true, body: {} });
    expect(again).toEqual({ duplicate: true, matched: true, kept: true });
  });

  it('records at most the capped number of pushes naming no collection, and still every push for one of ours', async () => {
    const collector = collectorWith(scripted([ready()]));
    const capped = createCollector({
      store,
      sources: { dianhua: scripted([ready()]) },
      log,
      now: () => clock,
      unmatchedPushes: store.rateLimiter({ keyPrefix: 'push_unmatched', points: 2, durationSeconds: 3600 }),
    });
    const stray = (i: number) => capped.push('dianhua', { kind: 'auth', upstreamKey: `SIDstray${i}`, status: 0, ok: true, body: {} });
    expect((await stray(1)).kept).toBe(true);
    expect((await stray(2)).kept).toBe(true);
    expect(await stray(3)).toEqual({ duplicate: false, matched: false, kept: false });
    expect(await store.pushes.list('dianhua', 'SIDstray3')).toEqual([]);
    await collector.authorized(record());
    const sid = record().taskId ?? '';
    expect(await capped.push('dianhua', { kind: 'auth', upstreamKey: sid, status: 0, ok: true, body: {} })).toMatchObject({ kept: true });
    expect(await store.pushes.list('dianhua', sid)).toHaveLength(1);
  });

  it("keeps the body of a push for one of our collections, and only the record of anyone else's", async () => {
    const collector = collectorWith(scripted([ready()]));
    await collector.authorized(record());
    const sid = record().taskId ?? '';
    const body = { status: 0, sid, call_log: [{ call_tel: '10010' }] };
    expect(await collector.push('dianhua', { kind: 'result', upstreamKey: sid, status: 0, ok: true, body })).toEqual({
      duplicate: false,
      matched: true,
      kept: true,
    });
    expect(await collector.push('dianhua', { kind: 'result', upstreamKey: 'SIDsomebodyelse', status: 0, ok: true, body })).toEqual({
      duplicate: false,
      matched: false,
      kept: true,
    });
    expect((await store.pushes.list('dianhua', sid)).map((p) => p.body)).toEqual([body]);
    expect((await store.pushes.list('dianhua', 'SIDsomebodyelse')).map((p) => [p.kind, p.body])).toEqual([['result', null]]);
  });

  it('keeps fetching Dianhua extras after data_ready until each is settled', async () => {
    const collector = collectorWith(
      scripted(
        [ready()],
        [
          {
            report: { status: 'pending' },
            score: { status: 'ready', data: { total_num: 3 } },
            tags: { status: 'ready', data: { tags: {} } },
          },
          { report: { status: 'ready', data: { sid: 'report-body-7' } } },
        ],
      ),
    );
    await collector.authorized(record());
    await store.collections.wake('ses_collector1', new Date(clock).toISOString());
    await collector.runOnce();
    expect((await store.collections.get('ses_collector1'))?.extrasPending).toEqual(['report', 'score', 'tags']);
    await collector.runOnce();
    const afterFirst = await store.collections.get('ses_collector1');
    expect(afterFirst?.extrasPending).toEqual(['report']);
    // Some reports in, one still pending: no report_ready yet.
    expect(await types()).not.toContain('report_ready');
    clock = Date.parse(afterFirst?.nextAttemptAt ?? '');
    await collector.runOnce();
    expect((await store.collections.get('ses_collector1'))?.extrasPending).toEqual([]);
    expect((await store.collections.data('ses_collector1'))?.extras).toMatchObject({
      report: { status: 'ready' },
      score: { status: 'ready' },
    });
    // The last report settled: report_ready once, after data_ready, naming every report (those of earlier attempts too).
    clock += 3_600_000;
    await collector.runOnce();
    const events = await store.outbox.listBySession('ses_collector1');
    expect(events.map((e) => e.type).filter((type) => type === 'report_ready')).toHaveLength(1);
    expect(events.map((e) => e.type).indexOf('report_ready')).toBeGreaterThan(events.map((e) => e.type).indexOf('data_ready'));
    const reportReady = events.find((e) => e.type === 'report_ready');
    expect(reportReady?.payload).toMatchObject({
      type: 'report_ready',
      sessionId: 'ses_collector1',
      lenderUserId: 'applicant-7',
      data: { provider: 'dianhua', reports: { report: 'ready', score: 'ready', tags: 'ready' } },
    });
    // States only: neither the reports' content nor the applicant's number.
    expect(JSON.stringify(reportReady?.payload)).not.toContain('report-body-7');
    expect(JSON.stringify(reportReady?.payload)).not.toContain('18511071359');
  });

  it('sends report_ready with failed reports when the vendor never delivers them', async () => {
    const collector = collectorWith(
      scripted([ready()], [{ report: { status: 'failed', code: 'report_failed', message: 'No report.' } }, {}]),
    );
    await collector.authorized(record());
    await store.collections.wake('ses_collector1', new Date(clock).toISOString());
    await collector.runOnce();
    for (let round = 0; round < 40 && ((await store.collections.get('ses_collector1'))?.extrasPending.length ?? 0) > 0; round += 1) {
      clock = Math.max(clock, Date.parse((await store.collections.get('ses_collector1'))?.nextAttemptAt ?? '')) + 1;
      await collector.runOnce();
    }
    const events = (await store.outbox.listBySession('ses_collector1')).filter((e) => e.type === 'report_ready');
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({
      data: { provider: 'dianhua', reports: { report: 'failed', score: 'failed', tags: 'failed' } },
    });
  });

  it('collects neither demo sessions nor sessions without a task; a session without a link gets no webhook', async () => {
    const collector = collectorWith(scripted([ready()]));
    await collector.authorized(record({ id: 'ses_demo1', demo: { provider: 'dianhua' } }));
    await collector.authorized(record({ id: 'ses_notask1', taskId: undefined }));
    expect(await store.collections.get('ses_demo1')).toBeUndefined();
    expect(await store.collections.get('ses_notask1')).toBeUndefined();
    const { link: _link, ...unlinked } = record({ id: 'ses_plain1' });
    await collector.authorized(unlinked);
    expect(await store.collections.get('ses_plain1')).toMatchObject({ lenderId: null });
    expect(await types('ses_plain1')).toEqual([]);
    // Logs carry the masked number only.
    expect(JSON.stringify(logs)).not.toContain('18511071359');
  });
});
