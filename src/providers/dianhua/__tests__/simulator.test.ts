import { afterEach, describe, expect, it } from 'vitest';
import { tokenSign } from '../client';
import { CAPTCHA_SEQUENCE, SANDBOX_CONTACTS, SANDBOX_ID_CARD, SANDBOX_NAME, SANDBOX_SMS_CODE } from '../sandbox';
import { sandboxCaptchaAnswer } from '../sandbox-user';
import { parseForm, startDianhuaSimulator } from '../simulator';
import { RecordDataSchema } from '../wire-data';
import { APP_ID, APP_SECRET } from '../../../test-support/providers/dianhua/helpers';

const T0 = Date.parse('2024-05-01T08:00:00.000Z');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

type Json = { status: number; action?: string; msg?: string; data?: Record<string, unknown> };

async function setup(options: { tokenTtlSeconds?: number; freshApplicants?: boolean } = {}) {
  let clock = T0;
  const log: string[] = [];
  const sim = await startDianhuaSimulator({
    appId: APP_ID,
    appSecret: APP_SECRET,
    now: () => clock,
    log: (line) => log.push(line),
    ...options,
  });
  cleanups.push(sim.close);
  const time = () => String(Math.floor(clock / 1000));
  const tokenUrl = (params: Record<string, string>) => `${sim.url}/token?${new URLSearchParams(params)}`;
  const getJson = async (url: string) => (await (await fetch(url)).json()) as Json;
  async function token(): Promise<string> {
    const answer = await getJson(tokenUrl({ appid: APP_ID, sign: tokenSign(APP_ID, APP_SECRET, time()), time: time() }));
    return String(answer.data?.['token']);
  }
  const t = await token();
  const api = (path: string, t2 = t) => `${sim.url}/${path}?${new URLSearchParams({ token: t2 })}`;
  const post = async (path: string, body: string, type = 'application/x-www-form-urlencoded') =>
    (await (await fetch(api(path), { method: 'POST', headers: { 'content-type': type }, body })).json()) as Json;
  const get = (path: string, query: Record<string, string>) => getJson(`${api(path)}&${new URLSearchParams(query)}`);
  return { sim, log, token: t, tokenUrl, getJson, time, api, post, get, advance: (ms: number) => (clock += ms) };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Dianhua simulator: /token', () => {
  it('checks appid, signature and the ±10 minute window', async () => {
    const { tokenUrl, getJson, time } = await setup();
    const sign = (t: string) => tokenSign(APP_ID, APP_SECRET, t);
    expect((await getJson(tokenUrl({ appid: 'other', sign: sign(time()), time: time() }))).status).toBe(3998);
    expect((await getJson(tokenUrl({ appid: APP_ID, sign: tokenSign(APP_ID, 'wrong', time()), time: time() }))).status).toBe(4005);
    const late = String(Number(time()) - 601);
    expect((await getJson(tokenUrl({ appid: APP_ID, sign: sign(late), time: late }))).status).toBe(4005);
    const edge = String(Number(time()) - 599);
    const ok = await getJson(tokenUrl({ appid: APP_ID, sign: sign(edge), time: edge }));
    expect(ok).toMatchObject({ status: 0, data: { expires: '2024-05-01 18:00:00' } });
    expect(String(ok.data?.['token'])).toMatch(/[+/=]/);
    expect((await getJson(tokenUrl({ appid: APP_ID }))).status).toBe(4001);
  });

  it('refuses a token after it expires, and one that was not URL-encoded', async () => {
    const { post, advance, sim, token } = await setup({ tokenTtlSeconds: 60 });
    const unencoded = await fetch(`${sim.url}/calls/flow?token=${token}`, { method: 'POST', body: form({ tel: '15000000100' }) });
    expect(((await unencoded.json()) as Json).status).toBe(4000);
    expect((await post('calls/flow', form({ tel: '15000000100' }))).status).toBe(0);
    advance(60_000);
    expect((await post('calls/flow', form({ tel: '15000000100' }))).status).toBe(4000);
  });

  it('answers 404 for unknown paths and 405 for the wrong method', async () => {
    const { sim, api } = await setup();
    expect((await fetch(`${sim.url}/nope`)).status).toBe(404);
    expect((await fetch(api('calls/flow'))).status).toBe(405);
  });
});

describe('Dianhua simulator: calls/*', () => {
  it('accepts calls/flow as a form or as JSON with user_info and user_contact, and refuses flattened nested data', async () => {
    const { post } = await setup();
    const json = JSON.stringify({
      tel: '15000000100',
      uid: 'u1',
      user_info: { user_name: '李四' },
      user_contact: [{ contact_tel: '13912345678' }],
    });
    expect((await post('calls/flow', json, 'application/json')).status).toBe(0);
    expect((await post('calls/flow', form({ tel: '15000000100', uid: 'u1' }))).status).toBe(0);
    expect((await post('calls/flow', form({ tel: '15000000100', user_contact: '[object Object]' }))).status).toBe(4001);
    expect((await post('calls/flow', form({ tel: '123' }))).status).toBe(4001);
  });

  it('answers with the live quirks: no action, " processing", need_* strings, sms_duration forms', async () => {
    const { post } = await setup();
    const loginSms = await post('calls/flow', form({ tel: '15000000000' }));
    expect(loginSms).not.toHaveProperty('action');
    expect(loginSms).not.toHaveProperty('msg');
    expect(loginSms.data?.['sms_duration']).toBe(120);
    const verify = await post('calls/flow', form({ tel: '15100000001' }));
    expect(verify.action).toBe(' processing');
    expect(verify.data?.['sms_duration']).toBe('');
    expect((await post('calls/flow', form({ tel: '15000000111' }))).data).toMatchObject({
      need_pin_pwd: '1',
      need_full_name: '1',
      need_id_card: '1',
    });
    expect((await post('calls/flow', form({ tel: '18100000431' }))).data).toMatchObject({
      sms_duration: '120',
      verify_notes: '请编辑短信CXXD发送到10001获取验证码',
    });
    expect((await post('calls/flow', form({ tel: '15000000100' }))).data?.['sms_duration']).toBe(0);
  });

  it('draws real PNG captchas in sequence: raw base64 first, data URIs on refresh', async () => {
    const { post, get } = await setup();
    const flow = await post('calls/flow', form({ tel: '15100000005' }));
    const first = String(flow.data?.['captcha_image']);
    expect(Buffer.from(first, 'base64').subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(sandboxCaptchaAnswer(`data:image/png;base64,${first}`)).toBe(CAPTCHA_SEQUENCE[0]);
    const refreshed = await get('calls/verify/captcha', { sid: String(flow.data?.['sid']) });
    expect(String(refreshed.data?.['captcha_image'])).toMatch(/^data:image\/png;base64,/);
    expect(sandboxCaptchaAnswer(String(refreshed.data?.['captcha_image']))).toBe(CAPTCHA_SEQUENCE[1]);
  });

  it('locks calls/verify/sms while the last code is fresh (a leaked 4999)', async () => {
    const { post, get, advance } = await setup();
    const sid = String((await post('calls/flow', form({ tel: '15100000001' }))).data?.['sid']);
    expect((await post('calls/login', form({ sid, tel: '15100000001', pin_pwd: '123456' }))).data).toMatchObject({ sms_duration: '60' });
    expect((await get('calls/verify/sms', { sid })).status).toBe(4999);
    advance(60_000);
    expect(await get('calls/verify/sms', { sid })).toMatchObject({ status: 0, data: { sms_duration: 60 } });
    expect((await post('calls/verify', form({ sid, sms_code: SANDBOX_SMS_CODE }))).action).toBe('done');
    expect((await post('calls/login', form({ sid, tel: '15100000001' }))).status).toBe(4001);
    expect((await get('calls/verify/captcha', { sid: 'SIDnope' })).status).toBe(4016);
  });

  it('serves record, report, cuishou and itag data shaped like the document once authorized', async () => {
    const { post, get } = await setup();
    const sid = String((await post('calls/flow', form({ tel: '15000000100', uid: 'u7' }))).data?.['sid']);
    expect((await get('calls/record', { sid })).status).toBe(3001);
    await post('calls/login', form({ sid, tel: '15000000100', pin_pwd: '123456' }));
    const record = RecordDataSchema.parse((await get('calls/record', { sid })).data);
    expect(record).toMatchObject({ sid, tel: '15000000100', uid: 'u7' });
    expect(record.call_log.length).toBeGreaterThan(0);
    expect(Object.keys((await get('calls/report', { sid })).data ?? {})).toEqual(
      expect.arrayContaining(['calls_overview', 'calls_sa_by_times', 'cuishou_risk_detection']),
    );
    // §16.5: the score answers under its own id, naming the crawl's sid as the uid it was computed under.
    const score = (await get('cuishou', { sid })).data;
    expect(score).toMatchObject({ uid: sid, overview: { dunning: { call_total_times: '0' } } });
    expect(score?.['sid']).toMatch(/^[0-9a-f]{32}$/);
    const tags = (await get('itag', { sid })).data;
    expect(tags?.['tags']).toHaveProperty('10010');
    expect(tags?.['sid']).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('Dianhua simulator: forget/pwd', () => {
  it('walks the flags, accepting tel_list as form pairs or JSON, and changes the password', async () => {
    const { post } = await setup();
    const first = await post('forget/pwd', form({ tel: '15200000004', user_name: SANDBOX_NAME, user_id: SANDBOX_ID_CARD }));
    expect(first).toMatchObject({ status: 0, action: 'processing', data: { sms_duration: 120, need_contacts: 0, need_new_pwd: 0 } });
    const tid = String(first.data?.['tid']);
    expect((await post('forget/pwd', form({ tid, sms_code: SANDBOX_SMS_CODE }))).data).toMatchObject({ tid, need_contacts: 1 });
    const one = new URLSearchParams([
      ['tid', tid],
      ['tel_list[]', SANDBOX_CONTACTS[0]],
    ]).toString();
    expect((await post('forget/pwd', one)).status).toBe(30006);
    const contacts = JSON.stringify({ tid, tel_list: [SANDBOX_CONTACTS[0], SANDBOX_CONTACTS[2]] });
    expect((await post('forget/pwd', contacts, 'application/json')).data).toMatchObject({ need_new_pwd: 1, need_contacts: 0 });
    expect((await post('forget/pwd', form({ tid, new_pwd: '1234567' }))).status).toBe(30003);
    expect((await post('forget/pwd', form({ tid, new_pwd: '123456' }))).status).toBe(30004); // the current one
    expect((await post('forget/pwd', form({ tid, new_pwd: '111111' }))).status).toBe(30005);
    expect((await post('forget/pwd', form({ tid, new_pwd: '36a024' }))).status).toBe(30008);
    expect(await post('forget/pwd', form({ tid, new_pwd: '368024' }))).toMatchObject({ status: 0, action: 'done' });
    const sid = String((await post('calls/flow', form({ tel: '15200000004' }))).data?.['sid']);
    expect((await post('calls/login', form({ sid, tel: '15200000004', pin_pwd: '123456' }))).status).toBe(4012);
    expect((await post('calls/login', form({ sid, tel: '15200000004', pin_pwd: '368024' }))).status).toBe(0);
  });

  it('keeps a recovered password and a shown recovery error, unless each new applicant finds the number fresh (demo replays)', async () => {
    type Post = Awaited<ReturnType<typeof setup>>['post'];
    const tel = '15200000004';
    const flow = async (post: Post, uid: string, number = tel) =>
      String((await post('calls/flow', form({ tel: number, uid }))).data?.['sid']);
    const login = async (post: Post, uid: string, password: string) =>
      (await post('calls/login', form({ sid: await flow(post, uid), tel, pin_pwd: password }))).status;
    const recover = async (post: Post) => {
      const tid = String((await post('forget/pwd', form({ tel, user_name: SANDBOX_NAME, user_id: SANDBOX_ID_CARD }))).data?.['tid']);
      await post('forget/pwd', form({ tid, sms_code: SANDBOX_SMS_CODE }));
      await post('forget/pwd', JSON.stringify({ tid, tel_list: [SANDBOX_CONTACTS[0], SANDBOX_CONTACTS[2]] }), 'application/json');
      return (await post('forget/pwd', form({ tid, new_pwd: '368024' }))).status;
    };
    /** 15300030010 plays 30010 once, at the identity step of a recovery. */
    const identityError = async (post: Post, uid: string) => {
      await flow(post, uid, '15300030010');
      return (await post('forget/pwd', form({ tel: '15300030010', user_name: SANDBOX_NAME, user_id: SANDBOX_ID_CARD }))).status;
    };

    const live = await setup();
    await flow(live.post, 'applicant-1');
    expect(await recover(live.post)).toBe(0);
    expect(await login(live.post, 'applicant-2', '123456')).toBe(4012); // the recovered password lasts
    expect(await recover(live.post)).toBe(30004); // 368024 is now the current password
    expect(await identityError(live.post, 'applicant-1')).toBe(30010);
    expect(await identityError(live.post, 'applicant-2')).toBe(0); // shown once per number

    const demo = await setup({ freshApplicants: true });
    await flow(demo.post, 'applicant-1');
    expect(await recover(demo.post)).toBe(0);
    // The same applicant back from recovery (a fresh calls/flow, same uid) logs in with the new password.
    expect(await login(demo.post, 'applicant-1', '368024')).toBe(0);
    // A new applicant of the number plays it from the start: the sandbox password, and a recovery again.
    expect(await login(demo.post, 'applicant-2', '368024')).toBe(4012);
    expect(await login(demo.post, 'applicant-2', '123456')).toBe(0);
    expect(await recover(demo.post)).toBe(0);
    expect(await identityError(demo.post, 'applicant-1')).toBe(30010);
    expect(await identityError(demo.post, 'applicant-1')).toBe(0); // the same applicant corrected it
    expect(await identityError(demo.post, 'applicant-2')).toBe(30010);
  });

  it('refuses a wrong identity (4010) and missing fields (4001)', async () => {
    const { post } = await setup();
    expect((await post('forget/pwd', form({ tel: '15200000001', user_name: SANDBOX_NAME, user_id: '110105194912310021' }))).status).toBe(
      4010,
    );
    expect((await post('forget/pwd', form({ tel: '15200000001' }))).status).toBe(4001);
  });
});

describe('Dianhua simulator: hygiene', () => {
  it('parses PHP-style form arrays and objects', () => {
    expect(parseForm('a=1&l[]=x&l[]=y&n[0]=z&o[k]=v')).toEqual({ a: '1', l: ['x', 'y'], n: ['z'], o: { k: 'v' } });
  });

  it('logs masked phones only, never tokens, sids or secrets', async () => {
    const { post, log, token } = await setup();
    const flow = await post('calls/flow', form({ tel: '15000000100' }));
    await post('calls/login', form({ sid: String(flow.data?.['sid']), tel: '15000000100', pin_pwd: '123456' }));
    const text = log.join('\n');
    expect(log.length).toBeGreaterThanOrEqual(3);
    for (const secret of ['15000000100', token, String(flow.data?.['sid']), APP_SECRET, '123456']) expect(text).not.toContain(secret);
  });
});
