import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../http';
import { startPushReceiver, sleep } from '../../../test-support/providers/push-receiver';
import { signRequest } from '../client';
import { CRAWL_FAILURE_SCENARIOS, SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../sandbox';
import { startRong360Simulator } from '../simulator';
import type { Rong360SimulatorOptions } from '../simulator';
import { APP_ID, PRIVATE_KEY_PEM, PUBLIC_KEY_PEM, expectedCommon } from '../../../test-support/providers/rong360/helpers';

type Json = Record<string, unknown>;
const http = createHttpClient({ timeoutMs: 3000 });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(options: Partial<Rong360SimulatorOptions> = {}) {
  const log: string[] = [];
  const sim = await startRong360Simulator({ merchants: { [APP_ID]: PUBLIC_KEY_PEM }, log: (line) => log.push(line), ...options });
  cleanups.push(sim.close);
  async function call(method: string, biz: Record<string, string>): Promise<Json> {
    const fields: Record<string, string> = {
      method,
      app_id: APP_ID,
      version: '1.0',
      sign_type: 'RSA',
      format: 'json',
      timestamp: String(Math.floor(Date.now() / 1000)),
      biz_data: JSON.stringify(biz),
    };
    fields['sign'] = signRequest(fields, PRIVATE_KEY_PEM);
    return JSON.parse((await http.postForm(sim.url, fields)).body) as Json;
  }
  /** Logs a number in through the plain SMS flow; returns its biz identity and status_id. */
  async function authorize(phone: string, noticeUrl: string) {
    const userId = randomUUID();
    const who = { cellphone: phone, ...expectedCommon(userId), notice_url: noticeUrl };
    const login = await call('crawler.api.mobile.v4.login', { ...who, password: SANDBOX_PASSWORD });
    const hidden = (login['crawler_api_mobile_v4_login_response'] as { next: { hidden: Array<{ key: string; value: string }> } }).next
      .hidden;
    const taskToken = hidden.find((h) => h.key === 'task_token')?.value ?? '';
    const done = await call('crawler.api.mobile.v4.submitMessageCode', { ...who, message_code: SANDBOX_SMS_CODE, task_token: taskToken });
    const statusId = String((done['crawler_api_mobile_v4_submitMessageCode_response'] as { status_id: number }).status_id);
    return { who, userId, statusId };
  }
  const statusOf = async (who: Record<string, string>, statusId: string) =>
    (await call('wd.api.crawler.queryStatus', { ...who, status_id: statusId }))['wd_api_crawler_queryStatus_response'];
  return { sim, log, call, authorize, statusOf };
}

async function receiver(answers: (n: number) => string) {
  const r = await startPushReceiver((n) => ({ status: 200, body: answers(n) }));
  cleanups.push(r.close);
  return r;
}

describe('Rong360 simulator: the notice_url push', () => {
  it("posts user_id and status 2 as a form to the login's notice_url once the crawl ends", async () => {
    const notices = await receiver(() => 'success');
    const { authorize, statusOf, log } = await setup({ crawlMs: 150 });
    const started = Date.now();
    const { who, userId, statusId } = await authorize('13800138000', `${notices.origin}/hooks/rong360?lender=1`);
    expect(await statusOf(who, statusId)).toMatchObject({ status: 1, status_desc: '抓取中' });
    await notices.waitFor(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const [push] = notices.received;
    expect(push).toMatchObject({ path: '/hooks/rong360', contentType: 'application/x-www-form-urlencoded' });
    expect(push?.query.get('lender')).toBe('1');
    expect(Object.fromEntries(new URLSearchParams(push?.body))).toEqual({ user_id: userId, status: '2' });
    expect(await statusOf(who, statusId)).toMatchObject({ status: 2, status_desc: '抓取成功' });
    await sleep(100);
    expect(notices.received).toHaveLength(1);
    expect(log).toContain('push /hooks/rong360 attempt 1/3 -> delivered');
  });

  it('tries a receiver that answers fail twice exactly three times, the third succeeding', async () => {
    const notices = await receiver((n) => (n < 3 ? 'fail' : ' success\n'));
    const { authorize, log } = await setup({ crawlMs: 0, push: { delaysMs: [30, 30] } });
    await authorize('13800138000', `${notices.origin}/notice`);
    await notices.waitFor(3);
    await sleep(150);
    expect(notices.received).toHaveLength(3);
    expect(log.filter((line) => line.startsWith('push '))).toEqual([
      'push /notice attempt 1/3 -> answered other than "success"; next attempt in 30 ms',
      'push /notice attempt 2/3 -> answered other than "success"; next attempt in 30 ms',
      'push /notice attempt 3/3 -> delivered',
    ]);
  });

  it('gives up after three attempts when the receiver never acknowledges', async () => {
    const notices = await startPushReceiver(() => ({ status: 500, body: 'success' }));
    cleanups.push(notices.close);
    const { authorize, log } = await setup({ crawlMs: 0, push: { delaysMs: [20] } });
    const { userId } = await authorize('13800138000', `${notices.origin}/notice`);
    await notices.waitFor(3);
    await sleep(200);
    expect(notices.received).toHaveLength(3);
    expect(log.filter((line) => line.startsWith('push ')).at(-1)).toBe('push /notice attempt 3/3 -> HTTP 500; given up');
    expect(log.join('\n')).not.toContain(userId);
  });

  it('sends the push to noticeUrlOverride instead, and none for an unusable notice_url', async () => {
    const override = await receiver(() => 'success');
    let target: string | undefined = `${override.origin}/override`;
    const { authorize, log } = await setup({ crawlMs: 0, noticeUrlOverride: () => target });
    await authorize('13800138000', 'https://lender.example/never');
    await override.waitFor(1);
    expect(override.received[0]?.path).toBe('/override');

    target = undefined;
    await authorize('13800138000', 'ftp://lender.example/notice');
    await sleep(100);
    expect(override.received).toHaveLength(1);
    expect(log).toContain('push not scheduled: not an http(s) URL');
  });

  it('fails the crawl of the crawl-failure number: notice status 3, queryStatus 3, getdata its error', async () => {
    const [failing] = CRAWL_FAILURE_SCENARIOS;
    const notices = await receiver(() => 'success');
    const { authorize, statusOf, call } = await setup({ crawlMs: 0 });
    const { who, userId, statusId } = await authorize(failing.phone, `${notices.origin}/notice`);
    await notices.waitFor(1);
    expect(Object.fromEntries(new URLSearchParams(notices.received[0]?.body))).toEqual({ user_id: userId, status: '3' });
    expect(await statusOf(who, statusId)).toMatchObject({ status: 3, status_desc: '抓取失败' });
    expect(await call('wd.api.mobilephone.getdata', who)).toMatchObject({ error: Number(failing.code) });
  });
});

describe('Rong360 simulator: getdata', () => {
  it('answers an empty data_list while the crawl runs, then the data, under every method name', async () => {
    let clock = Date.parse('2025-03-10T02:00:00Z');
    const { authorize, call } = await setup({ crawlMs: 2000, now: () => clock });
    const { who } = await authorize('13800138000', 'https://lender.example/notice');
    const list = (answer: Json) => (answer['wd_api_mobilephone_getdata_response'] as { data: { data_list: unknown[] } }).data.data_list;
    expect(list(await call('wd.api.mobilephone.getdata', who))).toEqual([]);
    clock += 2000;
    for (const method of ['wd.api.mobilephone.getdata', 'wd.api.mobilephone.getdatav2', 'wd.api.mobile.v4.phone.getdata']) {
      const answer = await call(method, who);
      expect(answer, method).toMatchObject({ error: 200 });
      expect(list(answer).length, method).toBeGreaterThan(0);
    }
  });

  it("answers the vendor's error envelope for a user with no completed login", async () => {
    const { call } = await setup();
    const answer = await call('wd.api.mobilephone.getdata', expectedCommon(randomUUID()));
    expect(answer).toMatchObject({ error: 400, msg: expect.any(String) });
    expect(answer).not.toHaveProperty('wd_api_mobilephone_getdata_response');
  });
});
