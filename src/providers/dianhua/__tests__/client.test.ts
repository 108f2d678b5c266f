import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../upstream-error';
import { TOKEN_REFRESH_MARGIN_MS, createDianhuaClient, tokenSign } from '../client';
import { formatBeijingTime } from '../wire';
import { APP_ID, APP_SECRET } from '../../../test-support/providers/dianhua/helpers';
import { startFakeUpstream } from '../../../test-support/providers/dianhua/fake-upstream';
import type { Answer, Recorded } from '../../../test-support/providers/dianhua/fake-upstream';

const T0 = Date.parse('2024-05-01T08:00:00.000Z');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const ok = (data: object = {}) => ({ status: 0, action: 'processing', msg: 'OK', data });

/** Hands out token-1, token-2...; `api` answers every other call. */
async function setup(api: (request: Recorded, tokenIndex: number) => Answer = () => ok(), tokenAnswer?: (n: number) => Answer) {
  let clock = T0;
  let issued = 0;
  const upstream = await startFakeUpstream((request) => {
    if (request.path === '/token') {
      issued++;
      return tokenAnswer?.(issued) ?? ok({ token: `token+${issued}/=`, expires: formatBeijingTime(clock + 7200_000) });
    }
    return api(request, Number(/token\+(\d+)/.exec(request.query.get('token') ?? '')?.[1] ?? 0));
  });
  const client = createDianhuaClient(
    { baseUrl: `${upstream.url}/`, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 2_000 },
    { now: () => clock },
  );
  cleanups.push(upstream.close, client.close);
  return { upstream, client, advance: (ms: number) => (clock += ms), tokens: () => upstream.count('/token') };
}

describe('Dianhua client: token', () => {
  it('signs md5(appid + appsecret + time) in lowercase hex', () => {
    expect(tokenSign(APP_ID, APP_SECRET, '1700000000')).toBe('1059db818b55de790541bdc8bb2b41a2');
  });

  it('asks GET /token with appid, sign and unix seconds, never sending the secret itself', async () => {
    const { upstream, client } = await setup();
    await client.get('calls/record', { sid: 'SID1' });
    const token = upstream.requests[0]!;
    expect(token.method).toBe('GET');
    expect(Object.fromEntries(token.query)).toEqual({
      appid: APP_ID,
      sign: tokenSign(APP_ID, APP_SECRET, String(T0 / 1000)),
      time: String(T0 / 1000),
    });
    for (const request of upstream.requests) expect(`${request.rawQuery}${request.body}`).not.toContain(APP_SECRET);
  });

  it('caches the token across calls and refreshes it shortly before expires', async () => {
    const { client, advance, tokens, upstream } = await setup();
    await client.get('calls/record', { sid: 'SID1' });
    await client.postForm('calls/login', { sid: 'SID1' });
    expect(tokens()).toBe(1);
    advance(7200_000 - TOKEN_REFRESH_MARGIN_MS - 1000);
    await client.get('calls/record', { sid: 'SID1' });
    expect(tokens()).toBe(1);
    advance(2000);
    await client.get('calls/record', { sid: 'SID1' });
    expect(tokens()).toBe(2);
    expect(upstream.requests.at(-1)?.query.get('token')).toBe('token+2/=');
  });

  it('shares one refresh among concurrent callers', async () => {
    const clock = T0;
    const upstream = await startFakeUpstream((request) =>
      request.path === '/token'
        ? { body: JSON.stringify(ok({ token: 'shared', expires: formatBeijingTime(clock + 7200_000) })), delayMs: 50 }
        : ok(),
    );
    const client = createDianhuaClient(
      { baseUrl: upstream.url, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 2_000 },
      { now: () => clock },
    );
    cleanups.push(upstream.close, client.close);
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.get('calls/record', { sid: `SID${i}` })));
    expect(upstream.count('/token')).toBe(1);
    expect(upstream.count('/calls/record')).toBe(10);
  });

  it('keeps a token whose expires is unreadable for the usual lifetime', async () => {
    const { client, tokens, advance } = await setup(undefined, (n) => ok({ token: `token+${n}/=`, expires: 'soon' }));
    await client.get('calls/record', { sid: 'SID1' });
    advance(3600_000);
    await client.get('calls/record', { sid: 'SID1' });
    expect(tokens()).toBe(1);
  });

  it('answers with the token endpoint`s refusal (3998) without calling the API', async () => {
    const { client, upstream } = await setup(undefined, () => ({ status: 3998, msg: '无效的 appid' }));
    expect(await client.postForm('calls/flow', { tel: '15000000100' })).toMatchObject({ status: 3998, msg: '无效的 appid' });
    expect(upstream.count('/calls/flow')).toBe(0);
  });
});

describe('Dianhua client: status 4000', () => {
  it('refreshes once and retries once when the token is refused', async () => {
    const { client, upstream, tokens } = await setup((_request, tokenIndex) =>
      tokenIndex === 1 ? { status: 4000, msg: '无效的 token' } : ok({ sid: 'SID2' }),
    );
    const answer = await client.postForm('calls/login', { sid: 'SID1' });
    expect(answer.status).toBe(0);
    expect(tokens()).toBe(2);
    expect(upstream.requests.filter((r) => r.path === '/calls/login').map((r) => r.query.get('token'))).toEqual(['token+1/=', 'token+2/=']);
  });

  it('never loops: a second 4000 is the answer', async () => {
    const { client, upstream, tokens } = await setup(() => ({ status: 4000, msg: '无效的 token' }));
    expect((await client.get('calls/verify/captcha', { sid: 'SID1' })).status).toBe(4000);
    expect(tokens()).toBe(2);
    expect(upstream.count('/calls/verify/captcha')).toBe(2);
  });

  it('shares one refresh among concurrent calls refused with the same token', async () => {
    const { client, tokens } = await setup((request, tokenIndex) =>
      request.path === '/calls/record' && tokenIndex === 1 ? { status: 4000, msg: '无效的 token' } : ok(),
    );
    await client.get('calls/report', { sid: 'SID0' }); // token 1 is cached now
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.get('calls/record', { sid: 'SID1' })));
    expect(answers.every((answer) => answer.status === 0)).toBe(true);
    expect(tokens()).toBe(2);
  });
});

describe('Dianhua client: requests', () => {
  it('URL-encodes the token in the query string of GETs and POSTs', async () => {
    const { client, upstream } = await setup();
    await client.get('calls/verify/captcha', { sid: 'SID1' });
    await client.postForm('calls/login', { sid: 'SID1' });
    await client.postJson('calls/flow', { tel: '15000000100' });
    for (const request of upstream.requests.slice(1)) {
      expect(request.rawQuery).toMatch(/^token=token%2B1%2F%3D(&|$)/);
      expect(request.query.get('token')).toBe('token+1/=');
    }
    expect(upstream.requests[1]?.query.get('sid')).toBe('SID1');
  });

  it('posts form-urlencoded bodies, lists as repeated k[] pairs, and JSON when asked', async () => {
    const { client, upstream } = await setup();
    await client.postForm('forget/pwd', { tid: 'TID1', 'tel_list[]': ['13912345678', '18611112222'] });
    await client.postJson('calls/flow', { tel: '15000000100', user_info: { user_name: '李四' } });
    const [, form, json] = upstream.requests;
    expect(form?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect([...new URLSearchParams(form?.body)]).toEqual([
      ['tid', 'TID1'],
      ['tel_list[]', '13912345678'],
      ['tel_list[]', '18611112222'],
    ]);
    expect(json?.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(json?.body ?? '')).toEqual({ tel: '15000000100', user_info: { user_name: '李四' } });
  });

  it('turns HTTP errors and garbage into UpstreamErrors', async () => {
    const { client } = await setup((request) =>
      request.path === '/calls/login' ? { status: 502, body: '<html>502 Bad Gateway</html>' } : { body: '<html>维护中</html>' },
    );
    const http = await client.postForm('calls/login', {}).catch((error: unknown) => error);
    expect(http).toBeInstanceOf(UpstreamError);
    expect(http).toMatchObject({ failure: 'http', status: 502 });
    expect(await client.get('calls/record', {}).catch((error: unknown) => error)).toMatchObject({ failure: 'invalid' });
  });
});
