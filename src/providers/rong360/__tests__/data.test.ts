import { describe, expect, it } from 'vitest';
import { CollectedDataSchema } from '../../data-model';
import type { CollectRef, CollectResult } from '../../data-model';
import { UpstreamError } from '../../upstream-error';
import { createRong360DataSource } from '../data';
import type { Rong360DataDeps } from '../data';
import { GETDATA_METHOD, QUERY_STATUS_METHOD } from '../wire-data';
import { adapterConfig, expectedCommon, fixture } from '../../../test-support/providers/rong360/helpers';
import { answer, createStubClient } from '../../../test-support/providers/rong360/stub-client';
import { createStubHttp } from '../../../test-support/providers/rong360/stub-http';
import type { GatewayReply, GatewayRequest } from '../../../test-support/providers/rong360/stub-http';

const REF: CollectRef = { userId: 'user-42', taskId: '5446', phone: '13800138000' };
// 2016-01-15 12:00 in Beijing: the document's calls are from 2015-10 and 2015-12.
const NOW = Date.parse('2016-01-15T04:00:00Z');

const status = (value: number, desc = '') =>
  JSON.stringify({ error: 200, msg: '成功', wd_api_crawler_queryStatus_response: { status_id: '5446', status: value, status_desc: desc } });
const empty = '{"error":200,"msg":"处理成功","wd_api_mobilephone_getdata_response":{"data":{"data_list":[]}}}';

function source(reply: (request: GatewayRequest) => GatewayReply, deps: Rong360DataDeps = {}) {
  const http = createStubHttp(reply);
  return { http, data: createRong360DataSource(adapterConfig('http://gateway.test'), { http, now: () => NOW, ...deps }) };
}

/** A gateway answering queryStatus with `crawl` and getdata with `getdata`. */
function gateway(crawl: GatewayReply, getdata: GatewayReply) {
  return (request: GatewayRequest) => (request.method === QUERY_STATUS_METHOD ? crawl : getdata);
}

function ready(result: CollectResult) {
  if (result.type !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(result)}`);
  return { ...result, data: CollectedDataSchema.parse(result.data) };
}

describe('Rong360 data: the document example (§4.4)', () => {
  it('normalizes both teldata lists and drops the duplicated call', async () => {
    const { data } = source(gateway(status(2), fixture('doc-4.4-getdata.json')));
    const result = ready(await data.collect(REF));
    expect(result.data.calls).toEqual([
      {
        time: '2015-12-01T09:16:57+08:00',
        durationSeconds: 15,
        direction: 'incoming',
        directionText: null,
        peer: '18618488800',
        place: null,
        peerPlace: null,
        roaming: 'local',
        costFen: null,
        carrierType: null,
      },
      {
        time: '2015-10-31T17:58:41+08:00',
        durationSeconds: 45,
        direction: 'outgoing',
        directionText: null,
        peer: '15510144132',
        place: null,
        peerPlace: null,
        roaming: 'local',
        costFen: null,
        carrierType: null,
      },
    ]);
    expect(result.data.subscriber).toEqual({
      phone: null,
      name: null,
      idCard: null,
      idCardMasking: null,
      address: null,
      openDate: null,
      carrier: 'china_mobile',
      region: '北京',
      balanceFen: null,
    });
    expect(result.data).toMatchObject({
      provider: 'rong360',
      upstream: { taskId: '5446', userId: 'user-42' },
      sms: [],
      bills: [],
      skipped: { calls: 0, sms: 0, bills: 0 },
      unreadable: {},
    });
    // §4.4's example has no SMS and no bill list at all: their missing months say nothing.
    expect(result.data.absentLists).toEqual(['sms', 'bills']);
    expect(result.data.missingMonths).toEqual({
      calls: ['2016-01', '2015-11', '2015-09', '2015-08'],
      callsPossibly: [],
      sms: ['2016-01', '2015-12', '2015-11', '2015-10', '2015-09', '2015-08'],
      bills: ['2015-12', '2015-11', '2015-10', '2015-09', '2015-08', '2015-07'],
    });
    expect(result.stages).toEqual(['login', 'bills', 'calls', 'sms']);
  });

  it('keeps the whole answer, repeated keys merged, as the raw payload', async () => {
    const { data } = source(gateway(status(2), fixture('doc-4.4-getdata.json')));
    const { raw } = ready(await data.collect(REF));
    const answer = raw[GETDATA_METHOD] as { wd_api_mobilephone_getdata_response: { data: { data_list: Array<{ teldata: unknown[] }> } } };
    expect(answer.wd_api_mobilephone_getdata_response.data.data_list[0]?.teldata).toHaveLength(2);
  });
});

describe('Rong360 data: mapping the data dictionary (§5)', () => {
  const body = JSON.stringify({
    code: 200,
    msg: 'ok',
    data: {
      data_list: [
        {
          userdata: {
            user_source: 'CHINAUNICOM_SHAANXI',
            id_card: '61010319900101123X',
            addr: '西安市',
            real_name: '王五',
            phone_remain: '12.34',
            phone: '13000000000',
          },
          teldata: [
            {
              trade_type: '2',
              trade_time: '1分20秒',
              call_time: '2016-01-10 08:00:00',
              trade_addr: '上海',
              receive_phone: '10010',
              call_type: '1',
            },
            {
              trade_type: '3',
              trade_time: '1小时0分1秒',
              call_time: '2016-01-09 08:00:00',
              trade_addr: '',
              receive_phone: '10086',
              call_type: '3',
            },
            { trade_type: '1', trade_time: '很久', call_time: '2016-01-08 08:00:00', receive_phone: '10086', call_type: '1' },
            { trade_type: '1', trade_time: '5', call_time: 'yesterday', receive_phone: '10086', call_type: '1' },
          ],
          msgdata: [
            { msgdata: [{ send_time: '2016-01-02 10:00:00', trade_way: '1', receiver_phone: '12306' }] },
            { send_time: '2016-01-03 10:00:00', trade_way: '2', receiver_phone: '95555' },
            { send_time: '2016-01-03 10:00:00', trade_way: '2', receiver_phone: '95555' },
            { send_time: '', trade_way: '2', receiver_phone: '95555' },
          ],
          billdata: [
            { month: '201512', call_pay: '58.30' },
            { month: '2015-11', call_pay: '' },
            { month: 'last', call_pay: '1.00' },
          ],
        },
      ],
    },
  });

  it('maps types, directions, Chinese durations, yuan and the province, counting unreadable records', async () => {
    const { data } = source(gateway(status(2), body));
    const { data: collected } = ready(await data.collect({ ...REF, phone: '13000000000' }));
    expect(collected.subscriber).toEqual({
      phone: '13000000000',
      name: '王五',
      idCard: '61010319900101123X',
      idCardMasking: 'none',
      address: '西安市',
      openDate: null,
      carrier: 'china_unicom',
      region: '陕西',
      balanceFen: 1234,
    });
    expect(collected.calls.map((c) => [c.time, c.durationSeconds, c.direction, c.roaming, c.place])).toEqual([
      ['2016-01-10T08:00:00+08:00', 80, 'outgoing', 'domestic_roaming', '上海'],
      ['2016-01-09T08:00:00+08:00', 3601, 'unknown', 'other', null],
    ]);
    expect(collected.sms).toEqual([
      { time: '2016-01-03T10:00:00+08:00', direction: 'received', peer: '95555' },
      { time: '2016-01-02T10:00:00+08:00', direction: 'sent', peer: '12306' },
    ]);
    expect(collected.bills).toEqual([
      { month: '2015-12', totalFen: 5830, breakdown: expect.objectContaining({ packageFen: null, otherFen: null }) as unknown },
      { month: '2015-11', totalFen: null, breakdown: expect.objectContaining({ extraCallsFen: null }) as unknown },
    ]);
    expect(collected.skipped).toEqual({ calls: 2, sms: 1, bills: 1 });
    expect(collected.unreadable).toEqual({ 'calls[].durationSeconds': 1, 'calls[].time': 1, 'bills[].month': 1 });
    expect(collected.missingMonths.bills).toEqual(['2015-10', '2015-09', '2015-08', '2015-07']);
  });
});

describe('Rong360 data: §5.4 monthly bills, whatever the list is named', () => {
  const bills = [
    { month: '2015-12', totalFen: 5830 },
    { month: '2015-11', totalFen: 6100 },
  ];

  for (const name of ['doc-5.4-billdata.json', 'doc-5.4-billdata-nested.json', 'doc-5.4-bills-other-name.json']) {
    it(`§5.4: reads month and call_pay from ${name}`, async () => {
      const { data } = source(gateway(status(2), fixture(name)));
      const { data: collected } = ready(await data.collect(REF));
      expect(collected.bills.map(({ month, totalFen }) => ({ month, totalFen }))).toEqual(bills);
      expect(collected.absentLists).toEqual([]);
      expect(collected.missingMonths.bills).toEqual(['2015-10', '2015-09', '2015-08', '2015-07']);
    });
  }

  it('§4.4: an answer with no bill list says the list is absent rather than the bills missing for no reason', async () => {
    const { data } = source(gateway(status(2), fixture('doc-4.4-getdata.json')));
    const { data: collected } = ready(await data.collect(REF));
    expect(collected.bills).toEqual([]);
    expect(collected.absentLists).toContain('bills');
  });

  it('§5.2 and §5.3: reads the other party under both spellings (receive_phone, receiver_phone) in both lists', async () => {
    const body = JSON.stringify({
      error: 200,
      wd_api_mobilephone_getdata_response: {
        data: {
          data_list: [
            {
              teldata: [{ trade_type: '1', trade_time: '15', call_time: '2016-01-02 10:00:00', receiver_phone: '10086', call_type: '1' }],
              msgdata: [{ send_time: '2016-01-02 11:00:00', trade_way: '1', receive_phone: '10010' }],
            },
          ],
        },
      },
    });
    const { data } = source(gateway(status(2), body));
    const { data: collected } = ready(await data.collect(REF));
    expect(collected.calls[0]?.peer).toBe('10086');
    expect(collected.sms[0]?.peer).toBe('10010');
  });
});

describe('Rong360 data: pending, failed and errors', () => {
  it('asks queryStatus first with status_id and the common parameters', async () => {
    const { data, http } = source(gateway(status(1, '抓取中'), empty));
    expect(await data.collect(REF)).toEqual({ type: 'pending', stages: ['login'], reason: 'crawl in progress' });
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]).toMatchObject({ method: QUERY_STATUS_METHOD, biz: { ...expectedCommon('user-42'), status_id: '5446' } });
    expect(http.requests[0]?.fields['sign']).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('reports a failed crawl as failed, with the vendor status in English', async () => {
    const { data, http } = source(gateway(status(3, '抓取失败'), empty));
    const result = await data.collect(REF);
    expect(result).toMatchObject({ type: 'failed', code: 'crawl_failed' });
    expect(result.type === 'failed' && result.message).toContain('status 3');
    expect(http.requests.map((r) => r.method)).toEqual([QUERY_STATUS_METHOD]);
  });

  it('calls getdata with user_id when the crawl is done, and waits while data_list is empty', async () => {
    const { data, http } = source(gateway(status(2), empty));
    expect(await data.collect(REF)).toEqual({ type: 'pending', stages: ['login'], reason: 'data not landed yet' });
    expect(http.requests[1]).toMatchObject({ method: GETDATA_METHOD, biz: { ...expectedCommon('user-42'), user_id: 'user-42' } });
  });

  it('goes on to getdata when queryStatus answers an error code (the method is undocumented)', async () => {
    const { data } = source(gateway('{"error":400,"msg":"任务不存在"}', fixture('doc-4.4-getdata.json')));
    expect((await data.collect(REF)).type).toBe('ready');
  });

  it('skips queryStatus when configured so', async () => {
    const { data, http } = source(gateway(status(3), fixture('doc-4.4-getdata.json')), { queryStatus: false });
    expect((await data.collect(REF)).type).toBe('ready');
    expect(http.requests.map((r) => r.method)).toEqual([GETDATA_METHOD]);
  });

  it('throws an UpstreamError naming the code when getdata answers an error envelope', async () => {
    const { data } = source(gateway(status(2), '{"error":506201,"msg":"系统异常"}'));
    const error = await data.collect(REF).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toContain('506201');
  });

  it('throws on HTTP errors and unreadable answers, for the collector to retry', async () => {
    const http502 = source(gateway({ status: 502, body: '<html>502</html>' }, empty)).data;
    await expect(http502.collect(REF)).rejects.toMatchObject({ failure: 'http', status: 502 });
    const garbage = source(gateway(status(2), '<html>系统维护中</html>')).data;
    await expect(garbage.collect(REF)).rejects.toMatchObject({ failure: 'invalid' });
  });

  it('works over a client without raw text, which can only keep the last of a repeated key', async () => {
    const client = createStubClient([answer(status(2)), answer(fixture('doc-4.4-getdata.json'))]);
    const data = createRong360DataSource(adapterConfig('http://gateway.test'), { client, now: () => NOW });
    const result = ready(await data.collect(REF));
    expect(result.data.calls.map((c) => c.time)).toEqual(['2015-12-01T09:16:57+08:00']);
    expect(client.calls.map((c) => c.method)).toEqual([QUERY_STATUS_METHOD, GETDATA_METHOD]);
    expect(result.raw[GETDATA_METHOD]).toMatchObject({ error: 200, wd_api_mobilephone_getdata_response: { data: {} } });
  });

  it('closes the HTTP client it was given', async () => {
    const { data, http } = source(gateway(status(2), empty));
    await data.close();
    expect(http.closed).toBe(true);
  });
});
