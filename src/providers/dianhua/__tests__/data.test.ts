import { afterEach, describe, expect, it } from 'vitest';
import { CollectedDataSchema } from '../../data-model';
import type { CollectRef, CollectResult } from '../../data-model';
import { UpstreamError } from '../../upstream-error';
import { createDianhuaDataSource } from '../data';
import { normalizeRecord } from '../data-map';
import { recordData } from '../simulator-data';
import { startFakeUpstream } from '../../../test-support/providers/dianhua/fake-upstream';
import { APP_ID, APP_SECRET, adapterConfig, fixture } from '../../../test-support/providers/dianhua/helpers';
import { answerFrom, answerOf, createStubDianhuaClient } from '../../../test-support/providers/dianhua/stub-client';
import type { StubReply } from '../../../test-support/providers/dianhua/stub-client';

const REF: CollectRef = { userId: 'user-42', taskId: 'SID779c0beeb9eb46b2b5fc70a238acff69', phone: '18511071359' };
const ZERO_BREAKDOWN = {
  packageFen: 600,
  extraCallsFen: 0,
  extraDataFen: 0,
  extraSmsFen: 0,
  valueAddedFen: 0,
  collectedForOthersFen: 0,
  otherFen: 0,
};

function source(reply: (path: string) => StubReply) {
  const client = createStubDianhuaClient(reply);
  return { client, data: createDianhuaDataSource(adapterConfig('http://dianhua.test'), { client }) };
}

function ready(result: CollectResult) {
  if (result.type !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(result)}`);
  return { ...result, data: CollectedDataSchema.parse(result.data) };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe('Dianhua data: the document examples', () => {
  it('normalizes the call records of §13.5', async () => {
    const { data, client } = source(() => answerFrom(fixture('doc-13.5-record.txt')));
    const result = ready(await data.collect(REF));
    expect(client.calls).toEqual([{ path: 'calls/record', query: { sid: REF.taskId } }]);
    expect(result.data).toEqual({
      provider: 'dianhua',
      // §13.4: tel, uid and sid of the record are kept.
      upstream: { taskId: 'SID779c0beeb9eb46b2b5fc70a238acff69', userId: null },
      subscriber: {
        phone: '18511071359',
        name: '青培',
        // As the carrier gave it (already masked by the carrier).
        idCard: '1407****003X',
        idCardMasking: 'carrier',
        address: '中国大陆西大街 1 8 - 3 号',
        openDate: '2017-05-10',
        carrier: 'china_unicom',
        region: null,
        balanceFen: null,
      },
      calls: [
        {
          time: '2017-11-23T17:07:58+08:00',
          durationSeconds: 7,
          direction: 'incoming',
          // §13.4 call_method, verbatim.
          directionText: '被叫',
          peer: '18709257665',
          place: '北京',
          peerPlace: '陕西西安',
          roaming: 'local',
          costFen: 0,
          carrierType: '国内通话',
        },
      ],
      sms: [],
      bills: [
        { month: '2017-11', totalFen: 855, breakdown: { ...ZERO_BREAKDOWN, extraCallsFen: 255 } },
        { month: '2017-10', totalFen: 600, breakdown: ZERO_BREAKDOWN },
      ],
      missingMonths: { calls: [], callsPossibly: [], sms: [], bills: [] },
      absentLists: ['sms'],
      skipped: { calls: 0, sms: 0, bills: 0 },
      unreadable: {},
      report: null,
      collectionScore: null,
      numberTags: null,
    });
    expect(result.raw).toEqual({ 'calls/record': answerFrom(fixture('doc-13.5-record.txt')).data });
    expect(result.stages).toEqual(['login', 'bills', 'calls']);
  });

  it('normalizes the data of the §14.3 result push the same way', () => {
    const push = answerFrom(fixture('doc-14.3-push-result.json'));
    const data = CollectedDataSchema.parse(normalizeRecord(push.data, { phone: REF.phone }));
    expect(data.calls).toEqual([
      expect.objectContaining({ time: '2017-12-06T11:47:01+08:00', direction: 'outgoing', peer: '10010', durationSeconds: 8 }),
    ]);
    expect(data.bills.map((bill) => bill.month)).toEqual(['2017-11']);
  });
});

describe('Dianhua data: mapping the live forms', () => {
  const call = (over: Record<string, unknown>) => ({
    call_method: '主叫',
    call_from: '北京',
    call_cost: '0.10',
    call_duration: '7',
    call_time: '1511428078',
    call_tel: '10086',
    call_to: '北京',
    call_type: '本地通话',
    ...over,
  });
  const record = {
    tel: '13800138000',
    sid: 'SID1',
    call_log_missing_month_list: ['201711', '2017-09', 'junk'],
    call_log_possibly_missing_month_list: [201708],
    phone_bill_missing_month_list: ['2017/10'],
    call_log: [
      call({ call_type: '国内漫游', call_duration: '1分20秒', call_time: '2017-11-20 08:00:00' }),
      call({ call_type: '国际漫游', call_time: '1511000000' }),
      call({ call_type: '港澳台漫游', call_method: '呼叫转移', call_time: '1510000000' }),
      call({ call_type: '', call_method: '被叫', call_time: '1509000000', call_cost: '' }),
      call({ call_time: '151444 测试 3841' }),
      call({ call_duration: 'long' }),
      'not a call',
    ],
    tel_info: { id_card: '运营商未透露', full_name: '运营商未透露', address: '', open_date: '2015-03-01' },
    bill: [
      { bill_month: 'Nov', bill_amount: '1.00' },
      { bill_month: '201710', bill_amount: '9.99', bill_qita: '1' },
    ],
  };

  it('maps roaming from the call type, directions, Chinese durations and costs, skipping what cannot be read', () => {
    const data = CollectedDataSchema.parse(normalizeRecord(record, { phone: '13800138000' }));
    expect(data.calls.map((c) => [c.time, c.durationSeconds, c.direction, c.roaming, c.costFen, c.carrierType])).toEqual([
      ['2017-11-20T08:00:00+08:00', 80, 'outgoing', 'domestic_roaming', 10, '国内漫游'],
      ['2017-11-18T18:13:20+08:00', 7, 'outgoing', 'other', 10, '国际漫游'],
      ['2017-11-07T04:26:40+08:00', 7, 'unknown', 'other', 10, '港澳台漫游'],
      ['2017-10-26T14:40:00+08:00', 7, 'incoming', null, null, null],
    ]);
    expect(data.skipped).toEqual({ calls: 3, sms: 0, bills: 1 });
    expect(data.calls.map((c) => c.directionText)).toEqual(['主叫', '主叫', '呼叫转移', '被叫']);
    // One mistyped value is null and counted; the rest of its record and block stays.
    expect(data.unreadable).toEqual({
      'calls[]': 1,
      'calls[].time': 1,
      'calls[].durationSeconds': 1,
      'bills[].month': 1,
      'missingMonths.calls[]': 1,
    });
    expect(data.bills).toEqual([
      { month: '2017-10', totalFen: 999, breakdown: expect.objectContaining({ otherFen: 100, packageFen: null }) as unknown },
    ]);
    expect(data.missingMonths).toEqual({ calls: ['2017-11', '2017-09'], callsPossibly: ['2017-08'], sms: [], bills: ['2017-10'] });
    expect(data.subscriber).toEqual({
      phone: '13800138000',
      name: null,
      idCard: null,
      idCardMasking: null,
      address: null,
      openDate: '2015-03-01',
      carrier: 'china_mobile',
      region: null,
      balanceFen: null,
    });
  });

  it("reads tel_info sent as PHP's empty array as nothing known", () => {
    const data = normalizeRecord({ ...record, tel_info: [] }, { phone: '13800138000' });
    expect(data.subscriber).toMatchObject({ name: null, idCard: null, openDate: null });
  });

  it('reads a record holding only its sid as nothing collected', () => {
    const data = CollectedDataSchema.parse(normalizeRecord({ sid: 'SID1' }, { phone: '13800138000' }));
    expect(data).toMatchObject({
      calls: [],
      bills: [],
      missingMonths: { calls: [], bills: [] },
      subscriber: { name: null, carrier: 'china_mobile' },
    });
  });

  it('reads a record without sid (the id is the one the crawl was asked under), and refuses data that is no object', () => {
    const data = CollectedDataSchema.parse(normalizeRecord({ call_log: [], sid: 12 }, { phone: '13800138000' }));
    expect(data.upstream.taskId).toBe('12');
    expect(normalizeRecord({ call_log: [], sid: { nested: true } }, { phone: '13800138000' }).unreadable).toEqual({ 'upstream.taskId': 1 });
    expect(() => normalizeRecord(['not', 'an', 'object'], { phone: '13800138000' })).toThrow(UpstreamError);
  });

  it('§13.4: one mistyped field never fails the block: a tel_info that is a string and a bill list that is an object', () => {
    const data = CollectedDataSchema.parse(
      normalizeRecord({ ...record, tel_info: 'oops', bill: { bill_month: '201710' } }, { phone: '13800138000' }),
    );
    expect(data.calls).toHaveLength(4);
    expect(data.subscriber.name).toBeNull();
    expect(data.unreadable).toMatchObject({ subscriber: 1, bills: 1 });
  });

  it('normalizes what the simulator serves, with every call type mapped', () => {
    const now = Date.parse('2025-06-20T02:00:00Z');
    const data = CollectedDataSchema.parse(
      normalizeRecord(recordData({ sid: 'SID9', tel: '15000000100', uid: 'u', now }), { phone: '15000000100' }),
    );
    expect(data.calls).toHaveLength(8);
    expect(new Set(data.calls.map((c) => c.roaming))).toEqual(new Set(['local', 'domestic_roaming', 'other']));
    expect(data.calls.some((c) => c.durationSeconds === 80)).toBe(true);
    expect(data.bills.map((b) => b.month)).toEqual(['2025-05', '2025-04', '2025-03', '2025-02', '2025-01', '2024-12']);
    expect(data.bills.every((b) => b.totalFen === (b.breakdown.packageFen ?? 0) + (b.breakdown.extraCallsFen ?? 0))).toBe(true);
    expect(data.skipped).toEqual({ calls: 0, sms: 0, bills: 0 });
  });
});

describe('Dianhua data: ready, pending, failed', () => {
  it.each([3001, 3101])('waits on %i', async (status) => {
    const { data } = source(() => answerOf(status, undefined, '查询中'));
    expect(await data.collect(REF)).toEqual({ type: 'pending', stages: ['login'], reason: 'data not generated yet' });
  });

  it.each([
    [3100, '查询失败', 'crawl_failed'],
    [3102, '数据生成失败', 'crawl_failed'],
    [4016, '无效会话', 'task_unknown'],
    [5000, 'invalid sid', 'task_unknown'],
    [5001, 'outdated sid', 'task_unknown'],
    // §20: the carrier forbids the query (20016: the month's records).
    [20016, '运营商禁止查询该月详单', 'query_forbidden'],
  ])('fails for good on %i, quoting the vendor message', async (status, msg, code) => {
    const { data } = source(() => answerOf(status, undefined, msg));
    const result = await data.collect(REF);
    expect(result).toMatchObject({ type: 'failed', code });
    expect(result.type === 'failed' && result.message).toContain(`status ${status}, "${msg}"`);
  });

  it('throws on other codes and on transport errors, for the collector to retry', async () => {
    await expect(source(() => answerOf(4007, undefined, '运营商繁忙')).data.collect(REF)).rejects.toThrow(/status 4007/);
    await expect(source(() => new UpstreamError('timeout', 'slow')).data.collect(REF)).rejects.toMatchObject({ failure: 'timeout' });
  });

  it('fetches calls/record through the real client with a token and the sid', async () => {
    const upstream = await startFakeUpstream((request) =>
      request.path === '/token' ? { status: 0, data: { token: 'tk+1/=', expires: '2099-01-01 00:00:00' } } : fixture('doc-13.5-record.txt'),
    );
    cleanups.push(upstream.close);
    const data = createDianhuaDataSource({ baseUrl: upstream.url, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 2000 });
    cleanups.push(() => data.close());
    expect(ready(await data.collect(REF)).data.calls).toHaveLength(1);
    const record = upstream.requests.find((r) => r.path === '/calls/record');
    expect(record?.query.get('sid')).toBe(REF.taskId);
    expect(record?.query.get('token')).toBe('tk+1/=');
  });
});
