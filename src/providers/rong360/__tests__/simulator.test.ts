import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../http';
import { renderCaptchaPng } from '../../shared/captcha-png';
import { signRequest } from '../client';
import { CAPTCHA_SEQUENCE, SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../sandbox';
import { generateMerchantKeyPair, startRong360Simulator } from '../simulator';
import { APP_ID, PRIVATE_KEY_PEM, PUBLIC_KEY_PEM, expectedCommon } from '../../../test-support/providers/rong360/helpers';

const http = createHttpClient({ timeoutMs: 3000 });
let url: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url, close } = await startRong360Simulator({ merchants: { [APP_ID]: PUBLIC_KEY_PEM } }));
});
afterAll(async () => {
  await http.close();
  await close();
});

type Json = Record<string, unknown>;

function signedFields(method: string, biz: Record<string, string>, appId = APP_ID, key = PRIVATE_KEY_PEM) {
  const fields: Record<string, string> = {
    method,
    app_id: appId,
    version: '1.0',
    sign_type: 'RSA',
    format: 'json',
    timestamp: String(Math.floor(Date.now() / 1000)),
    biz_data: JSON.stringify(biz),
  };
  fields['sign'] = signRequest(fields, key);
  return fields;
}

async function post(fields: Record<string, string>): Promise<Json> {
  const response = await http.postForm(url, fields);
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as Json;
}

const call = (method: string, biz: Record<string, string>) => post(signedFields(`crawler.api.mobile.v4.${method}`, biz));

function user(phone: string): Record<string, string> {
  const userId = randomUUID();
  return { cellphone: phone, user_id: userId, ...expectedCommon(userId) };
}

describe('Rong360 simulator gateway', () => {
  it('answers a signed login with the live envelope and v4 payload key', async () => {
    const body = await call('login', { ...user('13800138000'), password: SANDBOX_PASSWORD });
    expect(body).toMatchObject({ error: 200, msg: '成功' });
    expect(body).toHaveProperty('crawler_api_mobile_v4_login_response.next.method', 'submitMessageCode');
  });

  it('refuses a tampered field, a missing signature, a foreign key and an unknown app_id', async () => {
    const fields = signedFields('crawler.api.mobile.v4.login', { ...user('13800138000'), password: SANDBOX_PASSWORD });
    const tampered = { ...fields, biz_data: fields['biz_data']!.replace('13800138000', '13800138009') };
    expect(await post(tampered)).toEqual({ error: 401, msg: '签名验证失败' });
    const { sign: _sign, ...unsigned } = fields;
    expect(await post(unsigned)).toEqual({ error: 401, msg: '签名验证失败' });
    const otherKey = generateMerchantKeyPair().privateKeyPem;
    expect(await post(signedFields('crawler.api.mobile.v4.login', user('13800138000'), APP_ID, otherKey))).toMatchObject({ error: 401 });
    expect(await post(signedFields('crawler.api.mobile.v4.login', user('13800138000'), '999'))).toEqual({ error: 401, msg: 'app_id无效' });
  });

  it('checks merchant_id against app_id and the common parameters', async () => {
    expect(await call('login', { ...user('13800138000'), merchant_id: '42' })).toMatchObject({ error: 400 });
    const { notice_url: _notice, ...withoutNotice } = user('13800138000');
    expect(await call('login', withoutNotice)).toEqual({ error: 400, msg: '缺少公共参数: notice_url' });
  });

  it("accepts the document's JSON body with biz_data as an object", async () => {
    const biz = { ...user('13800138000'), password: SANDBOX_PASSWORD };
    const fields = signedFields('crawler.api.mobile.v4.login', biz);
    const response = await http.postJson(url, { ...fields, biz_data: biz });
    expect(JSON.parse(response.body)).toMatchObject({ error: 200 });
  });

  it('draws captchas as real PNGs of the sequence and moves on at each refresh', async () => {
    const who = user('13800138001');
    const login = await call('login', { ...who, password: SANDBOX_PASSWORD });
    expect(login.msg).toBeNull();
    const param = (login['crawler_api_mobile_v4_login_response'] as { next: { param: Array<Record<string, unknown>>; hidden: unknown[] } })
      .next;
    expect(param.param[0]).toMatchObject({ type: '8', key: 'pic_code' });
    expect(param.hidden).toContainEqual({ key: 'password' });
    const png = Buffer.from(String(param.param[0]!['value']), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength))).toHaveLength((width * 3 + 1) * height);
    expect(png.equals(renderCaptchaPng(CAPTCHA_SEQUENCE[0]))).toBe(true);

    expect(await call('refreshPicCode', { ...who, piccode_type: '1' })).toEqual({ error: 400, msg: '参数错误: piccode_type' });
    const refreshed = await call('refreshPicCode', { ...who, piccode_type: '2' });
    const picCode = (refreshed['crawler_api_mobile_v4_refreshPicCode_response'] as { pic_code: string }).pic_code;
    expect(Buffer.from(picCode, 'base64').equals(renderCaptchaPng(CAPTCHA_SEQUENCE[1]))).toBe(true);
  });

  it('answers refreshMessageCode without payload, as document §3.6.4', async () => {
    const who = user('13800138000');
    await call('login', { ...who, password: SANDBOX_PASSWORD });
    expect(await call('refreshMessageCode', { ...who, messagecode_type: '1' })).toEqual({ error: 200, msg: '成功' });
  });

  it('§3.5.2: wants messagecode_type on getMessageCode, then answers the SMS request without next (山西移动)', async () => {
    const who = user('13800138002');
    const login = await call('login', { ...who, password: SANDBOX_PASSWORD });
    const next = (login['crawler_api_mobile_v4_login_response'] as { next: { hidden: Array<{ key: string; value: string }> } }).next;
    const hidden = Object.fromEntries(next.hidden.map((entry) => [entry.key, entry.value]));
    const request = { ...who, ...hidden, pic_code: CAPTCHA_SEQUENCE[0], password: SANDBOX_PASSWORD };
    expect(await call('getMessageCode', { ...request, messagecode_type: '' })).toEqual({ error: 400, msg: '参数错误: messagecode_type' });
    expect(await call('getMessageCode', request)).toEqual({ error: 200, msg: '成功' });
    const done = await call('submitMessageCode', { ...who, task_token: hidden['task_token'] ?? '', message_code: SANDBOX_SMS_CODE });
    expect(done).toHaveProperty('crawler_api_mobile_v4_submitMessageCode_response.status_id');
  });

  it('§2.2: answers the never-seen step in the envelope of the tables (code, msg, response)', async () => {
    const who = user('13000138007');
    const login = await call('login', { ...who, password: SANDBOX_PASSWORD });
    const next = (login['crawler_api_mobile_v4_login_response'] as { next: { hidden: Array<{ key: string; value: string }> } }).next;
    const hidden = Object.fromEntries(next.hidden.map((entry) => [entry.key, entry.value]));
    const body = await call('submitEntryCity', { ...who, ...hidden, entry_city: '北京' });
    expect(body).toMatchObject({ code: 200, msg: '成功', response: { next: { method: 'submitMessageCode' } } });
  });

  it('completes with a status_id that queryStatus knows, and answers getLoginRule', async () => {
    const who = user('13800138000');
    const login = await call('login', { ...who, password: SANDBOX_PASSWORD });
    const token = (
      login['crawler_api_mobile_v4_login_response'] as { next: { hidden: Array<{ key: string; value: string }> } }
    ).next.hidden.find((h) => h.key === 'task_token')!.value;
    expect(await call('submitMessageCode', { ...who, message_code: SANDBOX_SMS_CODE })).toEqual({ error: 400, msg: '任务令牌无效' });
    const done = await call('submitMessageCode', { ...who, message_code: SANDBOX_SMS_CODE, task_token: token });
    const statusId = (done['crawler_api_mobile_v4_submitMessageCode_response'] as { status_id: number }).status_id;
    expect(statusId).toEqual(expect.any(Number));
    const status = await post(signedFields('wd.api.crawler.queryStatus', { ...who, status_id: String(statusId) }));
    expect(status).toHaveProperty('wd_api_crawler_queryStatus_response.status', 1);
    const rule = await call('getLoginRule', { ...who, password: SANDBOX_PASSWORD });
    expect(rule).toHaveProperty('crawler_api_mobile_v4_getLoginRule_response.login_rule');
  });

  it('keeps no session for calls that did not log in', async () => {
    expect(await call('submitMessageCode', { ...user('13800138000'), message_code: '1' })).toMatchObject({ error: 400 });
  });
});

describe('Rong360 simulator on its own', () => {
  it('generates merchant key pairs it can verify signatures with', async () => {
    const pair = generateMerchantKeyPair();
    const lines: string[] = [];
    const own = await startRong360Simulator({ merchants: { '7': pair.publicKeyPem }, log: (line) => lines.push(line) });
    try {
      const fields = signedFields(
        'crawler.api.mobile.v4.login',
        { ...user('13800138000'), merchant_id: '7', password: SANDBOX_PASSWORD },
        '7',
        pair.privateKeyPem,
      );
      const response = await http.postForm(own.url, fields);
      expect(JSON.parse(response.body)).toMatchObject({ error: 200 });
      expect(lines).toEqual(['crawler.api.mobile.v4.login 138****8000 -> 200']);
      expect(lines.join()).not.toContain(SANDBOX_PASSWORD);
    } finally {
      await own.close();
    }
  });
});
