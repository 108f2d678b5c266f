import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { CollectRef } from '../../data-model';
import { UpstreamError } from '../../upstream-error';
import { createDianhuaDataSource } from '../data';
import { DianhuaReportSchema, DianhuaScoreSchema, DianhuaTagsSchema } from '../extras-wire';
import { cuishouData, itagData, reportData } from '../simulator-data';
import { adapterConfig, fixture } from './helpers';
import { answerFrom, answerOf, createStubDianhuaClient } from './stub-client';
import type { StubReply } from './stub-client';

const REF: CollectRef = { userId: 'user-42', taskId: 'SIDc06bb4a157744a46a7131a9b47cbcff0', phone: '15313695093' };
const FIXTURES = { 'calls/report': 'doc-15.5-report.txt', cuishou: 'doc-16.5-cuishou.json', itag: 'doc-17.5-itag.json' } as const;

function source(reply: (path: string) => StubReply) {
  const client = createStubDianhuaClient(reply);
  return { client, data: createDianhuaDataSource(adapterConfig('http://dianhua.test'), { client }) };
}

const documentData = (path: keyof typeof FIXTURES) => answerFrom(fixture(FIXTURES[path])).data;

describe('Dianhua extras schemas', () => {
  it.each([
    ['calls/report', DianhuaReportSchema],
    ['cuishou', DianhuaScoreSchema],
    ['itag', DianhuaTagsSchema],
  ] as const)('pass the %s example of the document through unchanged', (path, schema) => {
    const data = documentData(path);
    expect(schema.parse(data)).toEqual(data);
  });

  it('keeps the typed fields typed and the unknown ones as they came', () => {
    const report = DianhuaReportSchema.parse(documentData('calls/report'));
    expect(report.version).toBe('V2.8.0');
    expect(report.cuishou_risk_detection?.detection_result).toBe(1);
    expect(report['sic']).toBe('SIDc06bb4a157744a46a7131a9b47cbcff0'); // the document's own typo, passed through
    const tags = DianhuaTagsSchema.parse(documentData('itag'));
    expect(tags.tags && !Array.isArray(tags.tags) ? tags.tags['95217169']?.flag : undefined).toEqual({ type: '推销', num: 705, fid: 2 });
  });

  it('accepts what the simulator serves', () => {
    const who = { sid: 'SID1', tel: '15000000100', uid: 'u', now: Date.parse('2025-06-20T02:00:00Z') };
    expect(() => DianhuaReportSchema.parse(reportData(who))).not.toThrow();
    expect(() => DianhuaScoreSchema.parse(cuishouData(who))).not.toThrow();
    expect(() => DianhuaTagsSchema.parse(itagData(who))).not.toThrow();
  });

  it("refuses a structurally wrong answer and accepts PHP's empty tag map", () => {
    expect(DianhuaReportSchema.safeParse({ calls_sa_by_times: 'none' }).success).toBe(false);
    expect(DianhuaTagsSchema.parse({ sid: 'x', tags: [] })).toEqual({ sid: 'x', tags: [] });
  });

  it('describe themselves as JSON Schema under their ids for /openapi.json', () => {
    for (const [schema, id] of [
      [DianhuaReportSchema, 'DianhuaReport'],
      [DianhuaScoreSchema, 'DianhuaScore'],
      [DianhuaTagsSchema, 'DianhuaTags'],
    ] as const) {
      const json = z.toJSONSchema(z.object({ value: schema }), { target: 'draft-2020-12', io: 'output' }) as {
        $defs?: Record<string, unknown>;
      };
      expect(Object.keys(json.$defs ?? {})).toContain(id);
    }
  });
});

describe('Dianhua extras collection', () => {
  it('fetches report, score and tags from calls/report, cuishou and itag with the sid', async () => {
    const { data, client } = source((path) => answerFrom(fixture(FIXTURES[path as keyof typeof FIXTURES])));
    const got = await data.collectExtras?.(REF, ['report', 'score', 'tags']);
    expect(got).toEqual({
      report: { status: 'ready', data: documentData('calls/report') },
      score: { status: 'ready', data: documentData('cuishou') },
      tags: { status: 'ready', data: documentData('itag') },
    });
    expect(client.calls.map((call) => call.path).sort()).toEqual(['calls/report', 'cuishou', 'itag']);
    expect(client.calls.every((call) => call.query['sid'] === REF.taskId)).toBe(true);
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

  it('fails a kind whose data has the wrong shape, naming where without values', async () => {
    const { data } = source(() => answerOf(0, { sid: 'x', tags: 'secret-value' }));
    const got = await data.collectExtras?.(REF, ['tags']);
    expect(got?.tags).toMatchObject({ status: 'failed', code: 'invalid_data' });
    expect(JSON.stringify(got)).not.toContain('secret-value');
  });

  it('asks only for the kinds requested, each once', async () => {
    const { data, client } = source(() => answerOf(3001));
    expect(await data.collectExtras?.(REF, ['score', 'score'])).toEqual({ score: { status: 'pending' } });
    expect(client.calls.map((call) => call.path)).toEqual(['cuishou']);
  });
});
