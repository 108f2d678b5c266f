import { describe, expect, it } from 'vitest';
import type { CollectRef } from '../../data-model';
import { CollectionScoreSchema, NumberTagsSchema } from '../../extras-model';
import { CallReportSchema } from '../../report-model';
import { UpstreamError } from '../../upstream-error';
import { createDianhuaDataSource } from '../data';
import { normalizeScore, normalizeTags } from '../extras-map';
import { normalizeReport } from '../report-map';
import { cuishouData, itagData, reportData } from '../simulator-data';
import { adapterConfig, fixture } from '../../../test-support/providers/dianhua/helpers';
import { answerFrom, answerOf, createStubDianhuaClient } from '../../../test-support/providers/dianhua/stub-client';
import type { StubReply } from '../../../test-support/providers/dianhua/stub-client';

// §16.5's score was computed under this crawl sid (its `uid`).
const REF: CollectRef = { userId: 'user-42', taskId: 'SIDae7b807f83fa7227b5cdc4e92f0d3f4b', phone: '15313695093' };
const FIXTURES = { 'calls/report': 'doc-15.5-report.txt', cuishou: 'doc-16.5-cuishou.json', itag: 'doc-17.5-itag.json' } as const;

function source(reply: (path: string) => StubReply) {
  const client = createStubDianhuaClient(reply);
  return { client, data: createDianhuaDataSource(adapterConfig('http://dianhua.test'), { client }) };
}

const documentData = (path: keyof typeof FIXTURES) => answerFrom(fixture(FIXTURES[path])).data;

describe('Dianhua extras in the neutral model', () => {
  it("§15.5: reads the report example into the neutral CallReport, the document's typos included", () => {
    const report = CallReportSchema.parse(normalizeReport(documentData('calls/report')));
    expect(report).toMatchObject({
      // §15.4 names the id `sid`, the example `sic`.
      reportId: 'SIDc06bb4a157744a46a7131a9b47cbcff0',
      version: 'V2.8.0',
      createdAt: '2017-11-20T15:09:13+08:00',
      period: { start: '2017-10', end: '2017-11' },
      // "运营商未透露" is no value.
      owner: { phone: '15313695093', name: '刘森', idCard: null, address: null, region: '北京' },
      applicantCheck: { name: '刘森', nameMatch: 'match', idCard: '411421199002163631', idCardMatch: 'not_applicable' },
      debtCollection: {
        verdict: 'light',
        numbers: 24,
        calls: 38,
        known: { calls: 1, callsDays60To90: 1 },
        suspectedRisk: { numbers: 'high' },
      },
      overview: {
        homeRegion: '北京',
        silences: [{ start: '2017-10-26T12:24:17+08:00', end: '2017-11-11T09:50:56+08:00', hours: 381 }],
        averageMonthlyBillFen: null,
        distinctNumbers: 6,
        distinctRegions: 2,
      },
      behavior: { usageResult: '异常', legalResult: '无异常', usage: { carrier: '中国电信', abnormal: { openDate: true } } },
      missingMonths: { calls: [], callsPossibly: [], callsPartly: [], bills: [] },
    });
    expect(report.emergencyContacts[0]).toMatchObject({ name: '彭彭', relationship: '配偶', priority: 1, phone: '13027613576', calls: 2 });
    expect(report.monthly[0]).toEqual({
      month: '2017-11',
      calls: 7,
      seconds: 1445,
      mostActiveRegion: '北京',
      billFen: null,
      billNote: '未出账单',
      breakdown: null,
    });
    expect(report.topByCalls[0]?.roles).toEqual(['紧急联系人 1', '长时间联系人 1']);
    // The example's one garbled time ("151444 测试 3841") is null and counted; nothing else fails.
    expect(report.ignoredCalls[0]).toMatchObject({ time: null, phone: '13291920148', directionText: '主叫', label: { label: '快递送餐' } });
    expect(report.unreadable).toEqual({ 'report.ignoredCalls[].time': 1 });
  });

  it('§15.4: one mistyped value or list costs only itself', () => {
    const wire = documentData('calls/report') as Record<string, unknown>;
    const report = normalizeReport({
      ...wire,
      calls_sa_by_times: 'none',
      calls_overview: { ...(wire['calls_overview'] as object), night_calls_percent: 'n/a' },
    });
    expect(report.topByCalls).toEqual([]);
    expect(report.overview.nightCallShare).toBeNull();
    expect(report.overview.homeRegion).toBe('北京');
    expect(report.topBySeconds).toHaveLength(4);
    expect(report.unreadable).toMatchObject({ 'report.topByCalls': 1, 'report.overview.nightCallShare': 1 });
  });

  it('§16.5: reads the cuishou example into the neutral CollectionScore', () => {
    const score = CollectionScoreSchema.parse(normalizeScore(documentData('cuishou')));
    expect(score).toMatchObject({
      scoreId: '2ee8d51feb381c1c72509ee254fccdd9',
      phone: '18078867106',
      requestId: 'SIDae7b807f83fa7227b5cdc4e92f0d3f4b',
      computedAt: '2017-08-15T13:15:48+08:00',
      records: 7,
      usableRecords: 7,
      unreadable: {},
    });
    // "无": no such call.
    expect(score.periods.overall?.collectors).toMatchObject({ calls: 0, averageSeconds: 0, firstCall: null, lastCall: null });
    expect(score.periods.days60To90?.suspectedCollectors).toMatchObject({ callsOver60s: 0 });
  });

  it('§17.5: reads the itag example into the neutral NumberTags, keeping the key a number was listed under', () => {
    const tags = NumberTagsSchema.parse(normalizeTags(documentData('itag')));
    expect(tags.tagsId).toBe('082c449a58fe6e539d404e10bdbeef0');
    const byNumber = new Map(tags.numbers.map((n) => [n.listedAs ?? n.number, n]));
    expect(byNumber.get('95217169')).toMatchObject({ ok: true, flag: { type: '推销', count: 705, id: 2 }, description: null });
    expect(byNumber.get('035110000')).toMatchObject({
      number: '10000',
      listedAs: '035110000',
      location: '山西太原',
      description: '客户服务热线',
    });
    expect(byNumber.get('17321021422')?.financialTagIds).toEqual([2, 6, 10]);
    expect(tags.unreadable).toEqual({});
    expect(normalizeTags({ sid: 'x', tags: [] })).toEqual({ tagsId: 'x', numbers: [], unreadable: {} });
  });

  it('reads what the simulator serves without anything unreadable', () => {
    const who = { sid: 'SID1', tel: '15000000100', uid: 'u', now: Date.parse('2025-06-20T02:00:00Z') };
    expect(normalizeReport(reportData(who)).unreadable).toEqual({});
    expect(normalizeScore(cuishouData(who)).unreadable).toEqual({});
    expect(normalizeTags(itagData(who)).unreadable).toEqual({});
  });
});

describe('Dianhua extras collection', () => {
  it('§15.3, §16.3, §17.3: fetches report, score and tags with the crawl sid, neutral data beside the raw payload', async () => {
    const { data, client } = source((path) => answerFrom(fixture(FIXTURES[path as keyof typeof FIXTURES])));
    const got = await data.collectExtras?.(REF, ['report', 'score', 'tags']);
    expect(got).toEqual({
      report: {
        status: 'ready',
        data: normalizeReport(documentData('calls/report')),
        raw: { 'calls/report': documentData('calls/report') },
      },
      score: { status: 'ready', data: normalizeScore(documentData('cuishou')), raw: { cuishou: documentData('cuishou') } },
      tags: { status: 'ready', data: normalizeTags(documentData('itag')), raw: { itag: documentData('itag') } },
    });
    expect(client.calls.map((call) => call.path).sort()).toEqual(['calls/report', 'cuishou', 'itag']);
    expect(client.calls.every((call) => call.query['sid'] === REF.taskId)).toBe(true);
  });

  it('§16.4: refuses a score whose uid names another crawl', async () => {
    const { data } = source(() => answerFrom(fixture('doc-16.5-cuishou.json')));
    const got = await data.collectExtras?.({ ...REF, taskId: 'SIDc06bb4a157744a46a7131a9b47cbcff0' }, ['score']);
    expect(got?.score).toMatchObject({ status: 'failed', code: 'invalid_data' });
  });

  it('classifies each kind on its own: pending, failed, and no verdict on transport errors or odd codes', async () => {
    const replies: Record<string, StubReply> = {
      'calls/report': answerOf(3101, undefined, '数据生成中'),
      cuishou: answerOf(3102, undefined, '数据生成失败'),
      itag: new UpstreamError('network', 'reset'),
    };
    const { data } = source((path) => replies[path] ?? answerOf(9999));
    expect(await data.collectExtras?.(REF, ['report', 'score', 'tags'])).toEqual({
      report: { status: 'pending' },
      score: { status: 'failed', code: 'crawl_failed', message: expect.stringContaining('status 3102') as unknown },
    });
    const odd = source(() => answerOf(4007, undefined, '运营商繁忙')).data;
    expect(await odd.collectExtras?.(REF, ['tags'])).toEqual({});
  });

  it('reads a kind with a mistyped field, counting it, and fails only data that is no object', async () => {
    const { data } = source(() => answerOf(0, { sid: 'x', tags: 'secret-value' }));
    const got = await data.collectExtras?.(REF, ['tags']);
    expect(got?.tags).toMatchObject({ status: 'ready', data: { tagsId: 'x', numbers: [], unreadable: { 'numberTags.numbers': 1 } } });
    const broken = source(() => answerOf(0, 'secret-value')).data;
    const failed = await broken.collectExtras?.(REF, ['tags']);
    expect(failed?.tags).toMatchObject({ status: 'failed', code: 'invalid_data' });
    expect(JSON.stringify(failed)).not.toContain('secret-value');
  });

  it('asks only for the kinds requested, each once', async () => {
    const { data, client } = source(() => answerOf(3001));
    expect(await data.collectExtras?.(REF, ['score', 'score'])).toEqual({ score: { status: 'pending' } });
    expect(client.calls.map((call) => call.path)).toEqual(['cuishou']);
  });
});
