import { afterEach, describe, expect, it } from 'vitest';
import { startPushReceiver, sleep } from '../../../test-support/providers/push-receiver';
import type { ReceivedPush } from '../../../test-support/providers/push-receiver';
import { tokenSign } from '../client';
import { parseDianhuaPush } from '../push';
import { CRAWL_FAILURE_SCENARIOS, SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../sandbox';
import { startDianhuaSimulator } from '../simulator';
import type { DianhuaSimulatorOptions } from '../simulator';
import { RecordDataSchema } from '../wire-data';
import { APP_ID, APP_SECRET } from '../../../test-support/providers/dianhua/helpers';

type Json = { status: number; action?: string; msg?: string; data?: Record<string, unknown> };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const jsonOf = (push: ReceivedPush | undefined) => JSON.parse(push?.body ?? 'null') as Record<string, unknown>;

async function receiver(answer: (n: number, push: ReceivedPush) => string = () => 'ok') {
  const r = await startPushReceiver((n, push) => ({ status: 200, body: answer(n, push) }));
  cleanups.push(r.close);
  return r;
}

async function setup(options: Partial<DianhuaSimulatorOptions> = {}) {
  const log: string[] = [];
  const sim = await startDianhuaSimulator({ appId: APP_ID, appSecret: APP_SECRET, log: (line) => log.push(line), ...options });
  cleanups.push(sim.close);
  const time = String(Math.floor(Date.now() / 1000));
  const issued = (await (
    await fetch(`${sim.url}/token?${new URLSearchParams({ appid: APP_ID, sign: tokenSign(APP_ID, APP_SECRET, time), time })}`)
  ).json()) as Json;
  const token = String(issued.data?.['token']);
  const api = (path: string, query: Record<string, string> = {}) => `${sim.url}/${path}?${new URLSearchParams({ token, ...query })}`;
  const post = async (path: string, fields: Record<string, string>) =>
    (await (
      await fetch(api(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) })
    ).json()) as Json;
  const get = async (path: string, query: Record<string, string>) => (await (await fetch(api(path, query))).json()) as Json;
  /** Password login, plus the SMS second verification when the number's flow asks for one. */
  async function authorize(tel: string, uid: string): Promise<string> {
    const sid = String((await post('calls/flow', { tel, uid })).data?.['sid']);
    const login = await post('calls/login', { sid, tel, pin_pwd: SANDBOX_PASSWORD });
    if (login.action !== 'done') expect((await post('calls/verify', { sid, sms_code: SANDBOX_SMS_CODE })).action).toBe('done');
    return sid;
  }
  return { log, get, authorize };
}

describe('Dianhua simulator: pushes', () => {
  it('pushes the auth status at once, then the result and the report status once the crawl ends', async () => {
    const hooks = await receiver();
    const push = {
      authUrl: () => `${hooks.origin}/auth`,
      resultUrl: () => `${hooks.origin}/result`,
      reportUrl: () => `${hooks.origin}/report`,
    };
    const { authorize, get } = await setup({ crawlMs: 300, push });
    const sid = await authorize('15000000100', 'u-1');
    await hooks.waitFor(1);
    expect(hooks.received[0]).toMatchObject({ path: '/auth', contentType: 'application/json' });
    expect(jsonOf(hooks.received[0])).toEqual({ status: 0, tel: '15000000100', uid: 'u-1', sid });
    expect((await get('calls/record', { sid })).status).toBe(3001);
    expect((await get('calls/report', { sid })).status).toBe(3001);

    await hooks.waitFor(3);
    // Result and report fall due together and travel side by side: either may land first, as live.
    expect(hooks.received[0]?.path).toBe('/auth');
    expect(hooks.received.map((p) => p.path).sort()).toEqual(['/auth', '/report', '/result']);
    const result = jsonOf(hooks.received.find((p) => p.path === '/result'));
    expect(result).toMatchObject({ status: 0, msg: 'OK' });
    expect(RecordDataSchema.parse(result['data'])).toMatchObject({ sid, tel: '15000000100', uid: 'u-1' });
    expect(jsonOf(hooks.received.find((p) => p.path === '/report'))).toEqual({ status: 0, sid, tel: '15000000100', uid: 'u-1' });
    expect(hooks.received.every((p) => !p.query.has('yulore_flag'))).toBe(true);
    // The result push carries what calls/record now answers.
    expect(await get('calls/record', { sid })).toEqual({ status: 0, msg: 'OK', data: result['data'] });
  });

  it('appends yulore_flag=auth and =report when both status pushes share a URL, keeping its query', async () => {
    const hooks = await receiver();
    const shared = () => `${hooks.origin}/hooks/dianhua?lender=7`;
    const { authorize } = await setup({ crawlMs: 0, push: { authUrl: shared, reportUrl: shared } });
    await authorize('15000000100', 'u-2');
    await hooks.waitFor(2);
    expect(hooks.received.map((p) => [p.path, p.query.get('lender'), p.query.get('yulore_flag')])).toEqual([
      ['/hooks/dianhua', '7', 'auth'],
      ['/hooks/dianhua', '7', 'report'],
    ]);
  });

  it('encrypts every body with AES when configured, and parseDianhuaPush reads them back', async () => {
    const aes = { key: Buffer.from('0123456789abcdef0123456789abcdef'), iv: Buffer.from('fedcba9876543210') };
    const hooks = await receiver();
    const url = () => `${hooks.origin}/hooks`;
    const { authorize } = await setup({
      crawlMs: 0,
      push: { authUrl: url, reportUrl: url, resultUrl: () => `${hooks.origin}/result`, aes },
    });
    const sid = await authorize('15000000100', 'u-3');
    await hooks.waitFor(3);
    for (const push of hooks.received) {
      expect(push.body).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(push.body).not.toContain(sid);
    }
    const parsed = hooks.received.map((p) => parseDianhuaPush(p.body, { yuloreFlag: p.query.get('yulore_flag'), aes }));
    expect(parsed.map((p) => [p.kind, p.upstreamKey, p.ok])).toEqual([
      ['auth', sid, true],
      ['result', sid, true],
      ['report', sid, true],
    ]);
  });

  it('tries a receiver that answers fail twice exactly three times, and one that never says ok three times only', async () => {
    const flaky = await receiver((n) => (n < 3 ? 'fail' : 'ok'));
    const broken = await startPushReceiver(() => ({ status: 503, body: 'ok' }));
    cleanups.push(broken.close);
    const { authorize, log } = await setup({
      crawlMs: 0,
      push: { authUrl: () => `${flaky.origin}/auth`, reportUrl: () => `${broken.origin}/report`, delaysMs: [25, 25] },
    });
    await authorize('15000000100', 'u-4');
    await Promise.all([flaky.waitFor(3), broken.waitFor(3)]);
    await sleep(200);
    expect(flaky.received).toHaveLength(3);
    expect(broken.received).toHaveLength(3);
    expect(log).toContain('push /auth attempt 3/3 -> delivered');
    expect(log).toContain('push /report attempt 3/3 -> HTTP 503; given up');
    expect(log).toContain('result push skipped: no URL');
  });

  it('fails the crawl of the crawl-failure number: report status 2, no result, calls/record its code', async () => {
    const [failing] = CRAWL_FAILURE_SCENARIOS;
    const hooks = await receiver();
    const push = {
      authUrl: () => `${hooks.origin}/auth`,
      resultUrl: () => `${hooks.origin}/result`,
      reportUrl: () => `${hooks.origin}/report`,
    };
    const { authorize, get } = await setup({ crawlMs: 100, push });
    const sid = await authorize(failing.phone, 'u-5');
    await hooks.waitFor(2);
    await sleep(100);
    expect(hooks.received.map((p) => [p.path, jsonOf(p)['status']])).toEqual([
      ['/auth', 0],
      ['/report', 2],
    ]);
    expect(await get('calls/record', { sid })).toMatchObject({ status: Number(failing.code), msg: '数据生成失败' });
  });
});
